//! crosscut: a cultural glossary and translation memory compiled into one
//! zero-copy `fst` artifact.
#![deny(missing_docs)]

pub mod error;
pub mod lang;
pub mod model;
pub mod sources;

pub use error::{Error, ErrorClass, ErrorKind, Format, Location, Result, Warning};
pub use lang::Lang;
pub use model::{Closeness, Concept, Equivalent, Idiom, Register, Sensitivity, SensitivityLevel, Status, Term};
