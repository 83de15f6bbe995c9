//! Spans in three units: bytes (Rust), code points (Python), UTF-16 code units (JS).

use serde::Serialize;

/// A range of a text, given in bytes, UTF-16 code units and code points.
///
/// `text[start..end]` (bytes) is the matched text in Rust; `text[start_char:end_char]`
/// in Python; `text.slice(start_utf16, end_utf16)` in JavaScript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
pub struct Span {
    /// Start, in bytes of UTF-8.
    pub start: usize,
    /// End (exclusive), in bytes of UTF-8.
    pub end: usize,
    /// Start, in UTF-16 code units.
    pub start_utf16: usize,
    /// End (exclusive), in UTF-16 code units.
    pub end_utf16: usize,
    /// Start, in Unicode code points.
    pub start_char: usize,
    /// End (exclusive), in Unicode code points.
    pub end_char: usize,
}

/// Converts sorted byte offsets of one text into the other two units in a single pass.
///
/// # Example
/// ```
/// use crosscut::span::spans_for;
/// let text = "😀 dub";
/// let s = spans_for(text, &[(5, 8)]);
/// assert_eq!((s[0].start_utf16, s[0].end_utf16), (3, 6));
/// assert_eq!((s[0].start_char, s[0].end_char), (2, 5));
/// ```
pub fn spans_for(text: &str, ranges: &[(usize, usize)]) -> Vec<Span> {
    // In ASCII text a byte is a code point and a UTF-16 unit.
    if text.is_ascii() {
        return ranges
            .iter()
            .map(|&(start, end)| Span { start, end, start_utf16: start, end_utf16: end, start_char: start, end_char: end })
            .collect();
    }
    let mut points: Vec<usize> = ranges.iter().flat_map(|&(s, e)| [s, e]).collect();
    crate::sort::sort_unstable(&mut points);
    points.dedup();
    // (byte, utf16, char) for each requested point, found by one walk over the text.
    let mut table: Vec<(usize, usize, usize)> = Vec::with_capacity(points.len());
    let (mut u16s, mut chars) = (0usize, 0usize);
    let mut next = points.iter().peekable();
    for (i, c) in text.char_indices() {
        while let Some(&&p) = next.peek() {
            if p > i {
                break;
            }
            table.push((p, u16s, chars));
            next.next();
        }
        u16s += c.len_utf16();
        chars += 1;
    }
    for &p in next {
        table.push((p, u16s, chars));
    }
    let find = |b: usize| match table.binary_search_by_key(&b, |t| t.0) {
        Ok(i) => table.get(i).map_or((0, 0), |t| (t.1, t.2)),
        Err(_) => (0, 0),
    };
    ranges
        .iter()
        .map(|&(start, end)| {
            let (su, sc) = find(start);
            let (eu, ec) = find(end);
            Span { start, end, start_utf16: su, end_utf16: eu, start_char: sc, end_char: ec }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_agree_with_std() {
        for text in ["a😀é 配音 x\u{301}y", "plain ascii, 2 words"] {
            check(text);
        }
    }

    fn check(text: &str) {
        let mut ranges = Vec::new();
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        for (n, &s) in bounds.iter().enumerate() {
            for &e in &bounds[n..] {
                ranges.push((s, e));
            }
        }
        for (span, &(s, e)) in spans_for(text, &ranges).iter().zip(&ranges) {
            let piece = &text[s..e];
            assert_eq!(span.end_char - span.start_char, piece.chars().count());
            assert_eq!(span.end_utf16 - span.start_utf16, piece.encode_utf16().count());
            assert_eq!(span.start_char, text[..s].chars().count());
            assert_eq!(span.start_utf16, text[..s].encode_utf16().count());
        }
    }
}
