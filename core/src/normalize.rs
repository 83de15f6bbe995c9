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
#[cfg(feature = "small-code")]
use crate::compact_unicode::canonical_combining_class;
#[cfg(not(feature = "small-code"))]
use unicode_normalization::char::canonical_combining_class;
#[cfg(any(test, not(feature = "small-code")))]
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
    align: Alignment,
}

/// Where each byte of a normalized text came from in the original.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Alignment {
    /// For each normalized byte (and one past the end), the byte offset in the
    /// original of the unit it came from; and for each, that unit's end.
    Units { starts: Vec<u32>, ends: Vec<u32> },
    /// ASCII text, where each normalized byte came from one original byte:
    /// from normalized position `at` on, the original is `shift` bytes further,
    /// until the next entry. Entries only where white space was dropped, so
    /// most lines need none (a per-byte map would cost 8 bytes a byte).
    Shifts(Vec<(u32, u32)>),
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
        match &self.align {
            Alignment::Units { starts, ends } => Some((*starts.get(start)? as usize, *ends.get(end - 1)? as usize)),
            Alignment::Shifts(shifts) => {
                let shift = |at: usize| {
                    let i = shifts.partition_point(|&(from, _)| from as usize <= at);
                    i.checked_sub(1).and_then(|i| shifts.get(i)).map_or(0, |&(_, s)| s as usize)
                };
                Some((start + shift(start), end - 1 + shift(end - 1) + 1))
            }
        }
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
        if text.is_ascii() {
            return ascii_key(text, true);
        }
        let mut out = String::with_capacity(text.len());
        self.run(text, true, &mut out, None);
        out
    }

    /// Like [`key`](Self::key) but keeping the case: used to honour case-sensitive terms.
    pub fn key_preserving_case(&self, text: &str) -> String {
        if text.is_ascii() {
            return ascii_key(text, false);
        }
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
        if text.is_ascii() {
            return ascii_normalize(text);
        }
        self.normalize_general(text)
    }

    fn normalize_general(&self, text: &str) -> NormalizedText {
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
        NormalizedText { normalized: out, align: Alignment::Units { starts, ends } }
    }

    fn run(&self, text: &str, fold_case: bool, out: &mut String, mut map: Option<&mut Vec<(u32, u32)>>) {
        let mut pending_space: Option<(u32, u32)> = None;
        let mut scratch = String::new();
        let mut buffers = (String::new(), String::new());
        for (start, unit) in (Units { text, pos: 0 }) {
            let end = start + unit.len();
            let span = (u32::try_from(start).unwrap_or(u32::MAX), u32::try_from(end).unwrap_or(u32::MAX));
            // A lone ASCII character (most of most texts) needs none of the machinery below.
            if let [b] = unit.as_bytes() {
                if ascii_space(*b) {
                    if !out.is_empty() && pending_space.is_none() {
                        pending_space = Some(span);
                    }
                    continue;
                }
                if let Some(sp) = pending_space.take() {
                    out.push(' ');
                    if let Some(m) = map.as_deref_mut() {
                        m.push(sp);
                    }
                }
                out.push(char::from(ascii_unified(*b, fold_case)));
                if let Some(m) = map.as_deref_mut() {
                    m.push(span);
                }
                continue;
            }
            if unit.chars().all(char::is_whitespace) {
                if !out.is_empty() && pending_space.is_none() {
                    pending_space = Some(span);
                }
                continue;
            }
            scratch.clear();
            self.unit(unit, fold_case, &mut scratch, &mut buffers);
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
    fn unit(&self, unit: &str, fold_case: bool, out: &mut String, buffers: &mut (String, String)) {
        let mut chars = unit.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            // ASCII is NFKC-stable and folds by lower-casing.
            if c.is_ascii() {
                push_unified(out, if fold_case { c.to_ascii_lowercase() } else { c });
                return;
            }
            if self.stable(c) {
                out.push(c);
                return;
            }
        }
        #[cfg(feature = "small-code")]
        self.unit_in_steps(unit, fold_case, out, buffers);
        #[cfg(not(feature = "small-code"))]
        {
            let _ = buffers;
            self.unit_chained(unit, fold_case, out);
        }
    }

    /// The normalization of a unit as one lazy chain of iterators, each step
    /// over the last: the fastest, but each chain instantiates the
    /// normalization iterators anew.
    #[cfg(any(test, not(feature = "small-code")))]
    fn unit_chained(&self, unit: &str, fold_case: bool, out: &mut String) {
        let strip = |c: &char| !('\u{300}'..='\u{36f}').contains(c);
        match (fold_case, self.fold_diacritics) {
            (true, false) => emit(out, caseless::Caseless::default_case_fold(unit.nfkc()).nfkc()),
            (false, false) => emit(out, unit.nfkc()),
            (true, true) => emit(out, caseless::Caseless::default_case_fold(unit.nfkc()).nfkc().nfd().filter(strip).nfc()),
            (false, true) => emit(out, unit.nfkc().nfd().filter(strip).nfc()),
        }
    }

    /// The same result as [`unit_chained`](Self::unit_chained) for the
    /// `small-code` build: each step writes to a buffer the next one reads,
    /// with the compact Unicode data of `compact_unicode`
    /// instead of `unicode-normalization` and `caseless` (1.5 times the time of the chain).
    #[cfg(any(test, feature = "small-code"))]
    fn unit_in_steps(&self, unit: &str, fold_case: bool, out: &mut String, buffers: &mut (String, String)) {
        use crate::compact_unicode::{case_fold, nfc, nfd, nfkc};
        let (text, tmp) = buffers;
        text.clear();
        nfkc(unit, text);
        if fold_case {
            tmp.clear();
            case_fold(text, tmp);
            text.clear();
            nfkc(tmp, text);
        }
        if self.fold_diacritics {
            tmp.clear();
            nfd(text, tmp);
            tmp.retain(|c| !('\u{300}'..='\u{36f}').contains(&c));
            text.clear();
            nfc(tmp, text);
        }
        emit(out, text.chars());
    }

    /// Characters the key keeps as they are, whatever the case setting: no
    /// compatibility mapping, no case, no diacritic to fold. A shortcut only;
    /// the general path gives the same result for them.
    fn stable(&self, c: char) -> bool {
        match c as u32 {
            0x4E00..=0x9FFF | 0x3041..=0x3096 | 0x30A1..=0x30FA | 0xAC00..=0xD7A3 => true,
            // Latin-1 lower-case letters (not ÷); they carry diacritics.
            0xE0..=0xFF => c != '\u{F7}' && !self.fold_diacritics,
            _ => false,
        }
    }
}

