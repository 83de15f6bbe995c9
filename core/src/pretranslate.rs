//! Filling a target subtitle file from a translation memory.
//!
//! Each source cue's text (without markup, line breaks as spaces) is looked up
//! in the memory. An exact match (100 or 101) or a fuzzy one at or above the
//! threshold replaces the text; timings, ids, settings and the markup around
//! the whole cue (`<i>…</i>`, `{\an8}`) are kept, and a translation wider than
//! the target's line limit is broken in two at the space nearest the middle.
//! A fuzzy fill is marked with a `NOTE` before the cue (written to WebVTT only)
//! and listed in the returned [`Fill`]s. A cue with no match keeps its source
//! text, so `check` reports it as untranslated.

use serde::Serialize;

use crate::check::{cue_number, Limits};
use crate::error::Result;
use crate::subtitle::{Block, BlockKind, SubtitleFormat, Subtitles};
use crate::tm::{Memory, SearchOptions};

/// Options of [`pretranslate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PretranslateOptions {
    /// Source language.
    pub src: String,
    /// Target language.
    pub tgt: String,
    /// Lowest fuzzy score that fills a cue (0–100).
    pub min_score: u8,
}

impl PretranslateOptions {
    /// From `src` to `tgt`, filling matches of 75 and more.
    pub fn new(src: impl Into<String>, tgt: impl Into<String>) -> PretranslateOptions {
        PretranslateOptions {
            src: src.into(),
            tgt: tgt.into(),
            min_score: 75,
        }
    }
}

/// How a cue was filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FillKind {
    /// An exact match (score 100, or 101 in context).
    Exact,
    /// A fuzzy match at or above the threshold: review it.
    Fuzzy,
    /// No match: the source text was kept.
    None,
}

/// What happened to one cue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fill {
    /// The cue's number (SRT number, or position).
    pub cue: usize,
    /// How it was filled.
    pub kind: FillKind,
    /// The match score (0 when none).
    pub score: u8,
    /// The cue's source text, as searched.
    pub source: String,
    /// The memory's source segment that matched.
    pub matched: Option<String>,
    /// The translation written.
    pub target: Option<String>,
}

/// A pretranslated file and what was filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pretranslation {
    /// The target subtitles.
    pub subtitles: Subtitles,
    /// One entry per cue.
    pub fills: Vec<Fill>,
}

impl Pretranslation {
    /// How many cues were filled this way.
    pub fn count(&self, kind: FillKind) -> usize {
        self.fills.iter().filter(|f| f.kind == kind).count()
    }
}

/// Breaks `text` at the space nearest its middle when it is wider than `max` columns.
fn balance(text: &str, max: usize) -> String {
    let width = |s: &str| s.chars().map(crate::check::char_width).sum::<usize>();
    if width(text) <= max || text.contains('\n') {
        return text.to_string();
    }
    let middle = text.len() / 2;
    let best = text
        .match_indices(' ')
        .map(|(i, _)| i)
        .min_by_key(|&i| i.abs_diff(middle));
    match best {
        Some(i) => format!(
            "{}\n{}",
            text.get(..i).unwrap_or_default(),
            text.get(i + 1..).unwrap_or_default()
        ),
        None => text.to_string(),
    }
}

fn escape_vtt(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Fills a copy of `source` with translations from `memory`.
///
/// # Errors
/// The memory's search errors (`lang.invalid`, `limit.exceeded`, `artifact.corrupt`).
///
/// # Example
/// ```
/// use crosscut::pretranslate::{pretranslate, FillKind, PretranslateOptions};
/// use crosscut::subtitle::{Cue, Subtitles};
/// use crosscut::{Memory, MemoryBuilder, Segment, Unit, Variant};
/// let mut memory = Memory::from_bytes(MemoryBuilder::new().build()?)?;
/// memory.add(Unit {
///     source: Variant::new("en", Segment::text("Roll camera!")),
///     targets: vec![Variant::new("fr", Segment::text("Moteur !"))],
///     ..Unit::default()
/// })?;
/// let source = Subtitles { cues: vec![Cue::new(0, 1500, "<i>Roll camera!</i>"), Cue::new(2000, 3000, "Cut.")], ..Subtitles::default() };
/// let done = pretranslate(&memory, &source, &PretranslateOptions::new("en", "fr"))?;
/// assert_eq!(done.subtitles.cues[0].text, "<i>Moteur !</i>");
/// assert_eq!(done.fills[0].kind, FillKind::Exact);
/// assert_eq!((done.fills[1].kind, done.subtitles.cues[1].text.as_str()), (FillKind::None, "Cut."));
/// # Ok::<(), crosscut::Error>(())
/// ```
pub fn pretranslate(memory: &Memory, source: &Subtitles, options: &PretranslateOptions) -> Result<Pretranslation> {
    let limits = Limits::for_language(&options.tgt);
    let search = SearchOptions::new(&options.src, &options.tgt)
        .top(1)
        .min_score(options.min_score.min(100));
    let mut out = source.clone();
    let mut fills = Vec::with_capacity(source.cues.len());
    let mut notes = Vec::new();
    for (i, cue) in source.cues.iter().enumerate() {
        let plain = cue.plain(source.format);
        let query = plain.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let number = cue_number(source, i);
        let hit = if query.is_empty() {
            None
        } else {
            memory.search(&query, &search)?.into_iter().next()
        };
        let Some(hit) = hit else {
            fills.push(Fill {
                cue: number,
                kind: FillKind::None,
                score: 0,
                source: query,
                matched: None,
                target: None,
            });
            continue;
        };
        let translation = hit.target.segment.plain();
        let kind = if hit.score >= 100 {
            FillKind::Exact
        } else {
            FillKind::Fuzzy
        };
        // Markup around the whole text stays: what precedes the first plain byte and follows the last.
        let (first, last) = plain.raw_range(0, plain.text.len());
        let (prefix, suffix) = if plain.text.is_empty() {
            ("", "")
        } else {
            (
                cue.text.get(..first).unwrap_or_default(),
                cue.text.get(last..).unwrap_or_default(),
            )
        };
        let body = balance(&translation, limits.max_line_width);
        let body = if source.format == SubtitleFormat::Vtt {
            escape_vtt(&body)
        } else {
            body
        };
        if let Some(c) = out.cues.get_mut(i) {
            c.text = format!("{prefix}{body}{suffix}");
        }
        if kind == FillKind::Fuzzy {
            let matched = hit.source.plain().replace("-->", "→").replace('\n', " ");
            notes.push(Block {
                kind: BlockKind::Note,
                text: format!(
                    "NOTE crosscut: fuzzy match {}% for cue {number} from “{matched}”; review it",
                    hit.score
                ),
                before_cue: i,
                line: 0,
            });
        }
        fills.push(Fill {
            cue: number,
            kind,
            score: hit.score,
            source: query,
            matched: Some(hit.source.plain()),
            target: Some(translation),
        });
    }
    // Notes go before their cue, after blocks already there.
    out.blocks.extend(notes);
    out.blocks.sort_by_key(|b| b.before_cue);
    Ok(Pretranslation { subtitles: out, fills })
}
