//! SubRip (SRT) parsing, lenient as real files need.
//!
//! A cue is an optional number line, a timing line (`start --> end`, then
//! optional `X1:… Y2:…` coordinates) and text lines. Cues are found by their
//! timing lines rather than by blank lines, so empty cues, missing blank lines
//! and numbers inside cue text all read correctly.
//!
//! Repaired, each with a warning naming the line: `.` as decimal separator,
//! fractions of one, two or more than three digits, a missing fraction on one
//! side, `MM:SS` timings, spaces inside a timestamp, a missing blank line, a
//! non-numeric cue number, CR or CR CR LF line breaks. Rejected, with the line:
//! a timing line that does not parse (`00:00:11:890`, no fraction on either
//! side), text with no timing line, text before the first cue.

use super::{split_lines, Cue, Parsed, SubtitleFormat, Subtitles};
use crate::error::{Error, Format, Location, Result, Warning};
use crate::sources::SourceName;

/// Longest SRT text accepted, in bytes.
pub const MAX_LEN: usize = 64 << 20;

/// A timestamp as read: milliseconds and what had to be repaired.
struct Time {
    ms: u64,
    had_fraction: bool,
    repairs: Vec<&'static str>,
}

/// Parses one SRT timestamp, leniently.
fn parse_time(raw: &str) -> std::result::Result<Time, String> {
    let mut repairs = Vec::new();
    let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() != raw.trim().len() {
        repairs.push("spaces inside a timestamp");
    }
    if compact.is_empty() {
        return Err("a timestamp is missing".into());
    }
    let (main, fraction) = match compact.find([',', '.']) {
        Some(i) => {
            if compact.get(i..i + 1) == Some(".") {
                repairs.push("'.' as the decimal separator");
            }
            (
                compact.get(..i).unwrap_or_default(),
                Some(compact.get(i + 1..).unwrap_or_default()),
            )
        }
        None => (compact.as_str(), None),
    };
    let fields: Vec<&str> = main.split(':').collect();
    let bad = || format!("{raw:?} is not a timestamp; write HH:MM:SS,mmm");
    if fields
        .iter()
        .any(|f| f.is_empty() || f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad());
    }
    let num = |s: &str| s.parse::<u64>().map_err(|_| bad());
    let (h, m, s) = match fields.as_slice() {
        [h, m, s] => (num(h)?, num(m)?, num(s)?),
        [m, s] => {
            repairs.push("a timestamp without hours");
            (0, num(m)?, num(s)?)
        }
        _ => return Err(bad()),
    };
    if m > 59 || s > 59 {
        return Err(format!("{raw:?} has minutes or seconds past 59"));
    }
    let ms = match fraction {
        None => 0,
        Some(f) if f.is_empty() || f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit()) => return Err(bad()),
        Some(f) => {
            if f.len() != 3 {
                repairs.push("a fraction that is not three digits");
            }
            // Digits are a decimal fraction of a second: ",5" is 500 ms, ",04" 40 ms.
            let padded: String = f.chars().chain(std::iter::repeat('0')).take(3).collect();
            num(&padded)?
        }
    };
    Ok(Time {
        ms: ((h * 60 + m) * 60 + s) * 1000 + ms,
        had_fraction: fraction.is_some(),
        repairs,
    })
}

