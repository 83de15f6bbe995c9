//! Sources: reading interchange files into the [model](crate::model) and writing them back.
//!
//! Every reader takes bytes and a source name (for error locations) and returns
//! [`Imported`]: the concepts it read and the [`Warning`]s for anything it could
//! not represent. Readers never see an artifact; the compiler never sees a file
//! format.

use std::sync::Arc;

use crate::error::Warning;
use crate::model::Concept;

pub mod tbx;
pub mod text;
pub mod xml;

/// What an importer read: concepts, plus a warning for everything it skipped or repaired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// The concepts, in source order.
    pub concepts: Vec<Concept>,
    /// Data the model cannot hold, or repairs made, each with its location.
    pub warnings: Vec<Warning>,
}

/// A source name for locations: `Some("client.tbx")`.
pub type SourceName = Option<Arc<str>>;
