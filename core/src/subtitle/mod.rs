//! Subtitle files: SRT and WebVTT, read leniently, written canonically.
//!
//! [`read_subtitles`] decodes the bytes ([`encoding`]), parses them ([`srt`],
//! [`vtt`]) and returns [`Subtitles`] plus a [`Warning`] for every repair it made.
//! [`write_subtitles`] writes them back. What a file holds is kept: cue ids,
//! timings, WebVTT header, `NOTE`, `STYLE` and `REGION` blocks, cue settings (SRT
//! `X1:…` coordinates too) and the cue text with its markup. A file that was
//! already canonical (UTF-8, `HH:MM:SS,mmm` or `HH:MM:SS.mmm` timestamps, one
//! blank line between blocks) comes back byte for byte.
//!
//! Matching works on [`Cue::plain`]: the cue text without markup, with a map
//! from each plain offset back into the cue text.
//!
//! # Example
//! ```
//! use crosscut::subtitle::{read_subtitles, write_subtitles, SubtitleFormat};
//! let srt = "1\n00:00:01,000 --> 00:00:03,500\nMy <i>elder</i> brother\n";
//! let parsed = read_subtitles(srt.as_bytes(), SubtitleFormat::Srt, None, &None)?;
//! let cue = &parsed.subtitles.cues[0];
//! assert_eq!((cue.start, cue.end), (1000, 3500));
//! let plain = cue.plain(SubtitleFormat::Srt);
//! assert_eq!(plain.text, "My elder brother");
//! assert_eq!(plain.raw_range(3, 8), (6, 11)); // "elder" inside the <i>
//! assert_eq!(write_subtitles(&parsed.subtitles), srt.as_bytes());
//! # Ok::<(), crosscut::Error>(())
//! ```

use serde::Serialize;

use crate::error::{Format, Result, Warning};
use crate::sources::SourceName;

pub mod encoding;
mod markup;
pub mod srt;
pub mod timing;
pub mod vtt;
pub mod vtt_cue_text;

/// A subtitle format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SubtitleFormat {
    /// SubRip (`.srt`).
    #[default]
    Srt,
    /// WebVTT (`.vtt`).
    Vtt,
}

impl SubtitleFormat {
    /// The format named by a file's extension (`.srt`, `.vtt`), if any.
    ///
    /// # Example
    /// ```
    /// use crosscut::subtitle::SubtitleFormat;
    /// assert_eq!(SubtitleFormat::from_path("film.fr.VTT"), Some(SubtitleFormat::Vtt));
    /// assert_eq!(SubtitleFormat::from_path("notes.txt"), None);
    /// ```
    pub fn from_path(path: &str) -> Option<SubtitleFormat> {
        let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())?;
        match ext.as_str() {
            "srt" => Some(SubtitleFormat::Srt),
            "vtt" => Some(SubtitleFormat::Vtt),
            _ => None,
        }
    }

    /// The error-code format.
    pub fn error_format(self) -> Format {
        match self {
            SubtitleFormat::Srt => Format::Srt,
            SubtitleFormat::Vtt => Format::Vtt,
        }
    }
}

/// The line break a file used (kept on writing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum LineEnding {
    /// `\n`
    #[default]
    Lf,
    /// `\r\n`
    CrLf,
}

impl LineEnding {
    fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }
}

/// One subtitle cue.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Cue {
    /// The SRT sequence number or WebVTT identifier as written (`None` when absent).
    pub id: Option<String>,
    /// Start, in milliseconds.
    pub start: u64,
    /// End, in milliseconds.
    pub end: u64,
    /// What follows the end time on the timing line: WebVTT cue settings
    /// (`align:start line:0`) or SRT coordinates (`X1:100 X2:600 Y1:050 Y2:100`).
    pub settings: String,
    /// The cue text with its markup; lines joined by `\n`.
    pub text: String,
    /// The 1-based line of the timing line in the file (0 for a cue made in memory).
    pub line: u64,
}

impl Cue {
    /// A cue from its timing and text.
    pub fn new(start: u64, end: u64, text: impl Into<String>) -> Cue {
        Cue {
            start,
            end,
            text: text.into(),
            ..Cue::default()
        }
    }

    /// Duration in milliseconds (0 when the end is not after the start).
    pub fn duration(&self) -> u64 {
        self.end.saturating_sub(self.start)
    }

    /// The text without markup, with a map back into [`text`](Self::text).
    ///
    /// WebVTT text is parsed by the W3C cue-text rules (entities decoded,
    /// `<rt>` ruby text and timestamps left out); SRT text loses `<b> <i> <u>
    /// <s> <font>` tags and `{\an8}`-style overrides, and keeps everything else.
    pub fn plain(&self, format: SubtitleFormat) -> PlainText {
        match format {
            SubtitleFormat::Srt => markup::srt_plain(&self.text),
            SubtitleFormat::Vtt => vtt_cue_text::parse(&self.text).plain(),
        }
    }
}

