//! Plain translation pairs in TSV or CSV: one unit per row, source then target.
//!
//! [`read_pairs`] reads two columns: TSV is split on tabs with no quoting (a
//! tab or line break cannot occur inside a cell), CSV uses RFC 4180 quoting.
//! UTF-8 (with or without a byte order mark) and UTF-16 with a byte order mark
//! are accepted. A first row whose two cells are the source and target language
//! tags is a header and skipped. Blank rows are skipped; rows with one cell, an
//! empty cell or more than two cells are reported and skipped. Inline codes do
//! not exist in this format: a segment is plain text.
//!
//! [`write_pairs`] writes each unit's source with its first target in the chosen
//! language, as plain text (codes rendered as placeholders, see
//! [`Segment::plain`]).

use crate::error::{Error, Format, Location, Result, Warning};
use crate::lang::Lang;
use crate::sources::text::decode_unicode;
use crate::sources::tmx::ImportedUnits;
use crate::sources::SourceName;
use crate::tm_model::{Origin, Segment, Unit, Variant};

/// How to read pairs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairOptions {
    /// Language of the first column.
    pub src: String,
    /// Language of the second column.
    pub tgt: String,
    /// `b'\t'` (TSV) or `b','`/`b';'` (CSV).
    pub delimiter: u8,
}

impl PairOptions {
    /// TSV pairs from `src` to `tgt`.
    pub fn tsv(src: impl Into<String>, tgt: impl Into<String>) -> PairOptions {
        PairOptions { src: src.into(), tgt: tgt.into(), delimiter: b'\t' }
    }

    /// CSV pairs from `src` to `tgt`.
    pub fn csv(src: impl Into<String>, tgt: impl Into<String>) -> PairOptions {
        PairOptions { src: src.into(), tgt: tgt.into(), delimiter: b',' }
    }
}

/// Reads TSV or CSV pairs into units.
///
/// # Errors
/// `lang.invalid` for a bad language tag, `csv.encoding` for invalid bytes,
/// `csv.syntax` for broken CSV quoting.
///
/// # Example
/// ```
/// use crosscut::sources::pairs::{read_pairs, PairOptions};
/// let read = read_pairs(b"en\tfr\nCut!\tCoupez !\n", &None, &PairOptions::tsv("en", "fr"))?;
/// assert_eq!(read.units.len(), 1);
/// assert_eq!(read.units[0].targets[0].segment.plain(), "Coupez !");
/// # Ok::<(), crosscut::Error>(())
/// ```
pub fn read_pairs(bytes: &[u8], source: &SourceName, options: &PairOptions) -> Result<ImportedUnits> {
    let src = Lang::parse(&options.src)?;
    let tgt = Lang::parse(&options.tgt)?;
    let text = decode_unicode(bytes, Format::Csv, source)?;
    let file = source.as_deref().map(|s| s.rsplit(['/', '\\']).next().unwrap_or(s).to_string());
    let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
    if options.delimiter == b'\t' {
        for (i, line) in text.lines().enumerate() {
            rows.push((i as u64 + 1, line.split('\t').map(str::to_string).collect()));
        }
    } else {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(options.delimiter)
            .from_reader(text.as_bytes());
        for record in reader.records() {
            let record = record.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                Error::syntax(Format::Csv, e.to_string()).at(Location::new(source.clone(), line, 0))
            })?;
            let line = record.position().map_or(0, |p| p.line());
            rows.push((line, record.iter().map(str::to_string).collect()));
        }
    }
    let mut out = ImportedUnits::default();
    for (n, (line, cells)) in rows.into_iter().enumerate() {
        let at = Location::new(source.clone(), line, 1);
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let (a, b) = match cells.as_slice() {
            [a, b] => (a.trim(), b.trim()),
            _ => {
                let message = format!("a row needs 2 cells (source, target), this one has {}: skipped", cells.len());
                out.warnings.push(Warning { location: at, message });
                continue;
            }
        };
        if n == 0 && Lang::parse(a).ok().as_ref() == Some(&src) && Lang::parse(b).ok().as_ref() == Some(&tgt) {
            continue;
        }
        if a.is_empty() || b.is_empty() {
            out.warnings.push(Warning { location: at, message: "a row with an empty cell is skipped".into() });
            continue;
        }
        out.units.push(Unit {
            source: Variant::new(src.as_str(), Segment::text(a)),
            targets: vec![Variant::new(tgt.as_str(), Segment::text(b))],
            origin: Origin { file: file.clone(), project: None },
            ..Unit::default()
        });
    }
    Ok(out)
}

