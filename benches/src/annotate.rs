//! Setup of the term-recognition benchmark: the prose, the term sets and the
//! measured matchers (crosscut `annotate`, and `aho-corasick` with a word
//! boundary filter as the raw bound).
//!
//! Term sets: English headwords first (the first fields of the
//! `freedict-eng-*` indexes that `fetch-freedict.sh` unpacked, intersected with
//! the key set), shuffled with a fixed seed, then every other key, shuffled
//! with the same generator. A set of size N is the first N of that order, so
//! the sets are nested (10k ⊂ 100k ⊂ 500k).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use crosscut::{AnnotateOptions, Glossary, GlossaryBuilder};

use crate::{concept, keys_path, Rng, SEED};

/// Where the prose is read from unless `CROSSCUT_BENCH_PROSE` says otherwise.
pub const DEFAULT_PROSE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../bench-data/prose.txt");

/// Term-set sizes.
pub const SIZES: [usize; 3] = [10_000, 100_000, 500_000];

/// The prose file: `CROSSCUT_BENCH_PROSE`, or [`DEFAULT_PROSE`].
pub fn prose_path() -> PathBuf {
    std::env::var_os("CROSSCUT_BENCH_PROSE").map_or_else(|| PathBuf::from(DEFAULT_PROSE), PathBuf::from)
}

/// The lines of `prose` to annotate: all of them, or those within the first
/// `CROSSCUT_ANNOTATE_MAX_BYTES` bytes.
pub fn prose_lines(prose: &str) -> Vec<&str> {
    let max = std::env::var("CROSSCUT_ANNOTATE_MAX_BYTES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok());
    lines_within(prose, max)
}

/// The whole lines of `prose` within its first `max` bytes (each counted with
/// its line break), or all of them.
pub fn lines_within(prose: &str, max: Option<usize>) -> Vec<&str> {
    let mut total = 0;
    prose
        .lines()
        .take_while(|l| {
            total += l.len() + 1;
            max.is_none_or(|m| total <= m)
        })
        .collect()
}

/// The prose, or `None` (after saying how to fetch it) when missing.
///
/// # Errors
/// The file exists but cannot be read.
pub fn load_prose() -> std::io::Result<Option<String>> {
    let path = prose_path();
    if !path.exists() {
        eprintln!(
            "crosscut-benches: no prose at {}\nBuild it (Debian package descriptions) with:\n    \
             benches/fetch-prose.sh\nor point CROSSCUT_BENCH_PROSE at a UTF-8 text file. Nothing measured.",
            path.display()
        );
        return Ok(None);
    }
    std::fs::read_to_string(path).map(Some)
}

/// English headwords of the FreeDict `eng-*` indexes next to the key set
/// (`extract/usr/share/dictd/freedict-eng-*.index`), filtered as
/// `fetch-freedict.sh` filters keys.
fn english_headwords(dir: &Path) -> std::io::Result<HashSet<String>> {
    let dictd = dir.join("extract/usr/share/dictd");
    let mut out = HashSet::new();
    for entry in std::fs::read_dir(&dictd)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if !(name.starts_with("freedict-eng-") && name.ends_with(".index")) {
            continue;
        }
        for line in std::fs::read_to_string(&path)?.lines() {
            let head = line.split('\t').next().unwrap_or_default().replace('\r', "");
            if head.trim().is_empty() || head.starts_with("00database") || head.starts_with("00-database") {
                continue;
            }
            out.insert(head);
        }
    }
    Ok(out)
}

fn shuffle<T>(v: &mut [T], rng: &mut Rng) {
    for i in (1..v.len()).rev() {
        v.swap(i, rng.below(i + 1));
    }
}

