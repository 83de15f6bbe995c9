//! The Unicode data of the key, in a compact form for the `small-code` build.
//!
//! `unicode-normalization` keeps its tables as perfect-hash arrays of `u32`
//! (about 128 KB, and 65 KB gzipped, since hashed keys do not compress) and
//! `caseless` its folding as `(char, [char; 3])` (25 KB). Here the same data,
//! taken from those crates, is one byte string of sorted, delta-coded records
//! (`compact_unicode.bin`, 35 KB, 11 KB gzipped), decoded into sorted vectors on
//! first use and searched by bisection.
//!
//! The algorithms are those of `unicode-normalization` (full decomposition,
//! stable reordering of non-starters by combining class, canonical
//! composition with blocking, Hangul by arithmetic), written over buffers. The
//! tests prove the data equal to the crates' for every character and every
//! composable pair, and the results equal on random text; a test also fails
//! when an upgrade of either crate changes its data, and then says how to
//! regenerate the file.

use std::sync::OnceLock;

/// The tables, generated from `unicode-normalization` and `caseless` by
/// `tests::the_data_is_the_crates` (see there).
static DATA: &[u8] = include_bytes!("compact_unicode.bin");

/// Longest decomposition or folding (U+FDFA decomposes into 18 characters).
const MAX_LEN: usize = 32;

/// Characters mapped to sequences of characters, sorted by key.
struct Map {
    /// Key, start in `chars`, length.
    index: Vec<(u32, u32, u8)>,
    chars: Vec<char>,
}

impl Map {
    fn get(&self, c: char) -> Option<&[char]> {
        let i = self.index.binary_search_by_key(&(c as u32), |&(k, _, _)| k).ok()?;
        let &(_, start, len) = self.index.get(i)?;
        self.chars.get(start as usize..start as usize + usize::from(len))
    }
}

struct Tables {
    /// Non-zero canonical combining classes: first, last, class.
    ccc: Vec<(u32, u32, u8)>,
    /// General category Mark (Mn, Mc, Me): first, last.
    marks: Vec<(u32, u32)>,
    /// Full canonical decompositions (Hangul syllables excepted).
    canonical: Map,
    /// Full compatibility decompositions where they differ from the canonical one.
    compatibility: Map,
    /// Default case folding.
    fold: Map,
    /// Primary composites by the pair they compose from (Hangul excepted).
    compose: Vec<((char, char), char)>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| decode(DATA))
}

/// Reads the data; a truncated or malformed string (never the one built in)
/// gives shorter tables, not a panic.
fn decode(data: &[u8]) -> Tables {
    let mut r = Reader { data, pos: 0 };
    let ccc = r.ranges(true);
    let marks = r.ranges(false).into_iter().map(|(a, b, _)| (a, b)).collect();
    let canonical = r.map(false);
    let compatibility = r.map(false);
    let fold = r.map(true);
    let pairs = r.map(false);
    let mut compose = Vec::with_capacity(pairs.index.len());
    for &(p, start, _) in &pairs.index {
        let pair = pairs.chars.get(start as usize..start as usize + 2);
        if let (Some(&[a, b]), Some(p)) = (pair, char::from_u32(p)) {
            compose.push(((a, b), p));
        }
    }
    compose.sort_unstable();
    Tables { ccc, marks, canonical, compatibility, fold, compose }
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    /// A varint as the artifact writes them; 0 past the end or past 32 bits.
    fn varint(&mut self) -> u32 {
        let v = crate::artifact::get_varint(self.data, &mut self.pos).unwrap_or(0);
        u32::try_from(v).unwrap_or(0)
    }

    fn zigzag(&mut self) -> i64 {
        let v = i64::from(self.varint());
        (v >> 1) ^ -(v & 1)
    }

    /// Ranges: gap from the last one's end, length less one, and a class byte if `classes`.
    fn ranges(&mut self, classes: bool) -> Vec<(u32, u32, u8)> {
        let n = self.varint();
        let mut out = Vec::with_capacity(n.min(1 << 16) as usize);
        let mut prev = 0u32;
        for _ in 0..n {
            let first = prev.wrapping_add(self.varint());
            let last = first.wrapping_add(self.varint());
            let class = if classes { self.byte() } else { 0 };
            out.push((first, last, class));
            prev = last;
        }
        out
    }

    /// Records, in three runs: the keys (each the gap from the last key, less
    /// one), the lengths, then the characters, each as the difference to the
    /// same position of the record before (the first to the key itself when
    /// `key_relative`). Like with like compresses better.
    fn map(&mut self, key_relative: bool) -> Map {
        let n = self.varint().min(1 << 16) as usize;
        let mut key = -1i64;
        let keys: Vec<i64> = (0..n)
            .map(|_| {
                key += i64::from(self.varint()) + 1;
                key
            })
            .collect();
        let lens: Vec<u8> = (0..n).map(|_| self.byte().min(MAX_LEN as u8)).collect();
        let mut index = Vec::with_capacity(n);
        let mut chars = Vec::new();
        let mut prev = [0i64; MAX_LEN];
        for (&key, &len) in keys.iter().zip(&lens) {
            let start = u32::try_from(chars.len()).unwrap_or(u32::MAX);
            for (i, p) in prev.iter_mut().take(usize::from(len)).enumerate() {
                let base = if key_relative && i == 0 { key } else { *p };
                let c = base + self.zigzag();
                *p = c;
                chars.push(u32::try_from(c).ok().and_then(char::from_u32).unwrap_or('\u{FFFD}'));
            }
            index.push((u32::try_from(key).unwrap_or(u32::MAX), start, len));
        }
        Map { index, chars }
    }
}