/// A parsed timing line: start, end, the rest (coordinates), repairs.
type Timing = (u64, u64, String, Vec<&'static str>);

/// Parses a timing line: `start --> end [coordinates]`.
fn parse_timing(line: &str) -> std::result::Result<Timing, String> {
    let (left, right) = line.split_once("-->").ok_or("no `-->`")?;
    let right = right.trim_start();
    // The end time runs while it looks like a timestamp; coordinates follow.
    let end_len = right
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || matches!(c, ':' | ',' | '.' | ' ' | '\t')))
        .map_or(right.len(), |(i, _)| i);
    let (end_raw, settings) = right.split_at(end_len);
    let start = parse_time(left)?;
    let end = parse_time(end_raw)?;
    if !start.had_fraction && !end.had_fraction {
        return Err(format!(
            "{:?} has no milliseconds; write HH:MM:SS,mmm --> HH:MM:SS,mmm",
            line.trim()
        ));
    }
    let mut repairs = start.repairs;
    repairs.extend(end.repairs);
    if start.had_fraction != end.had_fraction {
        repairs.push("a timestamp without milliseconds");
    }
    repairs.sort_unstable();
    repairs.dedup();
    Ok((start.ms, end.ms, settings.trim().to_string(), repairs))
}

fn is_number(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// Parses decoded SRT text.
///
/// # Errors
/// `srt.syntax` with the line (and cue) for what cannot be read; `limit.exceeded` past [`MAX_LEN`].
///
/// # Example
/// ```
/// use crosscut::subtitle::srt::parse;
/// let p = parse("1\n00:00:01.5 --> 00:00:02,000\nHi\n2\n00:00:03,000 --> 00:00:04,000\nBye\n", &None)?;
/// assert_eq!(p.subtitles.cues.len(), 2);
/// assert_eq!(p.subtitles.cues[0].start, 1500);
/// // The dot and the short fraction on line 2, the missing blank line before line 4.
/// assert_eq!(p.warnings.iter().map(|w| w.location.line).collect::<Vec<_>>(), [2, 2, 4]);
/// let err = parse("1\n00:00:01 --> 00:00:02\nHi\n", &Some("x.srt".into())).unwrap_err();
/// assert_eq!(err.code(), "srt.syntax");
/// assert_eq!(err.location().unwrap().line, 2);
/// # Ok::<(), crosscut::Error>(())
/// ```
pub fn parse(text: &str, source: &SourceName) -> Result<Parsed> {
    if text.len() > MAX_LEN {
        return Err(Error::limit("SRT text length in bytes", MAX_LEN as u64));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (lines, line_ending, odd_breaks) = split_lines(text);
    let at = |i: usize| Location::new(source.clone(), i as u64 + 1, 0);
    let mut warnings = Vec::new();
    let mut warn = |i: usize, message: String| {
        warnings.push(Warning {
            location: at(i),
            message,
        })
    };
    if odd_breaks {
        warn(0, "CR or CR CR LF line breaks read as line breaks".into());
    }
    let get = |i: usize| lines.get(i).copied().unwrap_or_default();
    let blank = |i: usize| get(i).trim().is_empty();
    let timing_at = |i: usize| i < lines.len() && get(i).contains("-->");
    // A cue starts with its timing line, or with a number line right before one.
    let cue_start = |i: usize| timing_at(i) || (is_number(get(i)) && timing_at(i + 1));

    let mut cues: Vec<Cue> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if blank(i) {
            i += 1;
            continue;
        }
        let cue_no = cues.len() + 1;
        let (id, t) = if timing_at(i) {
            (None, i)
        } else if is_number(get(i)) && timing_at(i + 1) {
            (Some(get(i).trim().to_string()), i + 1)
        } else if timing_at(i + 1) {
            return Err(Error::syntax(
                Format::Srt,
                format!(
                    "cue {cue_no}: {:?} is not a cue number; text must follow a timing line",
                    get(i).trim()
                ),
            )
            .at(at(i)));
        } else if cues.is_empty() {
            return Err(Error::syntax(
                Format::Srt,
                format!(
                    "text before the first timing line: {:?}; a cue starts with `HH:MM:SS,mmm --> HH:MM:SS,mmm`",
                    get(i).trim()
                ),
            )
            .at(at(i)));
        } else {
            let what = if is_number(get(i)) {
                format!("cue {}", get(i).trim())
            } else {
                format!("cue {cue_no}")
            };
            return Err(Error::syntax(
                Format::Srt,
                format!("{what} has no timing line; add `HH:MM:SS,mmm --> HH:MM:SS,mmm`"),
            )
            .at(at(i)));
        };
        let (start, end, settings, repairs) = parse_timing(get(t)).map_err(|m| {
            let name = id
                .as_deref()
                .map_or_else(|| format!("cue {cue_no}"), |n| format!("cue {n}"));
            Error::syntax(Format::Srt, format!("{name}: bad timing line: {m}")).at(at(t))
        })?;
        for r in repairs {
            warn(t, format!("repaired {r}"));
        }
        if id.as_deref().is_some_and(|s| s != s.trim()) || get(t) != get(t).trim_end() {
            warn(t, "repaired extra spaces around the cue number or timing".into());
        }
        let mut j = t + 1;
        let mut text_lines: Vec<&str> = Vec::new();
        while j < lines.len() {
            if blank(j) {
                let mut k = j;
                while k < lines.len() && blank(k) {
                    k += 1;
                }
                if k == lines.len() || cue_start(k) {
                    j = k;
                    break;
                }
                let message = if is_number(get(k)) {
                    format!(
                        "cue {} has no timing line; add `HH:MM:SS,mmm --> HH:MM:SS,mmm`",
                        get(k).trim()
                    )
                } else {
                    format!(
                        "{:?} after cue {} is neither cue text nor a cue; a cue needs a timing line",
                        get(k).trim(),
                        id.as_deref().map_or_else(|| cue_no.to_string(), str::to_string)
                    )
                };
                return Err(Error::syntax(Format::Srt, message).at(at(k)));
            }
            if cue_start(j) {
                warn(j, "repaired a missing blank line before this cue".into());
                break;
            }
            text_lines.push(get(j));
            j += 1;
        }
        cues.push(Cue {
            id,
            start,
            end,
            settings,
            text: text_lines.join("\n"),
            line: t as u64 + 1,
        });
        i = j;
    }
    let subtitles = Subtitles {
        format: SubtitleFormat::Srt,
        cues,
        line_ending,
        encoding: "UTF-8".into(),
        ..Subtitles::default()
    };
    Ok(Parsed { subtitles, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! time {
        ($raw:expr, $ms:expr) => {
            assert_eq!(parse_time($raw).map(|t| t.ms), Ok($ms), "{:?}", $raw)
        };
    }

    #[test]
    fn timestamps() {
        time!("00:00:01,500", 1500);
        time!("00:00:01.5", 1500);
        time!("00:02:04,08", 124_080);
        time!(" 01:00:00, 001", 3_600_001);
        time!("01:39", 99_000);
        assert!(parse_time("00:00:11:890").is_err());
        assert!(parse_time("00:61:00,000").is_err());
        assert!(parse_time("1d:00:00,000").is_err());
    }

    #[test]
    fn empty_cues_and_numbers_in_text() {
        let p = parse("1\n00:00:01,000 --> 00:00:02,000\n\n\n2\n00:00:03,000 --> 00:00:04,000\n73\n\n3\n00:00:05,000 --> 00:00:06,000\nx", &None).unwrap();
        let texts: Vec<&str> = p.subtitles.cues.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["", "73", "x"]);
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
    }

    #[test]
    fn errors_name_lines() {
        for (text, line, needle) in [
            ("some text\n00:00:00,500 --> 00:00:07,000", 1, "not a cue number"),
            (
                "1\n00:00:00,500 --> 00:00:07,000\na\n\n2\nb\n",
                5,
                "cue 2 has no timing line",
            ),
            ("1\n00:00:00,500 --> 00:00:11:890\na\n", 2, "cue 1: bad timing"),
            ("hello\n", 1, "before the first timing line"),
        ] {
            let e = parse(text, &None).unwrap_err();
            assert_eq!(e.location().map(|l| l.line), Some(line), "{text:?}: {e}");
            assert!(e.to_string().contains(needle), "{e}");
        }
    }
}
