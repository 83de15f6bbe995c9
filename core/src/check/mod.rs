//! `check`: terminology and subtitle QA of a translated subtitle file.
//!
//! [`check`] pairs the cues of a source and a target file ([`pairing`]), finds
//! the glossary's terms on both sides with [`Glossary::annotate`] (inflection
//! tolerant where the artifact has stems), and runs the [`Rule`]s: terminology
//! (approved translation missing, forbidden and deprecated terms, do-not-
//! translate terms, sensitive terms, consistency, the memory's translation),
//! text (untranslated cues, numbers) and subtitle limits (reading speed, line
//! width, lines, durations, overlaps, gaps) with per-language defaults
//! ([`Limits`]). Each rule can be switched off or given another severity
//! ([`CheckConfig`]). Findings serialize to the JSON of `docs/check.md`.
//!
//! # Example
//! ```
//! use crosscut::check::{check, CheckOptions, Rule, Severity};
//! use crosscut::subtitle::{read_subtitles, SubtitleFormat};
//! use crosscut::{Concept, Glossary, GlossaryBuilder, Status, Term};
//!
//! let t = |text: &str, lang: &str, status| Term { text: text.into(), lang: lang.into(), status, ..Term::default() };
//! let mut b = GlossaryBuilder::new();
//! b.add(Concept {
//!     id: "production.rough-cut".into(),
//!     terms: vec![t("rough cut", "en", Status::Preferred), t("premier montage", "fr", Status::Preferred),
//!                 t("ours", "fr", Status::Forbidden)],
//!     ..Concept::default()
//! })?;
//! let glossary = Glossary::from_bytes(b.build()?)?;
//! let read = |s: &str| read_subtitles(s.as_bytes(), SubtitleFormat::Srt, None, &None).map(|p| p.subtitles);
//! let source = read("1\n00:00:01,000 --> 00:00:04,000\nThe rough cut is due Friday.\n")?;
//! let target = read("1\n00:00:01,000 --> 00:00:04,000\nL'ours est pour vendredi.\n")?;
//! let report = check(&glossary, None, &source, &target, &CheckOptions::new("en", "fr"))?;
//! let f = &report.findings[0];
//! assert_eq!((f.rule, f.severity, f.cue), (Rule::ForbiddenTerm, Severity::Error, 1));
//! assert_eq!(f.target_span.as_ref().unwrap().text, "ours");
//! assert_eq!(f.suggestion.as_deref(), Some("premier montage"));
//! assert!(report.has_errors());
//! # Ok::<(), crosscut::Error>(())
//! ```

use serde::{Serialize, Serializer};

use crate::error::Result;
use crate::glossary::Glossary;
use crate::model::Status;
use crate::subtitle::Subtitles;
use crate::tm::Memory;

mod config;
pub mod pairing;
mod report_html;
mod rules;