/// The canonical combining class of `c`, as `unicode_normalization::char::canonical_combining_class`.
pub(crate) fn canonical_combining_class(c: char) -> u8 {
    if c.is_ascii() {
        return 0;
    }
    let ccc = &tables().ccc;
    let i = ccc.partition_point(|&(first, _, _)| first <= c as u32);
    match i.checked_sub(1).and_then(|i| ccc.get(i)) {
        Some(&(_, last, class)) if c as u32 <= last => class,
        _ => 0,
    }
}

/// Whether `c` is a mark, as `unicode_normalization::char::is_combining_mark`.
pub(crate) fn is_combining_mark(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    let marks = &tables().marks;
    let i = marks.partition_point(|&(first, _)| first <= c as u32);
    matches!(i.checked_sub(1).and_then(|i| marks.get(i)), Some(&(_, last)) if c as u32 <= last)
}

/// Appends the default case folding of `text`, as `caseless::Caseless::default_case_fold`.
pub(crate) fn case_fold(text: &str, out: &mut String) {
    let fold = &tables().fold;
    for c in text.chars() {
        match fold.get(c) {
            Some(folded) => out.extend(folded),
            _ => out.push(c),
        }
    }
}

/// Appends the NFKC form of `text`, as `UnicodeNormalization::nfkc`.
pub(crate) fn nfkc(text: &str, out: &mut String) {
    let mut buf = Vec::new();
    decompose(text, true, &mut buf);
    compose(&buf, out);
}

/// Appends the NFC form of `text`, as `UnicodeNormalization::nfc`.
pub(crate) fn nfc(text: &str, out: &mut String) {
    let mut buf = Vec::new();
    decompose(text, false, &mut buf);
    compose(&buf, out);
}

/// Appends the NFD form of `text`, as `UnicodeNormalization::nfd`.
pub(crate) fn nfd(text: &str, out: &mut String) {
    let mut buf = Vec::new();
    decompose(text, false, &mut buf);
    out.extend(buf.iter().map(|&(_, c)| c));
}

const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;

/// The full decomposition of `text`, each character with its combining class,
/// runs of non-starters in stable order of class (as `Decompositions`).
fn decompose(text: &str, compatibility: bool, buf: &mut Vec<(u8, char)>) {
    let t = tables();
    buf.clear();
    // Start of the non-starters not yet ordered.
    let mut ready = 0;
    let mut push = |buf: &mut Vec<(u8, char)>, c: char| {
        let class = canonical_combining_class(c);
        if class == 0 {
            order(buf.get_mut(ready..).unwrap_or_default());
            buf.push((0, c));
            ready = buf.len();
        } else {
            buf.push((class, c));
        }
    };
    for c in text.chars() {
        let s = (c as u32).wrapping_sub(S_BASE);
        if c.is_ascii() {
            push(buf, c);
        } else if s < S_COUNT {
            let hangul = [L_BASE + s / N_COUNT, V_BASE + (s % N_COUNT) / T_COUNT, T_BASE + s % T_COUNT];
            let n = if s % T_COUNT > 0 { 3 } else { 2 };
            for d in hangul.into_iter().take(n).filter_map(char::from_u32) {
                push(buf, d);
            }
        } else {
            let mapped = if compatibility { t.compatibility.get(c) } else { None };
            match mapped.or_else(|| t.canonical.get(c)) {
                Some(chars) => {
                    for &d in chars {
                        push(buf, d);
                    }
                }
                None => push(buf, c),
            }
        }
    }
    order(buf.get_mut(ready..).unwrap_or_default());
}

