//! UAX #29 word segments, with a fast path for ASCII text.
//!
//! Term recognition and stemming split every line of text into words. For text
//! that is all ASCII (most lines of most scripts) the UAX #29 rules reduce to a
//! few character classes, applied here in one pass; other text goes to
//! `unicode-segmentation`. A property test checks that both give the same
//! segments on ASCII text.

use unicode_segmentation::UnicodeSegmentation;

/// The word segments of `text`, each with its byte offset, as
/// `unicode-segmentation`'s `split_word_bound_indices` gives them.
pub(crate) fn word_segments(text: &str) -> Vec<(usize, &str)> {
    if !text.is_ascii() {
        return text.split_word_bound_indices().collect();
    }
    // About one segment in three bytes of prose (words, spaces, punctuation).
    let mut out = Vec::with_capacity(text.len() / 3 + 1);
    out.extend(AsciiSegments::new(text.as_bytes()).map(|(s, e)| (s, text.get(s..e).unwrap_or_default())));
    out
}

/// The hash of a word in the tables that index words kept in one buffer
/// (the first-word tables, the stem cache).
pub(crate) fn hash(word: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(word)
}

/// The (start, end) of each UAX #29 word segment of ASCII bytes, in order.
pub(crate) struct AsciiSegments<'t> {
    bytes: &'t [u8],
    start: usize,
    /// The next place a break may be: between bytes `i - 1` and `i`.
    i: usize,
}

impl<'t> AsciiSegments<'t> {
    pub(crate) fn new(bytes: &'t [u8]) -> AsciiSegments<'t> {
        AsciiSegments { bytes, start: 0, i: 1 }
    }
}

impl Iterator for AsciiSegments<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.bytes;
        let class_at = |j: usize| bytes.get(j).map(|&b| class(b));
        let mut i = self.i;
        while let (Some(&x), Some(&y)) = (bytes.get(i.wrapping_sub(1)), bytes.get(i)) {
            let (a, b) = (class(x), class(y));
            // No rule breaks between two letters or digits (WB5, WB8–WB10), so a
            // run of them (most bytes of prose) is skipped in one step.
            if is_alnum(a) && is_alnum(b) {
                let rest = bytes.get(i + 1..).unwrap_or_default();
                i += 1 + rest.iter().position(|&c| !is_alnum(class(c))).unwrap_or(rest.len());
                continue;
            }
            // The rules look one class further each way only between a letter or
            // digit and a mid-word character (WB6, WB7, WB11, WB12).
            let before = if i >= 2 { class_at(i - 2) } else { None };
            if breaks(before, a, b, class_at(i + 1)) {
                self.i = i + 1;
                let start = std::mem::replace(&mut self.start, i);
                return Some((start, i));
            }
            i += 1;
        }
        self.i = i;
        if self.start < bytes.len() {
            let start = std::mem::replace(&mut self.start, bytes.len());
            return Some((start, bytes.len()));
        }
        None
    }
}

fn is_alnum(c: Class) -> bool {
    matches!(c, Class::Letter | Class::Numeric)
}

/// UAX #29 word-break classes of ASCII characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Numeric,
    MidLetter,
    MidNumLet,
    SingleQuote,
    MidNum,
    ExtendNumLet,
    Space,
    Newline,
    Cr,
    Lf,
    Other,
}

fn class(b: u8) -> Class {
    CLASSES.get(usize::from(b)).copied().unwrap_or(Class::Other)
}

/// [`Class`] of every byte, looked up rather than matched in the hot loop.
#[allow(clippy::indexing_slicing)] // b < 256, in a constant: checked at compile time
static CLASSES: [Class; 256] = {
    let mut t = [Class::Other; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Numeric,
            b':' => Class::MidLetter,
            b'.' => Class::MidNumLet,
            b'\'' => Class::SingleQuote,
            b',' | b';' => Class::MidNum,
            b'_' => Class::ExtendNumLet,
            b' ' => Class::Space,
            b'\x0b' | b'\x0c' => Class::Newline,
            b'\r' => Class::Cr,
            b'\n' => Class::Lf,
            _ => Class::Other,
        };
        b += 1;
    }
    t
};

/// Whether UAX #29 puts a word boundary between two ASCII characters of
/// classes `a` and `b`, given the classes of the one `before` them and the
/// one `after` (`None` at either end of the text).
fn breaks(before: Option<Class>, a: Class, b: Class, after: Option<Class>) -> bool {
    use Class::*;
    let mid_letter = |c: Class| matches!(c, MidLetter | MidNumLet | SingleQuote);
    let mid_num = |c: Class| matches!(c, MidNum | MidNumLet | SingleQuote);
    match (a, b) {
        (Letter | Numeric, Letter | Numeric) => false,         // WB5, WB8–WB10
        (Cr, Lf) => false,                                     // WB3
        (Newline | Cr | Lf, _) | (_, Newline | Cr | Lf) => true, // WB3a, WB3b
        (Space, Space) => false,                               // WB3d
        (Letter, m) if mid_letter(m) && after == Some(Letter) => false, // WB6
        (m, Letter) if mid_letter(m) && before == Some(Letter) => false, // WB7
        (m, Numeric) if mid_num(m) && before == Some(Numeric) => false, // WB11
        (Numeric, m) if mid_num(m) && after == Some(Numeric) => false, // WB12
        (Letter | Numeric | ExtendNumLet, ExtendNumLet) => false, // WB13a
        (ExtendNumLet, Letter | Numeric) => false,             // WB13b
        _ => true,                                             // WB999
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 4096, ..ProptestConfig::default() })]

        #[test]
        fn ascii_segments_equal_unicode_segmentation(s in "[a-cA-C0-9 :.',;_\"\\-!?()\\t\\r\\n\\x0b\\x0c]{0,24}") {
            let want: Vec<(usize, &str)> = s.split_word_bound_indices().collect();
            prop_assert_eq!(word_segments(&s), want);
        }
    }

    /// Rules look at most two characters back and one ahead, so every window of
    /// four characters, one of each class (and the characters UAX #29 treats
    /// apart: tab, double quote), covers them all.
    #[test]
    fn every_four_character_window_of_classes() {
        let reps = ['a', 'Z', '7', ':', '.', '\'', ',', ';', '_', ' ', '\x0b', '\r', '\n', '\t', '"', '-'];
        for a in reps {
            for b in reps {
                for c in reps {
                    for d in reps {
                        let s: String = [a, b, c, d].iter().collect();
                        let want: Vec<(usize, &str)> = s.split_word_bound_indices().collect();
                        assert_eq!(word_segments(&s), want, "{s:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn examples() {
        let segs = |s| word_segments(s).into_iter().map(|(_, w)| w).collect::<Vec<_>>();
        assert_eq!(segs("don't stop, 3.14 x_y e.g. a:b"), ["don't", " ", "stop", ",", " ", "3.14", " ", "x_y", " ", "e.g", ".", " ", "a:b"]);
        assert_eq!(segs("co-production  1,000"), ["co", "-", "production", "  ", "1,000"]);
    }
}
