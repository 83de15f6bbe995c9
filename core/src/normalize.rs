//! One normalizer for compile and query: the matching key of a text.
//!
//! The key of a text is, in order: NFKC (full-width forms, ligatures such as
//! `ﬁ`, compatibility characters), Unicode default case folding (`ß` → `ss`),
//! NFKC again (folding can denormalize), optional removal of Latin/Greek/Cyrillic
//! diacritics (U+0300–U+036F only, so Japanese dakuten and Indic vowel signs stay),
//! then unification of the variants people type interchangeably: apostrophes
//! (`’ ‘ ʼ ´ \``) become `'`, double quotes and guillemets become `"`,
//! hyphens and dashes (`‐ ‑ ‒ – −`) become `-`, soft hyphens and zero-width
//! spaces vanish, and every run of white space (NBSP, ideographic space, tabs,
//! line breaks) becomes one ASCII space, trimmed at both ends.
//!
//! The settings are stored in the artifact, so every surface builds the same key.
//! [`NormalizedText`] also keeps, for every byte of the key, the offset in the
//! original text it came from, so matches on keys map back to the original.
//!
//! Text is processed in *units*: a starter character and the combining marks
//! after it, so canonical composition (`e` + U+0301 → `é`) sees whole units and
//! every offset in the map is a character boundary of the original.

use serde::{Deserialize, Serialize};
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

/// Normalization settings, chosen per glossary at compile time and stored in the artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Normalization {
    /// Remove diacritics from Latin, Greek and Cyrillic letters (`café` matches `cafe`).
    pub fold_diacritics: bool,
}

/// A text with its normalized form and the alignment between the two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalizedText {
    /// The normalized text.
    pub normalized: String,
    /// For each byte of `normalized` (and one past its end), the byte offset
    /// in the original text of the unit it came from.
    map: Vec<u32>,
    /// For each byte of `normalized`, the end offset in the original of its unit.
    ends: Vec<u32>,
}

impl NormalizedText {
    /// The original byte range that produced the normalized byte range `start..end`.
    ///
    /// Both ends are character boundaries of the original. Returns `None` when the
    /// range is out of bounds or empty.
    pub fn original_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end || end > self.normalized.len() {
            return None;
        }
        let s = *self.map.get(start)?;
        let e = *self.ends.get(end - 1)?;
        Some((s as usize, e as usize))
    }
}

impl Normalization {
    /// The matching key of `text`: case-folded, NFKC, variants unified.
    ///
    /// # Example
    /// ```
    /// use crosscut::Normalization;
    /// let n = Normalization { fold_diacritics: true };
    /// assert_eq!(n.key("  Co‐Production\u{a0}Treaty "), "co-production treaty");
    /// assert_eq!(n.key("ＣＡＦÉ"), "cafe");
    /// assert_eq!(n.key("Straße"), "strasse");
    /// assert_eq!(n.key("it’s"), "it's");
    /// ```
    pub fn key(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        self.run(text, true, &mut out, None);
        out
    }

    /// Like [`key`](Self::key) but keeping the case: used to honour case-sensitive terms.
    pub fn key_preserving_case(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        self.run(text, false, &mut out, None);
        out
    }

    /// The key of `text` with its alignment to the original.
    ///
    /// # Example
    /// ```
    /// use crosscut::Normalization;
    /// let text = "ﬁlm «Straße»";
    /// let n = Normalization::default().normalize(text);
    /// assert_eq!(n.normalized, "film \"strasse\"");
    /// let at = n.normalized.find("strasse").unwrap();
    /// let (s, e) = n.original_range(at, at + "strasse".len()).unwrap();
    /// assert_eq!(&text[s..e], "Straße");
    /// ```
    pub fn normalize(&self, text: &str) -> NormalizedText {
        let mut out = String::with_capacity(text.len());
        let mut map = Vec::with_capacity(text.len() + 1);
        self.run(text, true, &mut out, Some(&mut map));
        let mut starts = Vec::with_capacity(map.len() + 1);
        let mut ends = Vec::with_capacity(map.len());
        for &(s, e) in &map {
            starts.push(s);
            ends.push(e);
        }
        starts.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        NormalizedText { normalized: out, map: starts, ends }
    }

    fn run(&self, text: &str, fold_case: bool, out: &mut String, mut map: Option<&mut Vec<(u32, u32)>>) {
        let mut pending_space: Option<(u32, u32)> = None;
        let mut scratch = String::new();
        for (start, unit) in (Units { text, pos: 0 }) {
            let end = start + unit.len();
            let span = (u32::try_from(start).unwrap_or(u32::MAX), u32::try_from(end).unwrap_or(u32::MAX));
            if unit.chars().all(char::is_whitespace) {
                if !out.is_empty() && pending_space.is_none() {
                    pending_space = Some(span);
                }
                continue;
            }
            scratch.clear();
            self.unit(unit, fold_case, &mut scratch);
            if scratch.is_empty() {
                continue;
            }
            // A unit can normalize to text with white space at its ends (U+00B4 is
            // NFKC " \u{301}", U+037A is " \u{345}"): that white space joins the
            // spaces around it, so keys stay trimmed and normalization idempotent.
            let core = scratch.trim_matches(char::is_whitespace);
            if core.is_empty() {
                if !out.is_empty() && pending_space.is_none() {
                    pending_space = Some(span);
                }
                continue;
            }
            let leading = scratch.starts_with(char::is_whitespace);
            let trailing = scratch.ends_with(char::is_whitespace);
            if leading && !out.is_empty() && pending_space.is_none() {
                pending_space = Some(span);
            }
            if let Some(sp) = pending_space.take() {
                out.push(' ');
                if let Some(m) = map.as_deref_mut() {
                    m.push(sp);
                }
            }
            out.push_str(core);
            if let Some(m) = map.as_deref_mut() {
                m.extend(std::iter::repeat_n(span, core.len()));
            }
            if trailing {
                pending_space = Some(span);
            }
        }
    }