/// Stable sort by combining class: by insertion for the usual short runs, by
/// the shared sort for long ones (a text of many marks must not take quadratic time).
fn order(run: &mut [(u8, char)]) {
    if run.len() > 16 {
        crate::sort::sort_by_key(run, |&(class, _)| class);
        return;
    }
    for i in 1..run.len() {
        let mut j = i;
        while j > 0 {
            match (run.get(j - 1), run.get(j)) {
                (Some(a), Some(b)) if a.0 > b.0 => run.swap(j - 1, j),
                _ => break,
            }
            j -= 1;
        }
    }
}

/// The primary composite of `a` and `b`, as `unicode_normalization::char::compose`.
pub(crate) fn compose_pair(a: char, b: char) -> Option<char> {
    let (x, y) = (a as u32, b as u32);
    if (L_BASE..L_BASE + L_COUNT).contains(&x) && (V_BASE..V_BASE + V_COUNT).contains(&y) {
        return char::from_u32(S_BASE + (x - L_BASE) * N_COUNT + (y - V_BASE) * T_COUNT);
    }
    let lv = (S_BASE..S_BASE + S_COUNT).contains(&x) && (x - S_BASE) % T_COUNT == 0;
    if lv && (T_BASE + 1..T_BASE + T_COUNT).contains(&y) {
        return char::from_u32(x + (y - T_BASE));
    }
    let compose = &tables().compose;
    let i = compose.binary_search_by_key(&(a, b), |&(pair, _)| pair).ok()?;
    compose.get(i).map(|&(_, p)| p)
}

/// Canonical composition of a decomposed, ordered text (as `Recompositions`).
fn compose(buf: &[(u8, char)], out: &mut String) {
    let mut composee: Option<char> = None;
    let mut last_class: Option<u8> = None;
    let mut blocked: Vec<char> = Vec::new();
    for &(class, c) in buf {
        let Some(k) = composee else {
            if class == 0 {
                composee = Some(c);
            } else {
                out.push(c);
            }
            continue;
        };
        match last_class {
            None => match compose_pair(k, c) {
                Some(r) => composee = Some(r),
                None if class == 0 => {
                    composee = Some(c);
                    out.push(k);
                }
                None => {
                    blocked.push(c);
                    last_class = Some(class);
                }
            },
            Some(last) if last >= class => {
                if class == 0 {
                    composee = Some(c);
                    last_class = None;
                    out.push(k);
                    out.extend(blocked.drain(..));
                } else {
                    blocked.push(c);
                    last_class = Some(class);
                }
            }
            Some(_) => match compose_pair(k, c) {
                Some(r) => composee = Some(r),
                None => {
                    blocked.push(c);
                    last_class = Some(class);
                }
            },
        }
    }
    out.extend(composee);
    out.extend(blocked);
}

#[cfg(test)]
mod tests {
    use super::*;
    use caseless::Caseless;
    use proptest::prelude::*;
    use unicode_normalization::char as un;
    use unicode_normalization::UnicodeNormalization;

    fn all_chars() -> impl Iterator<Item = char> {
        (0..=0x10FFFFu32).filter_map(char::from_u32)
    }

    fn hangul(c: char) -> bool {
        (S_BASE..S_BASE + S_COUNT).contains(&(c as u32))
    }

    fn varint(out: &mut Vec<u8>, v: u32) {
        crate::artifact::put_varint(out, v.into());
    }

    fn ranges(out: &mut Vec<u8>, of: impl Fn(char) -> u8, classes: bool) {
        let mut ranges: Vec<(u32, u32, u8)> = Vec::new();
        for c in all_chars() {
            let k = of(c);
            match ranges.last_mut() {
                _ if k == 0 => {}
                Some(r) if r.1 + 1 == c as u32 && r.2 == k => r.1 += 1,
                _ => ranges.push((c as u32, c as u32, k)),
            }
        }
        varint(out, ranges.len() as u32);
        let mut prev = 0;
        for (first, last, class) in ranges {
            varint(out, first - prev);
            varint(out, last - first);
            if classes {
                out.push(class);
            }
            prev = last;
        }
    }