/// The key set in term-set order (see the module docs), and how many of the
/// keys are English headwords.
///
/// # Errors
/// The FreeDict indexes cannot be read.
pub fn term_order(keys: &[String]) -> std::io::Result<(Vec<String>, usize)> {
    let dir = keys_path()
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let english = english_headwords(&dir)?;
    let (mut eng, mut other): (Vec<String>, Vec<String>) = keys.iter().cloned().partition(|k| english.contains(k));
    eng.sort_unstable();
    other.sort_unstable();
    let mut rng = Rng::new(SEED);
    shuffle(&mut eng, &mut rng);
    shuffle(&mut other, &mut rng);
    let n = eng.len();
    eng.extend(other);
    Ok((eng, n))
}

/// Label of a term-set size: `10k`, `100k`, `500k`.
pub fn size_label(n: usize) -> String {
    if n % 1000 == 0 {
        format!("{}k", n / 1000)
    } else {
        n.to_string()
    }
}

/// Writes a term set to `bench-data/terms-<label>.txt` (for the Python peers).
///
/// # Errors
/// The file cannot be written.
pub fn write_terms(terms: &[String]) -> std::io::Result<PathBuf> {
    let dir = keys_path()
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let path = dir.join(format!("terms-{}.txt", size_label(terms.len())));
    let mut text = terms.join("\n");
    text.push('\n');
    std::fs::write(&path, text)?;
    Ok(path)
}

/// Compiles the terms (one concept and one `en` term each, as the lookup
/// benchmark does), with stemming on or off.
///
/// # Errors
/// A term the builder refuses, or a failed build.
pub fn compile_terms(terms: &[String], stemming: bool) -> crosscut::Result<Vec<u8>> {
    let mut b = GlossaryBuilder::new().stemming(stemming);
    for (i, t) in terms.iter().enumerate() {
        b.add(concept(i, t))?;
    }
    b.build()
}

/// Matches counted over a text: annotations (one per concept and span) and
/// distinct spans.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Count {
    /// Annotations (crosscut returns one per concept when several share a span).
    pub annotations: u64,
    /// Distinct (start, end) spans.
    pub spans: u64,
    /// Spans crosscut marked `inflected` (found only through the stems).
    pub inflected: u64,
}

/// Lines per `annotate_batch` call: about one feature film's subtitles.
pub const BATCH_LINES: usize = 1000;

/// Annotates `lines` once for a memory measurement: line by line (each result
/// dropped before the next line, so only the matching's own memory counts) or
/// as [`run_crosscut`] does, in batches.
pub fn annotate_once(g: &Glossary, lines: &[&str], per_line: bool) {
    let options = AnnotateOptions::new("en");
    if per_line {
        for line in lines {
            std::hint::black_box(g.annotate(line, &options).map(|found| found.len()).unwrap_or(0));
        }
    } else {
        std::hint::black_box(run_crosscut(g, lines, &options));
    }
}

/// crosscut `annotate_batch` over every line, English, default options, one
/// call per [`BATCH_LINES`] lines (the way a script or subtitle file is annotated).
pub fn run_crosscut(g: &Glossary, lines: &[&str], options: &AnnotateOptions) -> Count {
    let mut c = Count::default();
    for chunk in lines.chunks(BATCH_LINES) {
        let Ok(batch) = g.annotate_batch(chunk, options) else { continue };
        for found in batch {
            count_line(&mut c, found.iter().map(|a| (a.span, a.how == crosscut::MatchKind::Inflected)));
        }
    }
    c
}

/// crosscut `find_terms_batch` (spans and term indices, no concepts decoded)
/// over every line, batched as [`run_crosscut`]; counts as it does.
pub fn run_find_terms(g: &Glossary, lines: &[&str], options: &AnnotateOptions) -> Count {
    let mut c = Count::default();
    for chunk in lines.chunks(BATCH_LINES) {
        let Ok(batch) = g.find_terms_batch(chunk, options) else { continue };
        for found in batch {
            count_line(&mut c, found.iter().map(|t| (t.span, t.inflected)));
        }
    }
    c
}