pub use config::{CheckConfig, Limits};
pub use pairing::{pair_cues, CueGroup, Pairing};
pub use report_html::report_html;
pub use rules::width as char_width;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed: `check` exits with 1.
    Error,
    /// Should be looked at.
    Warning,
    /// For information.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn from_name(name: &str) -> Option<Severity> {
        match name.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident = $id:literal, $severity:ident;)*) => {
        /// A check rule; its id (`term-missing`) names it in JSON and config files.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($(#[$doc])* $variant,)*
        }

        impl Rule {
            /// Every rule, in report order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The rule's id.
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            /// The rule with this id.
            pub fn from_id(id: &str) -> Option<Rule> {
                match id {
                    $($id => Some(Rule::$variant),)*
                    _ => None,
                }
            }

            /// The severity it has unless configured otherwise.
            pub fn default_severity(self) -> Severity {
                match self {
                    $(Rule::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

rules! {
    /// A source term whose concept has a preferred or admitted target term, none of which is in the target.
    TermMissing = "term-missing", Error;
    /// A forbidden term in the target.
    ForbiddenTerm = "forbidden-term", Error;
    /// A deprecated term in the target.
    DeprecatedTerm = "deprecated-term", Warning;
    /// A do-not-translate source term missing or altered in the target.
    DoNotTranslate = "do-not-translate", Error;
    /// A term whose concept is sensitive in the target locale.
    SensitiveTerm = "sensitive-term", Warning;
    /// The same source line or term translated differently in the file.
    InconsistentTranslation = "inconsistent-translation", Warning;
    /// The memory holds another translation of an identical source line.
    TmMismatch = "tm-mismatch", Info;
    /// A target cue that is empty, repeats the source, or is missing.
    Untranslated = "untranslated", Error;
    /// Numbers differ between source and target.
    NumberMismatch = "number-mismatch", Error;
    /// More characters per second than the limit.
    ReadingSpeed = "reading-speed", Warning;
    /// A line wider than the limit.
    LineLength = "line-length", Warning;
    /// More lines than the limit.
    LinesPerCue = "lines-per-cue", Warning;
    /// A cue shorter than the minimum duration.
    MinDuration = "min-duration", Warning;
    /// A cue longer than the maximum duration.
    MaxDuration = "max-duration", Warning;
    /// A cue that starts before the previous one ends.
    Overlap = "overlap", Error;
    /// A gap between cues shorter than the minimum.
    MinGap = "min-gap", Warning;
}

impl Rule {
    /// Every rule id, comma separated (for messages).
    pub fn ids() -> String {
        Rule::ALL.iter().map(|r| r.id()).collect::<Vec<_>>().join(", ")
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// A range of a cue's text (markup included), in bytes, and the text it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CueSpan {
    /// Start, in bytes of the cue text as written.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The text of the range.
    pub text: String,
}

/// One problem found by [`check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// Its severity.
    pub severity: Severity,
    /// The target cue: its number in an SRT file, its 1-based position in a
    /// WebVTT file (see [`cue_number`]); 0 for a source cue that has no target cue.
    pub cue: usize,
    /// The source cue paired with it (same numbering), if any.
    pub source_cue: Option<usize>,
    /// Start of the cue, in milliseconds.
    pub start: u64,
    /// End of the cue, in milliseconds.
    pub end: u64,
    /// The time range, `00:00:01.000 --> 00:00:03.500`.
    pub time: String,
    /// The range in the source cue's text.
    pub source_span: Option<CueSpan>,
    /// The range in the target cue's text.
    pub target_span: Option<CueSpan>,
    /// What is wrong.
    pub message: String,
    /// What to write instead, or what to do.
    pub suggestion: Option<String>,
    /// The glossary concept involved, if any.
    pub concept: Option<String>,
    /// 0-based index of the target cue (not serialized).
    #[serde(skip)]
    pub target_index: Option<usize>,
    /// 0-based index of the source cue (not serialized).
    #[serde(skip)]
    pub source_index: Option<usize>,
}

/// Which file a term was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// The source file.
    Source,
    /// The target file.
    Target,
}

/// A glossary term found in a cue (for highlighting).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermHit {
    /// Source or target.
    pub side: Side,
    /// 0-based index of the cue.
    pub cue_index: usize,
    /// Start, in bytes of the cue text as written.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The concept.
    pub concept: String,
    /// The status of the term found.
    pub status: Status,
}

/// Options of [`check`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckOptions {
    /// Source language (BCP 47).
    pub src: String,
    /// Target language (BCP 47).
    pub tgt: String,
    /// Rules, severities and limits.
    pub config: CheckConfig,
}

impl CheckOptions {
    /// Checks a translation from `src` to `tgt` with the default rules.
    pub fn new(src: impl Into<String>, tgt: impl Into<String>) -> CheckOptions {
        CheckOptions {
            src: src.into(),
            tgt: tgt.into(),
            config: CheckConfig::default(),
        }
    }

    /// Uses this configuration.
    pub fn config(mut self, config: CheckConfig) -> CheckOptions {
        self.config = config;
        self
    }
}

/// What [`check`] found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    /// Source language.
    pub src: String,
    /// Target language.
    pub tgt: String,
    /// How the cues were paired.
    pub pairing: Pairing,
    /// The limits applied to the target.
    pub limits: Limits,
    /// The findings, by target time, then rule.
    pub findings: Vec<Finding>,
    /// The cue groups (not serialized).
    #[serde(skip)]
    pub groups: Vec<CueGroup>,
    /// Every term found on either side (not serialized).
    #[serde(skip)]
    pub terms: Vec<TermHit>,
}

impl CheckReport {
    /// The number of findings of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
}

/// Checks `target`, a translation of `source`, against a glossary and optionally a memory.
///
/// # Errors
/// `lang.invalid` for a bad language tag; the glossary's and memory's errors
/// (`limit.exceeded` for a cue past the annotate limit, `artifact.corrupt`).
pub fn check(
    glossary: &Glossary,
    memory: Option<&Memory>,
    source: &Subtitles,
    target: &Subtitles,
    options: &CheckOptions,
) -> Result<CheckReport> {
    rules::run(glossary, memory, source, target, options)
}

/// The number a cue goes by: in an SRT file whose cues are all numbered with
/// positive, increasing numbers, the number as written (`2, 4, 6` stay so);
/// otherwise (WebVTT, unnumbered or `0`-based SRT) its 1-based position.
///
/// # Example
/// ```
/// use crosscut::check::cue_number;
/// use crosscut::subtitle::{read_subtitles, SubtitleFormat};
/// let srt = "2\n00:00:01,000 --> 00:00:02,000\na\n\n4\n00:00:03,000 --> 00:00:04,000\nb\n";
/// let subs = read_subtitles(srt.as_bytes(), SubtitleFormat::Srt, None, &None)?.subtitles;
/// assert_eq!((cue_number(&subs, 0), cue_number(&subs, 1)), (2, 4));
/// let srt = "0\n00:00:01,000 --> 00:00:02,000\na\n\n1\n00:00:03,000 --> 00:00:04,000\nb\n";
/// let subs = read_subtitles(srt.as_bytes(), SubtitleFormat::Srt, None, &None)?.subtitles;
/// assert_eq!((cue_number(&subs, 0), cue_number(&subs, 1)), (1, 2));
/// # Ok::<(), crosscut::Error>(())
/// ```
pub fn cue_number(subtitles: &Subtitles, index: usize) -> usize {
    if subtitles.format == crate::subtitle::SubtitleFormat::Srt && numbered_as_written(subtitles) {
        if let Some(n) = subtitles
            .cues
            .get(index)
            .and_then(|c| c.id.as_deref())
            .and_then(|id| id.trim().parse().ok())
        {
            return n;
        }
    }
    index + 1
}

/// Whether every cue has a positive number, each larger than the one before.
fn numbered_as_written(subtitles: &Subtitles) -> bool {
    let mut last = 0usize;
    subtitles.cues.iter().all(
        |c| match c.id.as_deref().and_then(|id| id.trim().parse::<usize>().ok()) {
            Some(n) if n > last => {
                last = n;
                true
            }
            _ => false,
        },
    )
}