    fn map(out: &mut Vec<u8>, records: &[(char, Vec<char>)], key_relative: bool) {
        varint(out, records.len() as u32);
        let mut key = -1i64;
        for (k, _) in records {
            varint(out, (*k as i64 - key - 1) as u32);
            key = *k as i64;
        }
        for (_, chars) in records {
            assert!(chars.len() <= MAX_LEN);
            out.push(chars.len() as u8);
        }
        let mut prev = [0i64; MAX_LEN];
        for (k, chars) in records {
            for (i, &c) in chars.iter().enumerate() {
                let base = if key_relative && i == 0 { *k as i64 } else { prev[i] };
                let d = c as i64 - base;
                varint(out, ((d << 1) ^ (d >> 63)) as u32);
                prev[i] = c as i64;
            }
        }
    }

    /// Every character and the crates' data for it, and the composable pairs.
    fn generate() -> Vec<u8> {
        let mut out = Vec::new();
        ranges(&mut out, un::canonical_combining_class, true);
        ranges(&mut out, |c| u8::from(un::is_combining_mark(c)), false);
        let (mut canonical, mut compatibility, mut fold) = (Vec::new(), Vec::new(), Vec::new());
        for c in all_chars() {
            let mut d = Vec::new();
            un::decompose_canonical(c, |x| d.push(x));
            let mut k = Vec::new();
            un::decompose_compatible(c, |x| k.push(x));
            if !hangul(c) && d != [c] {
                canonical.push((c, d.clone()));
            }
            if !hangul(c) && k != d {
                compatibility.push((c, k));
            }
            let f: Vec<char> = std::iter::once(c).default_case_fold().collect();
            if f != [c] {
                fold.push((c, f));
            }
        }
        let pairs: Vec<(char, Vec<char>)> =
            composable_pairs(&canonical).into_iter().map(|((a, b), p)| (p, vec![a, b])).collect();
        map(&mut out, &canonical, false);
        map(&mut out, &compatibility, false);
        map(&mut out, &fold, true);
        map(&mut out, &pairs, false);
        out
    }

    /// Every pair the crate composes, Hangul aside, sorted by composite. A
    /// composite's canonical decomposition is its pair's, each part either
    /// decomposable or in some full decomposition, so trying every pair of
    /// such characters finds all.
    fn composable_pairs(canonical: &[(char, Vec<char>)]) -> Vec<((char, char), char)> {
        let mut parts: Vec<char> =
            canonical.iter().flat_map(|(c, d)| std::iter::once(*c).chain(d.iter().copied())).collect();
        parts.sort_unstable();
        parts.dedup();
        let mut pairs = Vec::new();
        for &a in &parts {
            for &b in &parts {
                if let Some(p) = un::compose(a, b).filter(|&p| !hangul(p)) {
                    pairs.push(((a, b), p));
                }
            }
        }
        pairs.sort_by_key(|&(_, p)| p);
        pairs
    }