    /// Normalizes one unit (a starter and its combining marks) into `out`.
    fn unit(&self, unit: &str, fold_case: bool, out: &mut String) {
        // ASCII fast path: ASCII is NFKC-stable and folds by lower-casing.
        if unit.len() == 1 {
            if let Some(&b) = unit.as_bytes().first() {
                if b.is_ascii() {
                    let c = if fold_case { b.to_ascii_lowercase() } else { b } as char;
                    push_unified(out, c);
                    return;
                }
            }
        }
        let mut buf: String = unit.nfkc().collect();
        if fold_case {
            buf = caseless::Caseless::default_case_fold(buf.chars()).nfkc().collect();
        }
        if self.fold_diacritics {
            buf = buf.nfd().filter(|c| !('\u{300}'..='\u{36f}').contains(c)).nfc().collect();
        }
        for c in buf.chars() {
            if c.is_whitespace() {
                // NFKC can produce spaces (e.g. from U+FE4F); keep them single.
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            } else {
                push_unified(out, c);
            }
        }
    }
}

/// Appends `c`, unifying the variants people type interchangeably.
fn push_unified(out: &mut String, c: char) {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '`' | '\u{2032}' => out.push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}' => out.push('-'),
        '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}' => {}
        c => out.push(c),
    }
}

/// Whether `c` belongs to the unit before it: a combining mark, or a character
/// whose compatibility form is one (half-width katakana voiced marks `ﾞ` `ﾟ`).
fn attaches(c: char) -> bool {
    canonical_combining_class(c) != 0
        || (('\u{FF00}'..='\u{FFEF}').contains(&c) && std::iter::once(c).nfkc().next().is_some_and(|d| canonical_combining_class(d) != 0))
}

/// Splits a text into units: a character and the combining marks that follow it.
struct Units<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Units<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let rest = self.text.get(self.pos..)?;
        let mut chars = rest.char_indices();
        let (_, first) = chars.next()?;
        let mut len = first.len_utf8();
        for (i, c) in chars {
            if !attaches(c) {
                break;
            }
            len = i + c.len_utf8();
        }
        let start = self.pos;
        self.pos += len;
        Some((start, rest.get(..len)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! key {
        ($fold:expr, $input:expr, $want:expr) => {
            assert_eq!(Normalization { fold_diacritics: $fold }.key($input), $want, "input {:?}", $input);
        };
    }

    #[test]
    fn keys() {
        key!(false, "Rough Cut", "rough cut");
        key!(false, "  rough \t\n cut  ", "rough cut");
        key!(false, "rough\u{a0}cut", "rough cut");
        key!(false, "rough\u{3000}cut", "rough cut");
        key!(false, "co‐production", "co-production");
        key!(false, "co‑production", "co-production");
        key!(false, "l’amour", "l'amour");
        key!(false, "«film»", "\"film\"");
        key!(false, "ﬁlm", "film");
        key!(false, "ＦＩＬＭ", "film");
        key!(false, "Straße", "strasse");
        key!(false, "café", "café");
        key!(true, "café", "cafe");
        key!(true, "cafe\u{301}", "cafe");
        key!(false, "cafe\u{301}", "café");
        key!(true, "がっこう", "がっこう");
        key!(true, "ｶﾞｯｺｳ", "ガッコウ");
        key!(false, "哥哥", "哥哥");
        key!(false, "ΣΊΣΥΦΟΣ", "σίσυφοσ");
        key!(false, "soft\u{ad}hyphen", "softhyphen");
        key!(false, "", "");
        key!(false, " \u{a0} ", "");
        key!(true, "\u{b4}", "");
        key!(true, "a\u{b4}b", "a b");
        key!(false, "\u{37a}", "ι");
        key!(false, "x\u{37a}", "x ι");
    }

    #[test]
    fn alignment_points_into_the_original() {
        let n = Normalization { fold_diacritics: true };
        for text in ["ﬁlm ＡＢＣ", "Straße x", "e\u{301}e\u{301} done", "a\u{a0}\u{a0}b", "😀 rough cut"] {
            let nt = n.normalize(text);
            for (i, _) in nt.normalized.char_indices() {
                let len = nt.normalized[i..].chars().next().map_or(1, char::len_utf8);
                let (s, e) = nt.original_range(i, i + len).expect("in range");
                assert!(text.is_char_boundary(s) && text.is_char_boundary(e), "{text:?} {s}..{e}");
                assert!(s < e, "{text:?}");
            }
        }
        let text = "😀 Rough\u{a0}Cut";
        let nt = n.normalize(text);
        let (s, e) = nt.original_range("😀 ".len(), nt.normalized.len()).expect("range");
        assert_eq!(&text[s..e], "Rough\u{a0}Cut");
    }

    #[test]
    fn case_preserving_key() {
        let n = Normalization::default();
        assert_eq!(n.key_preserving_case("May\u{a0}Day"), "May Day");
        assert_eq!(n.key("May"), n.key("may"));
        assert_ne!(n.key_preserving_case("May"), n.key_preserving_case("may"));
    }
}
