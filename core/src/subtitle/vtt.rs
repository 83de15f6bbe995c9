//! WebVTT parsing by the W3C algorithm, plus cue settings and regions.
//!
//! [`parse`] follows "WebVTT parser algorithm" of the W3C spec: the signature,
//! header, then blocks. A block whose timing line does not parse is dropped,
//! like a browser does, and reported as a warning with its line. `NOTE`,
//! `STYLE` and `REGION` blocks are kept in place ([`super::Block`]); `STYLE` and
//! `REGION` only count before the first cue, as the spec says. The text is
//! UTF-8 (a BOM is allowed, NUL becomes U+FFFD); invalid UTF-8 is an error
//! rather than replacement characters.
//!
//! [`cue_settings`] and [`regions`] interpret the settings as `VTTCue` and
//! `VTTRegion` do (line, position, size, align, vertical, region).

use super::{Block, BlockKind, Cue, LineEnding, Parsed, SubtitleFormat, Subtitles};
use crate::error::{Error, ErrorKind, Format, Location, Result, Warning};
use crate::sources::SourceName;

/// Longest WebVTT file accepted, in bytes.
pub const MAX_LEN: usize = 64 << 20;

/// Parses WebVTT bytes (UTF-8, with or without BOM).
///
/// # Errors
/// `vtt.encoding` for invalid UTF-8, `vtt.signature` without the `WEBVTT` signature.
pub fn parse_bytes(bytes: &[u8], source: &SourceName) -> Result<Parsed> {
    if bytes.len() > MAX_LEN {
        return Err(Error::limit("WebVTT file length in bytes", MAX_LEN as u64));
    }
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let text = crate::sources::text::utf8(
        bytes.get(if bom { 3 } else { 0 }..).unwrap_or_default(),
        Format::Vtt,
        source,
    )?;
    let mut parsed = parse(&text, source)?;
    parsed.subtitles.bom = bom;
    Ok(parsed)
}

/// Collects a W3C timestamp at the start of `s`: milliseconds and bytes used.
fn collect_timestamp(s: &str) -> Option<(u64, usize)> {
    let b = s.as_bytes();
    let mut pos = 0;
    let digits = |pos: &mut usize| -> Option<(u64, usize)> {
        let start = *pos;
        while b.get(*pos).is_some_and(u8::is_ascii_digit) {
            *pos += 1;
        }
        let run = s.get(start..*pos)?;
        // Long runs overflow u64: saturate, which still fails the range checks below.
        Some((run.parse::<u64>().unwrap_or(u64::MAX), *pos - start))
    };
    if !b.first().is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let (v1, l1) = digits(&mut pos)?;
    let hours_first = l1 != 2 || v1 > 59;
    if b.get(pos) != Some(&b':') {
        return None;
    }
    pos += 1;
    let (v2, l2) = digits(&mut pos)?;
    if l2 != 2 {
        return None;
    }
    let (h, m, sec) = if hours_first || b.get(pos) == Some(&b':') {
        if b.get(pos) != Some(&b':') {
            return None;
        }
        pos += 1;
        let (v3, l3) = digits(&mut pos)?;
        if l3 != 2 {
            return None;
        }
        (v1, v2, v3)
    } else {
        (0, v1, v2)
    };
    if b.get(pos) != Some(&b'.') {
        return None;
    }
    pos += 1;
    let (frac, lf) = digits(&mut pos)?;
    if lf != 3 || m > 59 || sec > 59 {
        return None;
    }
    let ms = h.checked_mul(3_600_000)?.checked_add(m * 60_000 + sec * 1000 + frac)?;
    Some((ms, pos))
}

/// Parses a whole string as a W3C timestamp (as in cue-text timestamp tags).
///
/// # Example
/// ```
/// use crosscut::subtitle::vtt::parse_timestamp;
/// assert_eq!(parse_timestamp("01:02.500"), Some(62_500));
/// assert_eq!(parse_timestamp("100:00:00.000"), Some(360_000_000));
/// assert_eq!(parse_timestamp("0:00.500"), None);
/// ```
pub fn parse_timestamp(s: &str) -> Option<u64> {
    collect_timestamp(s).filter(|&(_, n)| n == s.len()).map(|(ms, _)| ms)
}

fn is_ws(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0C' | '\r' | ' ')
}

/// Parses a timing line: start, end and the settings after the end time.
fn parse_timing(line: &str) -> Option<(u64, u64, String)> {
    let rest = line.trim_start_matches(is_ws);
    let (start, n) = collect_timestamp(rest)?;
    let rest = rest.get(n..)?.trim_start_matches(is_ws);
    let rest = rest.strip_prefix("-->")?.trim_start_matches(is_ws);
    let (end, n) = collect_timestamp(rest)?;
    let settings = rest.get(n..)?.trim_matches(is_ws).to_string();
    Some((start, end, settings))
}

