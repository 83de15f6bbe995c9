//! Inflection tolerance: Snowball stems of matching keys, word by word.
//!
//! At compile time every term in a language with a Snowball stemmer (by
//! `rust-stemmers`) gets a second key: its language, a NUL byte, then its
//! matching key with each word replaced by its stem (`co-productions` →
//! `en\0co-product`). Annotate stems the words of the text the same way and
//! walks that index too; what it finds only there is marked *inflected*.
//!
//! Snowball removes inflection, not derivation, so `produced` stems to `produc`
//! while `production` stems to `product`. To let a verb form find its noun term
//! (`co-produced` → `co-production`), the last word of a match may have a stem
//! one letter shorter than the term's, when that stem has at least
//! [`MIN_SHORT_STEM`] letters.

use rust_stemmers::{Algorithm, Stemmer};

/// Shortest text stem allowed to match a term stem one letter longer.
pub const MIN_SHORT_STEM: usize = 5;

/// The Snowball algorithm for a language subtag, if there is one.
pub fn algorithm(language: &str) -> Option<Algorithm> {
    Some(match language {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// Whether words of this language may be split after an elided article (`l'`).
pub(crate) fn elides(language: &str) -> bool {
    matches!(language, "fr" | "it" | "ca")
}

/// A normalized text with each word replaced by its stem, and where each piece came from.
pub(crate) struct StemmedText {
    /// The stemmed text.
    pub text: String,
    /// (stemmed start, stemmed end, normalized start, normalized end) per segment that is not white space, in order.
    pub pieces: Vec<(u32, u32, u32, u32)>,
}

/// Word → stem, for one stemmer: prose repeats its words, and Snowball is the
/// costly part of inflection tolerance. Bounded by [`crate::annotate::MAX_CACHED`].
/// Words and stems sit back to back in one buffer, indexed by a hash table of
/// 12-byte entries (a map of boxed strings takes several times that).
#[derive(Default)]
pub(crate) struct StemCache {
    bytes: String,
    /// (word start, stem start = word end, stem end) in `bytes`.
    index: hashbrown::HashTable<(u32, u32, u32)>,
}

impl StemCache {
    fn stem<'s>(&'s mut self, word: &str, stemmer: &Stemmer) -> &'s str {
        let hash = |w: &str| crate::words::hash(w.as_bytes());
        let found = self.index.find(hash(word), |&(w, s, _)| slice(&self.bytes, w, s) == word).copied();
        let (s, e) = match found {
            Some((_, s, e)) => (s, e),
            None => {
                let stem = stemmer.stem(word);
                // Bounded in entries, and in bytes so that offsets fit 32 bits
                // (one text is far smaller than that).
                let full = self.bytes.len() + word.len() + stem.len() > u32::MAX as usize;
                if self.index.len() >= crate::annotate::MAX_CACHED || full {
                    self.index.clear();
                    self.bytes.clear();
                }
                let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                let (w, s, e) = (
                    offset(self.bytes.len()),
                    offset(self.bytes.len() + word.len()),
                    offset(self.bytes.len() + word.len() + stem.len()),
                );
                self.bytes.push_str(word);
                self.bytes.push_str(&stem);
                let bytes = &self.bytes;
                self.index.insert_unique(hash(word), (w, s, e), |&(w, s, _)| hash(slice(bytes, w, s)));
                (s, e)
            }
        };
        slice(&self.bytes, s, e)
    }
}

/// `bytes[a..b]`, or empty when out of range.
fn slice(bytes: &str, a: u32, b: u32) -> &str {
    bytes.get(a as usize..b as usize).unwrap_or_default()
}

impl StemmedText {
    /// Stems every word of `normalized` (already a matching key: folded, NFKC).
    #[cfg(test)]
    pub fn new(normalized: &str, language: &str, stemmer: &Stemmer) -> StemmedText {
        let segments = crate::words::word_segments(normalized);
        StemmedText::from_segments(segments, language, stemmer, &mut StemCache::default())
    }

    /// Stems the words of a normalized text split into `segments` (its UAX #29
    /// word segments with their offsets, in order). All segments of one text
    /// must come from one language: `cache` is tied to `stemmer`.
    pub fn from_segments<'t>(
        segments: impl IntoIterator<Item = (usize, &'t str)>,
        language: &str,
        stemmer: &Stemmer,
        cache: &mut StemCache,
    ) -> StemmedText {
        let mut text = String::new();
        let mut pieces = Vec::new();
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        split_elided(segments.into_iter(), elides(language), |i, seg| {
            let start = text.len();
            if seg.chars().any(char::is_alphabetic) {
                text.push_str(cache.stem(seg, stemmer));
            } else {
                text.push_str(seg);
            }
            // White space needs no piece: no term starts or ends inside it.
            if !seg.chars().all(char::is_whitespace) {
                pieces.push((at(start), at(text.len()), at(i), at(i + seg.len())));
            }
        });
        StemmedText { text, pieces }
    }

    /// The normalized range of the stemmed range `start..end`, which must begin and end on pieces.
    pub fn normalized_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let a = self.pieces.binary_search_by_key(&start, |p| p.0 as usize).ok()?;
        let b = self.pieces.binary_search_by_key(&end, |p| p.1 as usize).ok()?;
        Some((self.pieces.get(a)?.2 as usize, self.pieces.get(b)?.3 as usize))
    }
}

