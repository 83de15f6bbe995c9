//! crosscut: a cultural glossary and translation memory for film localization,
//! compiled into one zero-copy artifact built on `fst` lookup tables.
//!
//! # Data flow
//!
//! ```text
//! sources (TOML, CSV/TSV, TBX)  --read-->  model (Concept, Term)
//!        --GlossaryBuilder::build-->  artifact bytes (header, fst maps, records, CRC)
//!        --Glossary::from_bytes / open-->  lookup (exact, prefix, fuzzy, regex)
//! ```
//!
//! | module | role |
//! |---|---|
//! | [`sources`] | readers and writers of interchange formats; never see an artifact |
//! | [`model`] | the concept model (TBX-aligned), plain data |
//! | [`tm`] | [`Memory`] and [`MemoryBuilder`]: fuzzy search, concordance, delta, save |
//! | [`tm_model`] | the translation-memory model: units, segments, inline codes |
//! | [`tm_score`] | fuzzy-match scoring (`docs/tm-scoring.md`): tokens, bands, diffs, repairs |
//! | [`tm_shard`] | [`ShardedMemory`]: one memory split over several artifacts |
//! | [`lang`] | BCP 47 tags, canonical form, locale fallback |
//! | [`normalize`] | the matching key, shared by compile and query |
//! | [`compile`] | [`GlossaryBuilder`]: model → artifact bytes |
//! | [`artifact`] | the container: layout, validation, atomic writes; [`Artifact`] opens any kind |
//! | [`glossary`] | [`Glossary`]: an opened artifact |
//! | [`lookup`] | term lookup in all its modes |
//! | [`annotate`] | term recognition in running text |
//! | [`check`] | terminology and subtitle QA of a translated subtitle file |
//! | [`pretranslate`] | fill a target subtitle file from a memory |
//! | [`align`] | source and target subtitles → memory units |
//! | [`lint`] | checks that keep a hand-edited glossary honest |
//! | [`span`] | offsets in bytes, UTF-16 units and code points |
//! | [`stem`] | Snowball stems for inflection-tolerant matching |
//! | [`subtitle`] | SRT and WebVTT: read leniently, write canonically, plain text for matching |
//! | [`error`] | [`Error`] with a stable code, a class and a location |
//!
//! # Example
//!
//! ```
//! use crosscut::sources::toml::read_toml;
//! use crosscut::{Glossary, GlossaryBuilder, LookupOptions, MatchMode};
//!
//! let source = r#"
//! [[concept]]
//! id = "kinship.elder-brother"
//! cultural_note = "Chinese and Japanese name the elder brother with his own word."
//! [concept.terms]
//! en = "elder brother"
//! zh-Hans = "哥哥"
//! ja = [{ text = "兄" }, { text = "お兄さん", register = "formal" }]
//! "#;
//! let mut builder = GlossaryBuilder::new();
//! builder.add_imported(read_toml(source.as_bytes(), &Some("kinship.toml".into()))?)?;
//! let bytes = builder.build()?;
//!
//! let glossary = Glossary::from_bytes(bytes)?;
//! let hits = glossary.lookup("Elder Brother", &LookupOptions::new("en").to(["ja"]))?;
//! assert_eq!(hits[0].translations[0].text, "兄");
//! assert!(hits[0].concept.cultural_note.is_some());
//!
//! let fuzzy = glossary.lookup("elder brothr", &LookupOptions::new("en").mode(MatchMode::Fuzzy(1)))?;
//! assert_eq!(fuzzy[0].distance, 1);
//! # Ok::<(), crosscut::Error>(())
//! ```
//!
//! # Features
//!
//! - `fs` (default): [`Glossary::open`] by memory map and atomic file writes. Off
//!   for WebAssembly.
//! - `regex-unicode` (default): every Unicode class in regex lookups (`\p{Han}`,
//!   `\p{Lu}`…), about 220 KB of tables. Without it regexes keep Unicode case
//!   folding and `\w` `\d` `\s`, and a `\p{…}` class is refused. Off for
//!   WebAssembly, to keep the npm package small.
//!
//! # Quirks and non-features
//!
//! - Fuzzy distance is at most 2 ([`lookup::MAX_FUZZY_DISTANCE`]); regexes match
//!   normalized (case-folded) keys.
//! - [`Glossary::from_bytes_unverified`] trusts its input; see its docs.
#![deny(missing_docs)]

pub mod align;
pub mod annotate;
pub mod artifact;
pub mod check;
mod checksum;
#[cfg(any(test, feature = "small-code"))]
mod compact_unicode;
pub mod compile;
pub mod error;
pub mod glossary;
pub mod lang;
pub mod lint;
pub mod lookup;
pub mod model;
pub mod normalize;
pub mod pretranslate;
pub mod sources;
pub mod span;
pub mod stem;
pub mod subtitle;
pub mod tm;
pub mod tm_model;
pub mod tm_score;
pub mod tm_shard;
mod sort;
mod words;

pub use annotate::{AnnotateOptions, Annotation, MatchKind, TermSpan};
pub use artifact::Artifact;
pub use compile::GlossaryBuilder;
pub use error::{Error, ErrorClass, ErrorKind, Format, Location, Result, Warning};
pub use glossary::{Glossary, Info};
pub use lang::Lang;
pub use lookup::{Hit, LookupOptions, MatchMode};
pub use model::{Closeness, Concept, Equivalent, Idiom, Register, Sensitivity, SensitivityLevel, Status, Term};
pub use normalize::{Normalization, NormalizedText};
pub use span::Span;
pub use tm::{ConcordanceHit, ConcordanceOptions, Memory, MemoryBuilder, MemoryInfo, SearchOptions, TmMatch};
pub use tm_score::{Band, DiffOp, DiffPart};
pub use tm_shard::ShardedMemory;
pub use tm_model::{Code, Context, Origin, Prop, Segment, SegmentPiece, Tag, TagKind, Unit, Variant};

/// The README's Rust examples compile and pass.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
