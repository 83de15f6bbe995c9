//! crosscut: a cultural glossary and translation memory compiled into one
//! zero-copy `fst` artifact.
#![deny(missing_docs)]

pub mod artifact;
pub mod compile;
pub mod error;
pub mod glossary;
pub mod lang;
pub mod lookup;
pub mod model;
pub mod normalize;
pub mod sources;

pub use compile::GlossaryBuilder;
pub use error::{Error, ErrorClass, ErrorKind, Format, Location, Result, Warning};
pub use glossary::{Glossary, Info};
pub use lang::Lang;
pub use lookup::{Hit, LookupOptions, MatchMode};
pub use model::{Closeness, Concept, Equivalent, Idiom, Register, Sensitivity, SensitivityLevel, Status, Term};
pub use normalize::{Normalization, NormalizedText};