/// Cue text without markup, and where each of its bytes came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlainText {
    /// The text.
    pub text: String,
    /// For each byte of `text`, plus one past the end: the range of the cue
    /// text it came from.
    offsets: Vec<(usize, usize)>,
}

impl PlainText {
    /// A plain text from pieces: each piece of text and the raw range it came from.
    pub(crate) fn from_pieces(pieces: &[(String, usize, usize)], raw_len: usize) -> PlainText {
        let mut text = String::new();
        let mut offsets = Vec::new();
        for (piece, start, end) in pieces {
            text.push_str(piece);
            if piece.len() == end - start {
                offsets.extend((*start..*end).map(|i| (i, i + 1)));
            } else {
                // An entity or a replaced character: every byte stands for the whole.
                offsets.extend(std::iter::repeat_n((*start, *end), piece.len()));
            }
        }
        let end = pieces.last().map_or(raw_len, |p| p.2);
        offsets.push((end, end));
        PlainText { text, offsets }
    }

    /// The cue-text byte where plain byte `at` came from (the end of the last piece past the end).
    pub fn to_raw(&self, at: usize) -> usize {
        self.offsets.get(at).or(self.offsets.last()).map_or(0, |o| o.0)
    }

    /// The cue-text range of the plain range `start..end`.
    pub fn raw_range(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.to_raw(start);
        // The end of the last byte inside the range, so a closing tag after it stays out.
        let e = if end > start {
            self.offsets.get(end - 1).or(self.offsets.last()).map_or(s, |o| o.1)
        } else {
            s
        };
        (s, e.max(s))
    }
}

/// A WebVTT block that is not a cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// `NOTE` comment.
    Note,
    /// `STYLE` sheet.
    Style,
    /// `REGION` definition.
    Region,
}

/// A WebVTT `NOTE`, `STYLE` or `REGION` block, kept in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// The whole block as written, first line (`NOTE …`) included; lines joined by `\n`.
    pub text: String,
    /// The index of the cue it comes before (`cues.len()` at the end).
    pub before_cue: usize,
    /// The 1-based line where it starts.
    pub line: u64,
}

/// A subtitle file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Subtitles {
    /// The format it was read from (and is written to by [`write_subtitles`]).
    pub format: SubtitleFormat,
    /// The cues, in file order.
    pub cues: Vec<Cue>,
    /// WebVTT: the signature line after `WEBVTT` (` - Title`), then header lines, joined by `\n`.
    pub header: String,
    /// WebVTT blocks other than cues.
    pub blocks: Vec<Block>,
    /// The line break used.
    pub line_ending: LineEnding,
    /// Whether the file started with a byte order mark (written back as UTF-8's).
    pub bom: bool,
    /// The encoding it was read from (it is always written as UTF-8).
    pub encoding: String,
}

/// A file read: the subtitles, and a warning for every repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// What was read.
    pub subtitles: Subtitles,
    /// Repairs and skipped content, each with its line.
    pub warnings: Vec<Warning>,
}

/// Reads a subtitle file.
///
/// `encoding` names the encoding of bytes without a BOM (a WHATWG label such as
/// `windows-1251`); `None` means UTF-8 when the bytes are valid UTF-8 and a
/// detected legacy encoding otherwise (SRT only: WebVTT is always UTF-8).
///
/// # Errors
/// `srt.syntax` naming the line (and cue), `vtt.signature` for a file without
/// the `WEBVTT` signature, `srt.encoding` / `vtt.encoding` for undecodable bytes.
pub fn read_subtitles(
    bytes: &[u8],
    format: SubtitleFormat,
    encoding: Option<&str>,
    source: &SourceName,
) -> Result<Parsed> {
    let result = match format {
        SubtitleFormat::Srt => {
            let decoded = encoding::decode(bytes, encoding, Format::Srt, source)?;
            srt::parse(&decoded.text, source).map(|mut p| {
                p.subtitles.bom = decoded.bom;
                p.subtitles.encoding = decoded.encoding.to_string();
                let mut warnings = decoded.warnings;
                warnings.append(&mut p.warnings);
                p.warnings = warnings;
                p
            })
        }
        SubtitleFormat::Vtt => vtt::parse_bytes(bytes, source),
    };
    result.map_err(|e| match source {
        Some(s) => e.in_source(s),
        None => e,
    })
}

/// Writes subtitles in their own [`format`](Subtitles::format), as UTF-8 (see the module docs).
pub fn write_subtitles(subtitles: &Subtitles) -> Vec<u8> {
    write_as(subtitles, subtitles.format)
}

