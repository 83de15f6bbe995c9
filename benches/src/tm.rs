//! Setup for the translation-memory benchmark (`tm_report`): the memories and
//! queries that `benches/fetch-gettext.sh` and `benches/make-tm-data.py` write
//! into `bench-data/tm/`, and the units crosscut is given.

use std::path::{Path, PathBuf};

use crosscut::{MemoryBuilder, Segment, Unit, Variant};

/// Where the memories and queries are read from unless `CROSSCUT_BENCH_TM` says otherwise.
pub const DEFAULT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../bench-data/tm");

/// The data directory: `CROSSCUT_BENCH_TM`, or [`DEFAULT_DIR`].
pub fn data_dir() -> PathBuf {
    std::env::var_os("CROSSCUT_BENCH_TM").map_or_else(|| PathBuf::from(DEFAULT_DIR), PathBuf::from)
}

/// One query: the perturbed text, the line (unit id) it was made from, and that unit's source.
#[derive(Debug, Clone)]
pub struct Query {
    /// The query text.
    pub text: String,
    /// Line number (from 0) of the true unit in the memory file.
    pub unit: u32,
    /// The true unit's source text.
    pub source: String,
}

/// Reads `source TAB target` lines.
///
/// # Errors
/// The file cannot be read.
pub fn load_pairs(path: &Path) -> std::io::Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path)?;
    Ok(text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(s, t)| (s.to_string(), t.to_string()))
        .collect())
}

/// Reads `query TAB line TAB source` lines.
///
/// # Errors
/// The file cannot be read.
pub fn load_queries(path: &Path) -> std::io::Result<Vec<Query>> {
    let text = std::fs::read_to_string(path)?;
    Ok(text
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let text = f.next()?.to_string();
            let unit = f.next()?.parse().ok()?;
            let source = f.next()?.to_string();
            Some(Query { text, unit, source })
        })
        .collect())
}

/// The unit for one pair: an `en` source and an `fr` target, plain text.
pub fn unit(source: &str, target: &str) -> Unit {
    Unit {
        source: Variant::new("en", Segment::text(source)),
        targets: vec![Variant::new("fr", Segment::text(target))],
        ..Unit::default()
    }
}

/// A builder holding every pair, added in order (unit id = line number).
///
/// # Errors
/// A unit is rejected by [`MemoryBuilder::add`].
pub fn builder(pairs: &[(String, String)]) -> crosscut::Result<MemoryBuilder> {
    let mut b = MemoryBuilder::new();
    for (s, t) in pairs {
        b.add(unit(s, t))?;
    }
    Ok(b)
}