/// Appends normalized characters, collapsing the white space NFKC can produce.
fn emit(out: &mut String, chars: impl Iterator<Item = char>) {
    for c in chars {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            push_unified(out, c);
        }
    }
}

/// Whether an ASCII byte is white space to the key (as `char::is_whitespace`).
fn ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ')
}

/// The key of ASCII text in one pass: the general path's result, without its
/// per-character machinery.
fn ascii_key(text: &str, fold_case: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending = false;
    for b in text.bytes() {
        if ascii_space(b) {
            pending = !out.is_empty();
            continue;
        }
        if pending {
            out.push(' ');
            pending = false;
        }
        out.push(char::from(ascii_unified(b, fold_case)));
    }
    out
}

/// An ASCII character that is not white space, as it appears in a key: folded
/// when `fold_case`, and the backquote typed for an apostrophe unified.
fn ascii_unified(b: u8, fold_case: bool) -> u8 {
    let b = if fold_case { b.to_ascii_lowercase() } else { b };
    if b == b'`' {
        b'\''
    } else {
        b
    }
}

/// [`Normalization::normalize`] of ASCII text: every key byte maps to one text byte.
fn ascii_normalize(text: &str) -> NormalizedText {
    let bytes = text.as_bytes();
    // Most lines have single spaces only, none at either end: then only the
    // case and the backquote change, byte for byte, and nothing shifts.
    // One pass: white space only as one ' ' between two other bytes.
    let mut after_space = true;
    let single = bytes.iter().all(|&b| {
        let space = ascii_space(b);
        let ok = !space || (b == b' ' && !after_space);
        after_space = space;
        ok
    }) && (!after_space || bytes.is_empty());
    if single {
        let out: Vec<u8> = bytes.iter().map(|&b| ascii_unified(b, true)).collect();
        let normalized = String::from_utf8(out).unwrap_or_default();
        return NormalizedText { normalized, align: Alignment::Shifts(Vec::new()) };
    }
    let mut out = Vec::with_capacity(text.len());
    let mut shifts = Vec::new();
    let mut shift = 0u32;
    let mut pending: Option<u32> = None;
    let mut push = |out: &mut Vec<u8>, b: u8, from: u32| {
        let at = out.len() as u32;
        if from - at != shift {
            shift = from - at;
            shifts.push((at, shift));
        }
        out.push(b);
    };
    for (i, b) in text.bytes().enumerate() {
        let i = i as u32;
        if ascii_space(b) {
            if !out.is_empty() && pending.is_none() {
                pending = Some(i);
            }
            continue;
        }
        if let Some(p) = pending.take() {
            push(&mut out, b' ', p);
        }
        push(&mut out, ascii_unified(b, true), i);
    }
    // Every byte pushed is ASCII.
    let normalized = String::from_utf8(out).unwrap_or_default();
    NormalizedText { normalized, align: Alignment::Shifts(shifts) }
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
        || (('\u{FF00}'..='\u{FFEF}').contains(&c) && first_nfkc(c).is_some_and(|d| canonical_combining_class(d) != 0))
}