/// Parses decoded WebVTT text by the W3C algorithm.
///
/// # Errors
/// `vtt.signature` when the file does not start with `WEBVTT` followed by a
/// space, a tab, a line break or the end.
///
/// # Example
/// ```
/// use crosscut::subtitle::vtt::parse;
/// let p = parse("WEBVTT - demo\n\nNOTE hello\n\nintro\n00:01.000 --> 00:02.000 align:start\n<v Mei>Hi</v>\n", &None)?;
/// let cue = &p.subtitles.cues[0];
/// assert_eq!((cue.id.as_deref(), cue.start, cue.settings.as_str()), (Some("intro"), 1000, "align:start"));
/// assert_eq!(p.subtitles.header, " - demo");
/// assert_eq!(p.subtitles.blocks[0].text, "NOTE hello");
/// assert_eq!(parse("WEBVTT-x\n", &None).unwrap_err().code(), "vtt.signature");
/// # Ok::<(), crosscut::Error>(())
/// ```
pub fn parse(text: &str, source: &SourceName) -> Result<Parsed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let line_ending = if text.contains("\r\n") {
        LineEnding::CrLf
    } else {
        LineEnding::Lf
    };
    let text = text.replace('\0', "\u{FFFD}").replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.split('\n').collect();
    let at = |i: usize| Location::new(source.clone(), i as u64 + 1, 0);
    let first = lines.first().copied().unwrap_or_default();
    let after = first.strip_prefix("WEBVTT");
    let signature_ok = after.is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']));
    if !signature_ok {
        let message = if first.trim().is_empty() {
            "the file does not start with the `WEBVTT` signature".to_string()
        } else {
            format!(
                "the first line is {:?}, not the `WEBVTT` signature",
                first.chars().take(40).collect::<String>()
            )
        };
        return Err(Error::new(ErrorKind::Signature {
            format: Format::Vtt,
            message,
        })
        .at(at(0)));
    }
    let mut subs = Subtitles {
        format: SubtitleFormat::Vtt,
        header: after.unwrap_or_default().to_string(),
        line_ending,
        encoding: "UTF-8".into(),
        ..Subtitles::default()
    };
    let mut warnings = Vec::new();
    // `text.split('\n')` gives one empty line after a final line break: not a line.
    let n = if text.ends_with('\n') {
        lines.len() - 1
    } else {
        lines.len()
    };
    let line = |i: usize| lines.get(i).copied().unwrap_or_default();
    let mut i = 1;
    // Header: lines up to a blank line, or a line holding `-->` (which starts a cue).
    while i < n && !line(i).is_empty() && !line(i).contains("-->") {
        subs.header.push('\n');
        subs.header.push_str(line(i));
        i += 1;
    }
    let mut seen_cue = false;
    loop {
        while i < n && line(i).is_empty() {
            i += 1;
        }
        if i >= n {
            break;
        }
        let start = i;
        let mut count = 0;
        let mut seen_arrow = false;
        let mut buffer: Vec<&str> = Vec::new();
        let mut cue: Option<Cue> = None;
        let mut timing_failed = None;
        let mut kind: Option<BlockKind> = None;
        while i < n {
            let l = line(i);
            count += 1;
            if l.contains("-->") {
                if count == 1 || (count == 2 && !seen_arrow) {
                    seen_arrow = true;
                    i += 1;
                    match parse_timing(l) {
                        Some((s, e, settings)) => {
                            let id = buffer.join("\n");
                            cue = Some(Cue {
                                id: (!id.is_empty()).then_some(id),
                                start: s,
                                end: e,
                                settings,
                                text: String::new(),
                                line: i as u64,
                            });
                            buffer.clear();
                            seen_cue = true;
                        }
                        None => timing_failed = Some(i - 1),
                    }
                    continue;
                }
                break;
            }
            if l.is_empty() {
                break;
            }
            if count == 2 && !seen_cue && cue.is_none() && kind.is_none() {
                let head = buffer.join("\n");
                let word = |w: &str| {
                    head.strip_prefix(w)
                        .is_some_and(|r| r.chars().all(|c| c == ' ' || c == '\t'))
                };
                if word("STYLE") {
                    kind = Some(BlockKind::Style);
                } else if word("REGION") {
                    kind = Some(BlockKind::Region);
                }
            }
            buffer.push(l);
            i += 1;
        }
        let raw = lines.get(start..i).map(|l| l.join("\n")).unwrap_or_default();
        if let Some(mut c) = cue {
            c.text = buffer.join("\n");
            subs.cues.push(c);
        } else if let Some(kind) = kind {
            subs.blocks.push(Block {
                kind,
                text: raw,
                before_cue: subs.cues.len(),
                line: start as u64 + 1,
            });
        } else if let Some(bad) = timing_failed {
            warnings.push(Warning {
                location: at(bad),
                message: format!(
                    "bad cue timing {:?}: the cue is dropped, as WebVTT players do",
                    line(bad)
                ),
            });
        } else if raw
            .strip_prefix("NOTE")
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t', '\n']))
        {
            subs.blocks.push(Block {
                kind: BlockKind::Note,
                text: raw,
                before_cue: subs.cues.len(),
                line: start as u64 + 1,
            });
        } else {
            let what = if seen_cue && (raw.starts_with("STYLE") || raw.starts_with("REGION")) {
                "a STYLE or REGION block after the first cue is ignored, as WebVTT players do"
            } else {
                "a block without a timing line is ignored, as WebVTT players do"
            };
            warnings.push(Warning {
                location: at(start),
                message: what.into(),
            });
        }
    }
    Ok(Parsed {
        subtitles: subs,
        warnings,
    })
}