/// The stem key of a term: `lang \0 stemmed key` (the stemmed text of
/// [`StemmedText`], without its alignment).
pub(crate) fn stem_key(language: &str, key: &str, stemmer: &Stemmer) -> String {
    let mut out = String::with_capacity(language.len() + 1 + key.len());
    out.push_str(language);
    out.push('\0');
    split_elided(crate::words::word_segments(key).into_iter(), elides(language), |_, seg| {
        if seg.chars().any(char::is_alphabetic) {
            out.push_str(&stemmer.stem(seg));
        } else {
            out.push_str(seg);
        }
    });
    out
}

/// The first piece of a key, as [`StemmedText`] splits a text: its first word
/// segment, split after an elided article when `elide`.
pub(crate) fn first_piece(key: &str, elide: bool) -> Option<&str> {
    let mut first = None;
    split_elided(crate::words::word_segments(key).into_iter().take(1), elide, |_, seg| {
        first.get_or_insert(seg);
    });
    first
}

/// Calls `each` with the segments, split after an elided article (`l'amour` →
/// `l'`, `amour`) when `elide`.
fn split_elided<'t>(segments: impl Iterator<Item = (usize, &'t str)>, elide: bool, mut each: impl FnMut(usize, &'t str)) {
    for (i, seg) in segments {
        // Only languages that elide look for the apostrophe.
        match elide.then(|| seg.find('\'')).flatten().filter(|&j| j > 0 && j + 1 < seg.len()) {
            Some(j) => {
                each(i, seg.get(..=j).unwrap_or(seg));
                each(i + j + 1, seg.get(j + 1..).unwrap_or_default());
            }
            None => each(i, seg),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stem_keys() {
        let en = Stemmer::create(Algorithm::English);
        assert_eq!(stem_key("en", "co-productions", &en), "en\0co-product");
        assert_eq!(stem_key("en", "rough cuts", &en), "en\0rough cut");
        let fr = Stemmer::create(Algorithm::French);
        assert_eq!(stem_key("fr", "l'amour des doublages", &fr), "fr\0l'amour de doublag");
    }

    #[test]
    fn stemmed_text_maps_back() {
        let en = Stemmer::create(Algorithm::English);
        let s = StemmedText::new("two co-productions, produced", "en", &en);
        assert_eq!(s.text, "two co-product, produc");
        let at = s.text.find("co-product").unwrap();
        assert_eq!(s.normalized_range(at, at + "co-product".len()), Some((4, 18)));
        assert_eq!(s.normalized_range(at + 1, at + 3), None);
    }
}