/// The first character of the NFKC form of `c`.
fn first_nfkc(c: char) -> Option<char> {
    #[cfg(feature = "small-code")]
    {
        let mut out = String::new();
        crate::compact_unicode::nfkc(c.encode_utf8(&mut [0; 4]), &mut out);
        out.chars().next()
    }
    #[cfg(not(feature = "small-code"))]
    c.encode_utf8(&mut [0; 4]).chars().nfkc().next()
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
    use proptest::prelude::*;

    /// The general path, without the ASCII shortcut.
    fn general_key(n: &Normalization, text: &str, fold_case: bool) -> String {
        let mut out = String::new();
        n.run(text, fold_case, &mut out, None);
        out
    }

    #[test]
    fn stable_characters_are_what_the_general_path_gives() {
        for fold_diacritics in [false, true] {
            let n = Normalization { fold_diacritics };
            for c in (0xE0..=0xFFu32).chain(0x3041..=0x30FA).chain(0x4E00..=0x9FFF).chain(0xAC00..=0xD7A3).filter_map(char::from_u32) {
                if !n.stable(c) {
                    continue;
                }
                let mut general = String::new();
                let strip = |c: &char| !('\u{300}'..='\u{36f}').contains(c);
                if fold_diacritics {
                    emit(&mut general, caseless::Caseless::default_case_fold(std::iter::once(c).nfkc()).nfkc().nfd().filter(strip).nfc());
                } else {
                    emit(&mut general, caseless::Caseless::default_case_fold(std::iter::once(c).nfkc()).nfkc());
                }
                assert_eq!(general, c.to_string(), "U+{:04X}", c as u32);
                let mut uncased = String::new();
                emit(&mut uncased, std::iter::once(c).nfkc());
                assert_eq!(uncased, c.to_string(), "U+{:04X} without case folding", c as u32);
            }
        }
    }

    #[test]
    fn attaches_half_width_forms_by_their_first_nfkc_character() {
        for c in ('\u{FF00}'..='\u{FFEF}').chain(['a', '\u{301}', '\u{3099}']) {
            let first = std::iter::once(c).nfkc().next();
            let want = canonical_combining_class(c) != 0
                || (('\u{FF00}'..='\u{FFEF}').contains(&c) && first.is_some_and(|d| canonical_combining_class(d) != 0));
            assert_eq!(attaches(c), want, "U+{:04X}", c as u32);
        }
    }

    proptest! {
        #[test]
        fn unit_steps_equal_the_chained_iterators(
            s in prop_oneof![
                "\\PC{1,4}",
                "[a-zA-Z\u{b4}\u{37a}\u{390}\u{3a3}\u{3c2}\u{df}\u{17f}\u{1e9e}\u{fb01}\u{1f80}-\u{1faf}\u{ac00}-\u{ac03}\u{1100}-\u{1103}\u{1161}-\u{1163}\u{300}-\u{36f}\u{ff00}-\u{ffef}]{1,5}",
            ],
            fold_case: bool,
            fold_diacritics: bool,
        ) {
            let n = Normalization { fold_diacritics };
            let mut steps = String::new();
            n.unit_in_steps(&s, fold_case, &mut steps, &mut Default::default());
            let mut chained = String::new();
            n.unit_chained(&s, fold_case, &mut chained);
            prop_assert_eq!(steps, chained);
        }

        #[test]
        fn ascii_shortcuts_equal_the_general_path(s in "[ -~\t\n\r\x0b\x0c\x00-\x08]{0,40}") {
            ascii_same_as_general(&s)?;
        }

        /// Lines of words and spaces only, where the single-space copy is
        /// taken or (runs of spaces, spaces at an end) refused.
        #[test]
        fn ascii_lines_of_spaces_equal_the_general_path(s in "[aB` ]{0,16}") {
            ascii_same_as_general(&s)?;
        }
    }

    fn ascii_same_as_general(s: &str) -> Result<(), TestCaseError> {
        let n = Normalization::default();
        prop_assert_eq!(ascii_key(s, true), general_key(&n, s, true));
        prop_assert_eq!(ascii_key(s, false), general_key(&n, s, false));
        let (fast, general) = (ascii_normalize(s), n.normalize_general(s));
        prop_assert_eq!(&fast.normalized, &general.normalized);
        let len = fast.normalized.len();
        for start in 0..=len + 1 {
            for end in start..=len + 1 {
                prop_assert_eq!(fast.original_range(start, end), general.original_range(start, end), "{}..{}", start, end);
            }
        }
        Ok(())
    }

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