/// Adds one line's matches, each (span, inflected) in order: the matches, and
/// the distinct spans (several concepts may share one) with those inflected.
fn count_line(c: &mut Count, found: impl Iterator<Item = (crosscut::span::Span, bool)>) {
    let mut last = None;
    for (span, inflected) in found {
        c.annotations += 1;
        let span = (span.start, span.end);
        if last != Some(span) {
            c.spans += 1;
            c.inflected += u64::from(inflected);
        }
        last = Some(span);
    }
}

/// A word character for the boundary filter: a Unicode letter or digit, or `_`.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `\b`-style boundaries at both ends of `line[s..e]`: where the match begins
/// (ends) with a word character, the character before (after) it is not one.
pub fn at_boundaries(line: &str, s: usize, e: usize) -> bool {
    let (before, inside, after) = (
        line.get(..s).and_then(|t| t.chars().next_back()),
        line.get(s..e).unwrap_or_default(),
        line.get(e..).and_then(|t| t.chars().next()),
    );
    let (first, last) = (inside.chars().next(), inside.chars().next_back());
    let ok_start = !first.is_some_and(is_word_char) || !before.is_some_and(is_word_char);
    let ok_end = !last.is_some_and(is_word_char) || !after.is_some_and(is_word_char);
    ok_start && ok_end
}

/// Aho–Corasick automata over the lower-cased terms, ASCII case-insensitive.
#[derive(Debug)]
pub struct Automata {
    /// `MatchKind::LeftmostLongest`.
    pub leftmost_longest: AhoCorasick,
    /// `MatchKind::Standard`, for overlapping search.
    pub overlapping: AhoCorasick,
}

/// Builds both automata.
///
/// # Errors
/// The automaton is too large (never for these sets).
pub fn automata(terms: &[String]) -> Result<Automata, aho_corasick::BuildError> {
    let lower: Vec<String> = terms.iter().map(|t| t.to_lowercase()).collect();
    let build = |kind| {
        AhoCorasickBuilder::new()
            .match_kind(kind)
            .ascii_case_insensitive(true)
            .build(&lower)
    };
    Ok(Automata {
        leftmost_longest: build(MatchKind::LeftmostLongest)?,
        overlapping: build(MatchKind::Standard)?,
    })
}

/// The raw bound: leftmost-longest Aho–Corasick, then the boundary filter.
/// A match that fails the filter is dropped, and whatever shorter match lay
/// under it is lost.
pub fn ac_leftmost_longest<'a>(ac: &'a AhoCorasick, line: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    ac.find_iter(line)
        .map(|m| (m.start(), m.end()))
        .filter(move |&(s, e)| at_boundaries(line, s, e))
}

/// A correct whole-word variant: every (overlapping) match, boundary filter,
/// then leftmost-longest non-overlapping spans chosen greedily. `scratch` is
/// reused between lines.
pub fn ac_greedy(ac: &AhoCorasick, line: &str, scratch: &mut Vec<(usize, usize)>, out: &mut Vec<(usize, usize)>) {
    scratch.clear();
    out.clear();
    scratch.extend(
        ac.find_overlapping_iter(line)
            .map(|m| (m.start(), m.end()))
            .filter(|&(s, e)| at_boundaries(line, s, e)),
    );
    scratch.sort_unstable_by_key(|&(s, e)| (s, std::cmp::Reverse(e)));
    let mut reach = 0;
    for &(s, e) in scratch.iter() {
        if s >= reach {
            out.push((s, e));
            reach = e;
        }
    }
}

/// Counts [`ac_leftmost_longest`] matches over every line.
pub fn run_ac_leftmost_longest(ac: &AhoCorasick, lines: &[&str]) -> u64 {
    lines.iter().map(|l| ac_leftmost_longest(ac, l).count() as u64).sum()
}

/// Counts [`ac_greedy`] matches over every line.
pub fn run_ac_greedy(ac: &AhoCorasick, lines: &[&str]) -> u64 {
    let (mut scratch, mut out) = (Vec::new(), Vec::new());
    lines
        .iter()
        .map(|l| {
            ac_greedy(ac, l, &mut scratch, &mut out);
            out.len() as u64
        })
        .sum()
}
