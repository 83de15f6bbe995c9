//! Sources: reading interchange files into the [model](crate::model) and writing them back.
//!
//! Every reader takes bytes and a source name (for error locations) and returns
//! [`Imported`]: the concepts it read and the [`Warning`]s for anything it could
//! not represent. Readers never see an artifact; the compiler never sees a file
//! format.

use std::sync::Arc;

use crate::error::Warning;
use crate::model::Concept;

pub mod csv;
pub mod pairs;
pub mod tbx;
pub mod text;
pub mod tmx;
pub mod toml;
pub mod xml;

/// What an importer read: concepts, plus a warning for everything it skipped or repaired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// The concepts, in source order.
    pub concepts: Vec<Concept>,
    /// Data the model cannot hold, or repairs made, each with its location.
    pub warnings: Vec<Warning>,
    /// Where each concept and its terms stand in the source, parallel to
    /// `concepts` (empty when the reader does not track positions).
    pub locations: Vec<ConceptLocation>,
}

/// Where a concept and each of its terms stand in a source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConceptLocation {
    /// The concept (its `[[concept]]` table or entry element).
    pub concept: crate::Location,
    /// Each term, in the order of the concept's terms.
    pub terms: Vec<crate::Location>,
}

/// A source name for locations: `Some("client.tbx")`.
pub type SourceName = Option<Arc<str>>;

/// The glossary source formats crosscut reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SourceFormat {
    /// crosscut's TOML format (`.toml`).
    Toml,
    /// Comma- (or semicolon-) separated values (`.csv`); the delimiter is detected.
    Csv,
    /// Tab-separated values (`.tsv`, `.tab`).
    Tsv,
    /// TermBase eXchange: TBX v2 (`martif`), v3 (`tbx`) and TBX-Min (`.tbx`).
    Tbx,
}

impl SourceFormat {
    /// The format named by `name` (`toml`, `csv`, `tsv`, `tab`, `tbx`).
    pub fn from_name(name: &str) -> Option<SourceFormat> {
        match name.to_ascii_lowercase().as_str() {
            "toml" => Some(SourceFormat::Toml),
            "csv" => Some(SourceFormat::Csv),
            "tsv" | "tab" => Some(SourceFormat::Tsv),
            "tbx" => Some(SourceFormat::Tbx),
            _ => None,
        }
    }

    /// The format implied by a file name's extension.
    pub fn from_path(path: &str) -> Option<SourceFormat> {
        let ext = path.rsplit_once('.').map(|(_, e)| e)?;
        SourceFormat::from_name(ext)
    }

    /// The names accepted by [`from_name`](Self::from_name).
    pub const NAMES: &'static str = "toml, csv, tsv, tbx";
}

/// Options for readers that need them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// CSV/TSV options (column mapping, languages of headerless files, separators).
    pub csv: csv::CsvOptions,
    /// Limits of the XML (TBX) reader a very large termbase may need to raise.
    pub xml: xml::XmlLimits,
}

/// Reads a glossary source of any supported format.
///
/// # Errors
/// The format reader's errors, located in `source`.
pub fn read(bytes: &[u8], source: &SourceName, format: SourceFormat, options: &ReadOptions) -> crate::Result<Imported> {
    let result = match format {
        SourceFormat::Toml => toml::read_toml(bytes, source),
        SourceFormat::Tbx => tbx::read_tbx_with(bytes, source, &options.xml),
        SourceFormat::Csv => csv::read_csv(bytes, source, &options.csv),
        SourceFormat::Tsv => {
            let opts = csv::CsvOptions { delimiter: Some(b'\t'), ..options.csv.clone() };
            csv::read_csv(bytes, source, &opts)
        }
    };
    let imported = result.map_err(|e| match source {
        Some(s) => e.in_source(s),
        None => e,
    })?;
    check_term_lengths(&imported, source)?;
    Ok(imported)
}

/// Refuses a term past [`crate::compile::MAX_TERM_LEN`] where it stands in the
/// source, rather than later, when it is compiled, without a line.
fn check_term_lengths(imported: &Imported, source: &SourceName) -> crate::Result<()> {
    let max = crate::compile::MAX_TERM_LEN;
    for (i, concept) in imported.concepts.iter().enumerate() {
        for (j, term) in concept.terms.iter().enumerate() {
            if term.text.len() > max {
                let location = imported.locations.get(i).and_then(|l| l.terms.get(j).or(Some(&l.concept)));
                let what = format!("concept {:?}: term length in bytes ({})", concept.id, term.text.len());
                let e = crate::Error::limit(what, max as u64);
                return Err(match (location, source) {
                    (Some(l), _) => e.at(l.clone()),
                    (None, Some(s)) => e.in_source(s),
                    (None, None) => e,
                });
            }
        }
    }
    Ok(())
}