/// A `REGION` definition, as `VTTRegion` exposes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// `id:`
    pub id: String,
    /// `width:` in percent (100).
    pub width: f64,
    /// `lines:` (3).
    pub lines: f64,
    /// `regionanchor:` x and y in percent (0, 100).
    pub region_anchor: (f64, f64),
    /// `viewportanchor:` x and y in percent (0, 100).
    pub viewport_anchor: (f64, f64),
    /// `scroll:` (`""` or `"up"`).
    pub scroll: &'static str,
}

impl Default for Region {
    fn default() -> Region {
        Region {
            id: String::new(),
            width: 100.0,
            lines: 3.0,
            region_anchor: (0.0, 100.0),
            viewport_anchor: (0.0, 100.0),
            scroll: "",
        }
    }
}

/// Parses a W3C percentage (`12.5%`, 0–100).
fn percentage(s: &str) -> Option<f64> {
    let num = s.strip_suffix('%')?;
    let (int, frac) = match num.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (num, None),
    };
    let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    if !digits(int) || frac.is_some_and(|f| !digits(f)) {
        return None;
    }
    num.parse::<f64>().ok().filter(|v| (0.0..=100.0).contains(v))
}

fn pair(value: &str) -> Option<(f64, f64)> {
    let (x, y) = value.split_once(',')?;
    Some((percentage(x)?, percentage(y)?))
}

/// The regions of a WebVTT file, in order, from its `REGION` blocks.
pub fn regions(subtitles: &Subtitles) -> Vec<Region> {
    let mut out = Vec::new();
    for b in subtitles.blocks.iter().filter(|b| b.kind == BlockKind::Region) {
        let body = b.text.split_once('\n').map_or("", |(_, rest)| rest);
        let mut r = Region::default();
        for setting in body.split(is_ws).filter(|s| !s.is_empty()) {
            let Some((name, value)) = setting.split_once(':') else {
                continue;
            };
            if name.is_empty() || value.is_empty() {
                continue;
            }
            match name {
                "id" => r.id = value.to_string(),
                "width" => r.width = percentage(value).unwrap_or(r.width),
                "lines" if value.bytes().all(|b| b.is_ascii_digit()) => r.lines = value.parse().unwrap_or(r.lines),
                "regionanchor" => r.region_anchor = pair(value).unwrap_or(r.region_anchor),
                "viewportanchor" => r.viewport_anchor = pair(value).unwrap_or(r.viewport_anchor),
                "scroll" if value == "up" => r.scroll = "up",
                _ => {}
            }
        }
        out.push(r);
    }
    out
}

/// A cue's settings, as `VTTCue` exposes them.
#[derive(Debug, Clone, PartialEq)]
pub struct CueSettings {
    /// `""` (horizontal), `"rl"` or `"lr"`.
    pub vertical: &'static str,
    /// The line position; `None` is `auto`.
    pub line: Option<f64>,
    /// Whether `line` counts lines (true) or percent.
    pub snap_to_lines: bool,
    /// `start`, `center` or `end`.
    pub line_align: &'static str,
    /// The position in percent; `None` is `auto`.
    pub position: Option<f64>,
    /// `line-left`, `center`, `line-right` or `auto`.
    pub position_align: &'static str,
    /// The size in percent.
    pub size: f64,
    /// `start`, `center`, `end`, `left` or `right`.
    pub align: &'static str,
    /// The index in [`regions`] of the cue's region.
    pub region: Option<usize>,
}