/// Writes each unit's source and its first target in `tgt` (or its first target
/// when `tgt` is `None`) as two-column TSV (`delimiter == b'\t'`) or CSV.
///
/// In TSV, tabs and line breaks inside a segment become spaces (the format
/// cannot hold them); CSV quotes them.
///
/// # Errors
/// `lang.invalid` for a bad `tgt`.
pub fn write_pairs(units: &[Unit], tgt: Option<&str>, delimiter: u8) -> Result<String> {
    let tgt = tgt.map(Lang::parse).transpose()?;
    let mut out = String::new();
    let mut csv_out = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
    for u in units {
        let target = u.targets.iter().find(|t| match &tgt {
            None => true,
            Some(l) => Lang::parse(&t.lang).ok().and_then(|tl| l.match_rank(&tl)).is_some(),
        });
        let Some(target) = target else { continue };
        let (a, b) = (u.source.segment.plain(), target.segment.plain());
        if delimiter == b'\t' {
            let clean = |s: &str| s.replace(['\t', '\n', '\r'], " ");
            out.push_str(&clean(&a));
            out.push('\t');
            out.push_str(&clean(&b));
            out.push('\n');
        } else {
            csv_out.write_record([a.as_str(), b.as_str()]).map_err(|e| Error::from(std::io::Error::other(e.to_string())))?;
        }
    }
    if delimiter != b'\t' {
        let bytes = csv_out.into_inner().map_err(|e| Error::from(std::io::Error::other(e.to_string())))?;
        out = String::from_utf8_lossy(&bytes).into_owned();
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn tsv_and_csv_round_trip() {
        let tsv = "Hello\tBonjour\n\nOne\ttwo\tthree\nGood night\tBonne nuit\n";
        let r = read_pairs(tsv.as_bytes(), &Some("p.tsv".into()), &PairOptions::tsv("en", "fr")).unwrap();
        assert_eq!(r.units.len(), 2);
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].location.line, 3);
        let back = write_pairs(&r.units, Some("fr"), b'\t').unwrap();
        assert_eq!(back, "Hello\tBonjour\nGood night\tBonne nuit\n");
        let again = read_pairs(back.as_bytes(), &Some("p.tsv".into()), &PairOptions::tsv("en", "fr")).unwrap();
        assert_eq!(again.units, r.units);

        let csv = "en,fr\n\"Yes, sir\",\"Oui, monsieur\"\n";
        let r = read_pairs(csv.as_bytes(), &None, &PairOptions::csv("en", "fr")).unwrap();
        assert_eq!(r.units.len(), 1, "the header row is skipped");
        assert_eq!(r.units[0].source.segment.plain(), "Yes, sir");
        let back = write_pairs(&r.units, None, b',').unwrap();
        assert_eq!(read_pairs(back.as_bytes(), &None, &PairOptions::csv("en", "fr")).unwrap().units, r.units);
    }

    #[test]
    fn utf16_and_bad_bytes() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a\tb\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(read_pairs(&bytes, &None, &PairOptions::tsv("en", "de")).unwrap().units.len(), 1);
        let e = read_pairs(b"caf\xE9\tx", &None, &PairOptions::tsv("en", "fr")).unwrap_err();
        assert_eq!(e.code(), "csv.encoding");
        assert_eq!(read_pairs(b"a\tb", &None, &PairOptions::tsv("en!", "fr")).unwrap_err().code(), "lang.invalid");
    }
}
