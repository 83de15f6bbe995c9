//! Timestamps in milliseconds: formatting for SRT and WebVTT, and overlap arithmetic.

/// Formats `ms` as an SRT timestamp, `HH:MM:SS,mmm`.
///
/// # Example
/// ```
/// assert_eq!(crosscut::subtitle::timing::format_srt(3_723_004), "01:02:03,004");
/// ```
pub fn format_srt(ms: u64) -> String {
    format_with(ms, ',')
}

/// Formats `ms` as a WebVTT timestamp, `HH:MM:SS.mmm`.
///
/// # Example
/// ```
/// assert_eq!(crosscut::subtitle::timing::format_vtt(61_500), "00:01:01.500");
/// ```
pub fn format_vtt(ms: u64) -> String {
    format_with(ms, '.')
}

fn format_with(ms: u64, sep: char) -> String {
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    let (s, f) = (rest / 1000, rest % 1000);
    format!("{h:02}:{m:02}:{s:02}{sep}{f:03}")
}

/// Formats `ms` for people: `1:02.500` (or `1:02:03.500` past an hour).
pub fn format_short(ms: u64) -> String {
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    let (s, f) = (rest / 1000, rest % 1000);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}.{f:03}")
    } else {
        format!("{m}:{s:02}.{f:03}")
    }
}

/// How long two time ranges overlap, in milliseconds (0 when they do not).
///
/// # Example
/// ```
/// use crosscut::subtitle::timing::overlap;
/// assert_eq!(overlap((1000, 3000), (2500, 4000)), 500);
/// assert_eq!(overlap((1000, 2000), (2000, 3000)), 0);
/// ```
pub fn overlap(a: (u64, u64), b: (u64, u64)) -> u64 {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(format_srt(0), "00:00:00,000");
        assert_eq!(format_vtt(360_000_000 + 1), "100:00:00.001");
        assert_eq!(format_short(62_500), "1:02.500");
        assert_eq!(format_short(3_662_500), "1:01:02.500");
    }
}