    /// The data built in is what the crates give. After an upgrade of
    /// `unicode-normalization` or `caseless` that changes their data, run
    /// `CROSSCUT_WRITE_UNICODE_DATA=1 cargo test -p crosscut --lib compact_unicode` to rewrite
    /// `compact_unicode.bin` (and bump the artifact format version: keys change).
    #[test]
    fn the_data_is_the_crates() {
        let generated = generate();
        if std::env::var_os("CROSSCUT_WRITE_UNICODE_DATA").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/compact_unicode.bin");
            std::fs::write(path, &generated).unwrap();
        }
        assert!(generated == DATA, "compact_unicode.bin is stale: see this test's doc comment");
    }

    #[test]
    fn every_character_is_as_in_the_crates() {
        let t = tables();
        let mut out = String::new();
        for c in all_chars() {
            let u = c as u32;
            assert_eq!(canonical_combining_class(c), un::canonical_combining_class(c), "U+{u:04X}");
            assert_eq!(is_combining_mark(c), un::is_combining_mark(c), "U+{u:04X}");
            if !hangul(c) {
                let one = [c];
                let mut d = Vec::new();
                un::decompose_canonical(c, |x| d.push(x));
                assert_eq!(t.canonical.get(c).unwrap_or(&one), d, "canonical decomposition of U+{u:04X}");
                let mut k = Vec::new();
                un::decompose_compatible(c, |x| k.push(x));
                let ours = t.compatibility.get(c).or_else(|| t.canonical.get(c)).unwrap_or(&one);
                assert_eq!(ours, k, "compatibility decomposition of U+{u:04X}");
            }
            let s = c.to_string();
            for (name, ours, theirs) in [
                ("nfd", nfd as fn(&str, &mut String), s.nfd().collect::<String>()),
                ("nfc", nfc, s.nfc().collect()),
                ("nfkc", nfkc, s.nfkc().collect()),
                ("fold", case_fold, s.chars().default_case_fold().collect()),
            ] {
                out.clear();
                ours(&s, &mut out);
                assert_eq!(out, theirs, "{name} of U+{u:04X}");
            }
        }
    }

    #[test]
    fn every_composable_pair_is_as_in_the_crate() {
        let t = tables();
        let decomposable = t.canonical.index.iter().filter_map(|&(k, _, _)| char::from_u32(k));
        let mut parts: Vec<char> = decomposable.chain(t.canonical.chars.iter().copied()).collect();
        // And the Hangul jamo.
        parts.extend((0x1100..0x1200).filter_map(char::from_u32));
        parts.sort_unstable();
        parts.dedup();
        for &a in &parts {
            for &b in &parts {
                assert_eq!(compose_pair(a, b), un::compose(a, b), "U+{:04X} U+{:04X}", a as u32, b as u32);
            }
        }
        // Every syllable with every jamo and the characters around them.
        for a in (S_BASE - 1..=S_BASE + S_COUNT).filter_map(char::from_u32) {
            for b in (0x10FF..=0x1200).filter_map(char::from_u32) {
                assert_eq!(compose_pair(a, b), un::compose(a, b), "U+{:04X} U+{:04X}", a as u32, b as u32);
            }
        }
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "\\PC{0,12}",
            // Letters, composites, marks of many classes, Hangul jamo and syllables, compatibility forms.
            concat!(
                "[a-zA-Z \u{c0}-\u{17f}\u{1e00}-\u{1eff}\u{300}-\u{36f}\u{591}-\u{5c7}\u{64b}-\u{65f}",
                "\u{93c}\u{94d}\u{951}\u{f71}-\u{f84}\u{1100}-\u{1112}\u{1161}-\u{1175}\u{11a8}-\u{11c2}",
                "\u{ac00}-\u{ac1f}\u{3099}\u{309a}\u{304b}\u{ff66}-\u{ff9f}\u{fb00}-\u{fb4f}\u{1d15e}-\u{1d172}",
                "\u{1f00}-\u{1fff}\u{2126}\u{212b}\u{3300}-\u{33ff}\u{fdfa}\u{1e900}-\u{1e94a}",
                "\u{105c0}-\u{105f3}]{0,16}",
            ),
        ]
    }

    /// Runs of marks past the insertion-sort length take the shared sort:
    /// the same stable order by class as the crate's.
    #[test]
    fn long_runs_of_marks_normalize_as_in_the_crates() {
        let marks = ['\u{301}', '\u{316}', '\u{334}', '\u{5b0}', '\u{300}', '\u{327}', '\u{1dce}'];
        for n in [15, 16, 17, 40, 3000] {
            let s: String = std::iter::once('e').chain(marks.iter().cycle().take(n).copied()).chain("a\u{301}".chars()).collect();
            let (mut d, mut c) = (String::new(), String::new());
            nfd(&s, &mut d);
            nfc(&s, &mut c);
            assert_eq!(d, s.nfd().collect::<String>(), "nfd, {n} marks");
            assert_eq!(c, s.nfc().collect::<String>(), "nfc, {n} marks");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn texts_normalize_as_in_the_crates(s in text()) {
            for (name, ours, theirs) in [
                ("nfd", nfd as fn(&str, &mut String), s.nfd().collect::<String>()),
                ("nfc", nfc, s.nfc().collect()),
                ("nfkc", nfkc, s.nfkc().collect()),
                ("fold", case_fold, s.chars().default_case_fold().collect()),
            ] {
                let mut out = String::new();
                ours(&s, &mut out);
                prop_assert_eq!(out, theirs, "{}", name);
            }
        }
    }
}