/// Writes subtitles in the given format, as UTF-8.
///
/// SRT cues without an id get their 1-based position; WebVTT blocks and header
/// are written only to WebVTT.
///
/// # Example
/// ```
/// use crosscut::subtitle::{write_as, Cue, SubtitleFormat, Subtitles};
/// let subs = Subtitles { cues: vec![Cue::new(0, 1500, "Hi")], ..Subtitles::default() };
/// let vtt = String::from_utf8(write_as(&subs, SubtitleFormat::Vtt)).unwrap();
/// assert_eq!(vtt, "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nHi\n");
/// ```
pub fn write_as(subtitles: &Subtitles, format: SubtitleFormat) -> Vec<u8> {
    let nl = subtitles.line_ending.as_str();
    let mut out = String::new();
    if subtitles.bom {
        out.push('\u{feff}');
    }
    let lines = |out: &mut String, text: &str| {
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                out.push_str(nl);
            }
            out.push_str(line);
        }
    };
    // The timing line (with settings) and the text: the same in both formats
    // but for how a time is written.
    let cue_body = |out: &mut String, cue: &Cue, time: fn(u64) -> String| {
        out.push_str(&time(cue.start));
        out.push_str(" --> ");
        out.push_str(&time(cue.end));
        if !cue.settings.is_empty() {
            out.push(' ');
            out.push_str(&cue.settings);
        }
        out.push_str(nl);
        if !cue.text.is_empty() {
            lines(out, &cue.text);
            out.push_str(nl);
        }
    };
    match format {
        SubtitleFormat::Srt => {
            for (i, cue) in subtitles.cues.iter().enumerate() {
                if i > 0 {
                    out.push_str(nl);
                }
                let id = cue.id.clone().unwrap_or_else(|| (i + 1).to_string());
                out.push_str(&id);
                out.push_str(nl);
                cue_body(&mut out, cue, timing::format_srt);
            }
        }
        SubtitleFormat::Vtt => {
            out.push_str("WEBVTT");
            lines(&mut out, &subtitles.header);
            out.push_str(nl);
            let mut blocks = subtitles.blocks.iter().peekable();
            for (i, cue) in subtitles.cues.iter().enumerate() {
                while let Some(b) = blocks.next_if(|b| b.before_cue <= i) {
                    out.push_str(nl);
                    lines(&mut out, &b.text);
                    out.push_str(nl);
                }
                out.push_str(nl);
                if let Some(id) = &cue.id {
                    out.push_str(id);
                    out.push_str(nl);
                }
                cue_body(&mut out, cue, timing::format_vtt);
            }
            for b in blocks {
                out.push_str(nl);
                lines(&mut out, &b.text);
                out.push_str(nl);
            }
        }
    }
    out.into_bytes()
}

/// Reads a subtitle file from disk, its format from the extension.
///
/// # Errors
/// `query.invalid` for an extension other than `.srt` or `.vtt`, I/O errors
/// naming the path, and the errors of [`read_subtitles`].
#[cfg(feature = "fs")]
pub fn read_subtitles_file(path: impl AsRef<std::path::Path>, encoding: Option<&str>) -> Result<Parsed> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let format = SubtitleFormat::from_path(&name).ok_or_else(|| {
        crate::Error::query(format!(
            "{name}: cannot tell the subtitle format from the extension; use .srt or .vtt"
        ))
    })?;
    let bytes = std::fs::read(path)
        .map_err(|e| crate::Error::from(std::io::Error::new(e.kind(), format!("{name}: cannot read: {e}"))))?;
    read_subtitles(&bytes, format, encoding, &Some(name.into()))
}

/// Splits text into lines at `\r\n`, `\r\r\n` (a doubled CR), `\r` or `\n`;
/// returns the lines and the first line break's style.
pub(crate) fn split_lines(text: &str) -> (Vec<&str>, LineEnding, bool) {
    let mut lines = Vec::new();
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    let mut ending = None;
    let mut odd = false;
    while let Some(&b) = bytes.get(i) {
        let brk = match (b, bytes.get(i + 1), bytes.get(i + 2)) {
            (b'\r', Some(b'\r'), Some(b'\n')) => {
                odd = true;
                3
            }
            (b'\r', Some(b'\n'), _) => {
                ending.get_or_insert(LineEnding::CrLf);
                2
            }
            (b'\r', _, _) => {
                odd = true;
                1
            }
            (b'\n', _, _) => {
                ending.get_or_insert(LineEnding::Lf);
                1
            }
            _ => 0,
        };
        if brk == 0 {
            i += 1;
            continue;
        }
        lines.push(text.get(start..i).unwrap_or_default());
        i += brk;
        start = i;
    }
    if start < text.len() {
        lines.push(text.get(start..).unwrap_or_default());
    }
    (lines, ending.unwrap_or_default(), odd)
}
