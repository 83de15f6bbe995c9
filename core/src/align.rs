//! Aligning a film's source and target subtitles into translation-memory units.
//!
//! Cues are grouped by time overlap ([`crate::check::pairing`]): a line split in
//! two (1:2) or two lines merged (2:1) become one unit. Each unit keeps its
//! neighbouring source lines as context (for in-context matches) and a note
//! with its cues and time range. This is how a team turns delivered subtitles
//! into a memory.

use serde::Serialize;

use crate::check::{cue_number, pair_cues, CueGroup};
use crate::error::Result;
use crate::lang::Lang;
use crate::subtitle::timing::format_vtt;
use crate::subtitle::{PlainText, Subtitles};
use crate::tm_model::{Context, Origin, Segment, Unit, Variant};

/// Options of [`align`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AlignOptions {
    /// Source language (BCP 47).
    pub src: String,
    /// Target language (BCP 47).
    pub tgt: String,
    /// The origin recorded on each unit (a film or file name).
    pub origin: Option<String>,
}

impl AlignOptions {
    /// Aligns `src` subtitles with `tgt` subtitles.
    pub fn new(src: impl Into<String>, tgt: impl Into<String>) -> AlignOptions {
        AlignOptions {
            src: src.into(),
            tgt: tgt.into(),
            origin: None,
        }
    }
}

/// What [`align`] made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alignment {
    /// One unit per group of cues with text on both sides.
    pub units: Vec<Unit>,
    /// Groups with one source and one target cue.
    pub one_to_one: usize,
    /// Groups with several cues on a side (splits and merges).
    pub many: usize,
    /// Source cues with no target cue, and target cues with no source cue.
    pub unpaired: usize,
    /// Paired groups left out because one side has no text.
    pub empty: usize,
}

/// A cue's text for the memory: no markup, line breaks as spaces.
fn segment_text(plain: &PlainText) -> String {
    plain.text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn joined(subs: &Subtitles, indexes: &[usize]) -> String {
    indexes
        .iter()
        .filter_map(|&i| subs.cues.get(i))
        .map(|c| segment_text(&c.plain(subs.format)))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Builds memory units from two subtitle files of the same film.
///
/// # Errors
/// `lang.invalid` for a bad language tag.
///
/// # Example
/// ```
/// use crosscut::align::{align, AlignOptions};
/// use crosscut::subtitle::{Cue, Subtitles};
/// let en = Subtitles { cues: vec![Cue::new(0, 3000, "A long line, said"), Cue::new(3000, 5000, "in one breath.")], ..Subtitles::default() };
/// let fr = Subtitles { cues: vec![Cue::new(0, 5000, "Une longue ligne, dite d'une traite.")], ..Subtitles::default() };
/// let a = align(&en, &fr, &AlignOptions::new("en", "fr"))?;
/// assert_eq!(a.units.len(), 1);
/// assert_eq!(a.units[0].source.segment.plain(), "A long line, said in one breath.");
/// assert_eq!(a.many, 1);
/// # Ok::<(), crosscut::Error>(())
/// ```
pub fn align(source: &Subtitles, target: &Subtitles, options: &AlignOptions) -> Result<Alignment> {
    let src = Lang::parse(&options.src)?;
    let tgt = Lang::parse(&options.tgt)?;
    let (groups, _) = pair_cues(&source.cues, &target.cues);
    let texts: Vec<(String, String)> = groups
        .iter()
        .map(|g| (joined(source, &g.source), joined(target, &g.target)))
        .collect();
    let mut out = Alignment {
        units: Vec::new(),
        one_to_one: 0,
        many: 0,
        unpaired: 0,
        empty: 0,
    };
    for (k, (g, (stext, ttext))) in groups.iter().zip(&texts).enumerate() {
        if g.source.is_empty() || g.target.is_empty() {
            out.unpaired += g.source.len() + g.target.len();
            continue;
        }
        if stext.is_empty() || ttext.is_empty() {
            out.empty += 1;
            continue;
        }
        if g.source.len() == 1 && g.target.len() == 1 {
            out.one_to_one += 1;
        } else {
            out.many += 1;
        }
        let neighbour = |i: Option<usize>| {
            i.and_then(|i| texts.get(i))
                .map(|t| t.0.clone())
                .filter(|t| !t.is_empty())
        };
        out.units.push(Unit {
            id: Some(format!(
                "cue-{}",
                g.source.first().map_or(0, |&i| cue_number(source, i))
            )),
            source: Variant::new(src.as_str(), Segment::text(stext.clone())),
            targets: vec![Variant::new(tgt.as_str(), Segment::text(ttext.clone()))],
            origin: Origin {
                file: options.origin.clone(),
                project: None,
            },
            context: Context {
                prev: neighbour(k.checked_sub(1)),
                next: neighbour(Some(k + 1)),
                id: None,
            },
            notes: vec![note(source, target, g)],
            ..Unit::default()
        });
    }
    Ok(out)
}

fn note(source: &Subtitles, target: &Subtitles, g: &CueGroup) -> String {
    let numbers = |subs: &Subtitles, idx: &[usize]| {
        idx.iter()
            .map(|&i| cue_number(subs, i).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let start = g
        .source
        .first()
        .and_then(|&i| source.cues.get(i))
        .map_or(0, |c| c.start);
    let end = g.source.last().and_then(|&i| source.cues.get(i)).map_or(0, |c| c.end);
    format!(
        "subtitles: source cue {} = target cue {}, {} --> {}",
        numbers(source, &g.source),
        numbers(target, &g.target),
        format_vtt(start),
        format_vtt(end)
    )
}