impl Default for CueSettings {
    fn default() -> CueSettings {
        CueSettings {
            vertical: "",
            line: None,
            snap_to_lines: true,
            line_align: "start",
            position: None,
            position_align: "auto",
            size: 100.0,
            align: "center",
            region: None,
        }
    }
}

/// Interprets cue settings (`line:0 align:start region:r1`) by the W3C rules.
///
/// # Example
/// ```
/// use crosscut::subtitle::vtt::{cue_settings, Region};
/// let s = cue_settings("line:10% position:20%,line-left align:start", &[]);
/// assert_eq!((s.line, s.snap_to_lines, s.position, s.align), (Some(10.0), false, Some(20.0), "start"));
/// ```
pub fn cue_settings(settings: &str, regions: &[Region]) -> CueSettings {
    let mut s = CueSettings::default();
    for setting in settings.split(is_ws).filter(|x| !x.is_empty()) {
        let Some((name, value)) = setting.split_once(':') else {
            continue;
        };
        if name.is_empty() || value.is_empty() {
            continue;
        }
        match name {
            "region" => s.region = regions.iter().rposition(|r| r.id == value),
            "vertical" => match value {
                "rl" => s.vertical = "rl",
                "lr" => s.vertical = "lr",
                _ => {}
            },
            "line" => {
                let (linepos, linealign) = match value.split_once(',') {
                    Some((p, a)) => (p, Some(a)),
                    None => (value, None),
                };
                if !linepos.bytes().any(|b| b.is_ascii_digit()) {
                    continue;
                }
                let (number, snap) = if linepos.ends_with('%') {
                    match percentage(linepos) {
                        Some(v) => (v, false),
                        None => continue,
                    }
                } else {
                    if linepos.bytes().any(|b| !(b.is_ascii_digit() || b == b'-' || b == b'.'))
                        || linepos.get(1..).is_some_and(|r| r.contains('-'))
                        || linepos.matches('.').count() > 1
                    {
                        continue;
                    }
                    if let Some(dot) = linepos.find('.') {
                        let before = linepos.get(..dot).and_then(|p| p.bytes().last());
                        let after = linepos.get(dot + 1..).and_then(|p| p.bytes().next());
                        if !before.is_some_and(|b| b.is_ascii_digit()) || !after.is_some_and(|b| b.is_ascii_digit()) {
                            continue;
                        }
                    }
                    match linepos.parse::<f64>() {
                        Ok(v) if v.is_finite() => (v, true),
                        _ => continue,
                    }
                };
                let align = match linealign {
                    None => "start",
                    Some("start") => "start",
                    Some("center") => "center",
                    Some("end") => "end",
                    Some(_) => continue,
                };
                s.line = Some(number);
                s.snap_to_lines = snap;
                s.line_align = align;
            }
            "position" => {
                let (colpos, colalign) = match value.split_once(',') {
                    Some((p, a)) => (p, Some(a)),
                    None => (value, None),
                };
                let Some(number) = percentage(colpos) else { continue };
                let align = match colalign {
                    None => "auto",
                    Some("line-left") => "line-left",
                    Some("center") => "center",
                    Some("line-right") => "line-right",
                    Some(_) => continue,
                };
                s.position = Some(number);
                s.position_align = align;
            }
            "size" => {
                if let Some(v) = percentage(value) {
                    s.size = v;
                }
            }
            "align" => {
                if let Some(a) = ["start", "center", "end", "left", "right"]
                    .into_iter()
                    .find(|a| *a == value)
                {
                    s.align = a;
                }
            }
            _ => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("00:00.500"), Some(500));
        assert_eq!(parse_timestamp("00:00:00.500"), Some(500));
        assert_eq!(parse_timestamp("60:00.000"), None); // 60 reads as hours, then seconds are missing
        assert_eq!(parse_timestamp("60:00:00.000"), Some(216_000_000));
        assert_eq!(parse_timestamp("00:60.000"), None);
        assert_eq!(parse_timestamp("00:00.50"), None);
    }

    #[test]
    fn dropped_cue_is_a_warning() {
        let p = parse(
            "WEBVTT\n\n00:00.000 --> 00:01.000\na\n\n00:01.000 --> 00:1d.890\nb\n\n00:02.000 --> 00:03.000\nc\n",
            &None,
        )
        .unwrap();
        assert_eq!(p.subtitles.cues.len(), 2);
        assert_eq!(p.warnings.len(), 1);
        assert_eq!(p.warnings[0].location.line, 6);
    }
}
