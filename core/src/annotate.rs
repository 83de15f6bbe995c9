//! Term recognition: find every glossary term in running text.
//!
//! How it works, and why it is correct:
//!
//! 1. The text is normalized once with the glossary's own rules, keeping the
//!    alignment to the original ([`crate::NormalizedText`]).
//! 2. Word boundaries are computed on the normalized text (UAX #29, by
//!    `unicode-segmentation`; on ASCII text by byte classes, in one pass). A term may
//!    start where a non-space segment starts and end where one ends. Scripts
//!    written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) allow every
//!    character boundary; Hangul allows a term to end inside a word, before a
//!    particle (`형이`); French, Italian and Catalan allow a start after an elided
//!    article (`l'amour`).
//! 3. From every allowed start, the keys fst is walked byte by byte. Each final
//!    state reached at an allowed end is a candidate. The walk stops when the fst
//!    has no transition, so the cost per start is the length of the longest key
//!    prefix present there, not the number of terms. On ASCII text a table of
//!    the words that begin keys (`FirstWords`, built on the first call) skips
//!    starts no key begins at and starts the others after their first word.
//! 4. With a stem index (format version 2) and a Snowball stemmer for the
//!    text's language, steps 2–3 run again on the text with each word replaced
//!    by its stem, against the stem keys ([`crate::stem`]); matches found only
//!    there are [`MatchKind::Inflected`]. On ASCII text this walk has its own
//!    first-word table, per language.
//! 5. Candidates are filtered (language, status, case-sensitive terms) *before*
//!    overlaps are resolved, so a long candidate that fails a check never hides a
//!    valid shorter one beneath it. Then leftmost-longest, non-overlapping spans
//!    are kept (or all of them, on request).
//! 6. [`Glossary::annotate`] decodes the concepts of the kept matches (shared
//!    within a call); [`Glossary::find_terms`] stops before, with spans and indices.
//!
//! Memory: the fst is used in place; per call, the normalized text and a flag
//! byte per normalized byte, plus (for text that is not ASCII) a 2×u32
//! alignment entry per normalized byte; the matches of a call share their
//! concepts and terms.
//! [`Glossary::annotate_batch`] keeps decoded concepts and word stems across
//! its texts (each cache bounded, see [`MAX_CACHED`]), so a subtitle file pays
//! for each concept and each distinct word once.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use fst::raw::Output;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::glossary::{Glossary, Posting};
use crate::lang::Lang;
use crate::model::{Concept, Status, Term};
use crate::span::{spans_for, Span};
use crate::stem::{self, StemmedText};

/// Longest text one call annotates, in bytes (a line of a script, a subtitle
/// file joined, a page). Split longer inputs.
pub const MAX_TEXT_LEN: usize = 16 << 20;

/// Most decoded concepts, and most word stems, kept across the texts of one
/// [`Glossary::annotate_batch`] call; past it a cache starts over.
pub const MAX_CACHED: usize = 1 << 13;

/// Options for [`Glossary::annotate`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AnnotateOptions {
    /// Language of the text (with locale fallback); `None` finds terms of every language.
    pub lang: Option<String>,
    /// Languages whose terms are returned as translations of each match.
    pub to: Vec<String>,
    /// Return every match, overlapping ones included, instead of leftmost-longest.
    pub overlapping: bool,
    /// Only terms with one of these statuses (empty: any).
    pub status: Vec<Status>,
}

impl AnnotateOptions {
    /// Annotates text in language `lang`.
    pub fn new(lang: impl Into<String>) -> AnnotateOptions {
        AnnotateOptions { lang: Some(lang.into()), ..AnnotateOptions::default() }
    }

    /// Returns translations in these languages.
    pub fn to<I: IntoIterator<Item = S>, S: Into<String>>(mut self, langs: I) -> AnnotateOptions {
        self.to = langs.into_iter().map(Into::into).collect();
        self
    }

    /// Returns overlapping matches too.
    pub fn overlapping(mut self, yes: bool) -> AnnotateOptions {
        self.overlapping = yes;
        self
    }
}

/// How a match was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The text is the term, character for character.
    Exact,
    /// The text equals the term after normalization (case, width, punctuation variants…).
    Normalized,
    /// Only the Snowball stems match: an inflected form (`co-productions`).
    Inflected,
}

/// A term found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Annotation {
    /// Where, in the original text, in bytes, UTF-16 units and code points.
    #[serde(flatten)]
    pub span: Span,
    /// The text as it appears in the input (`text[span.start..span.end]`).
    pub text: String,
    /// How it matched.
    pub how: MatchKind,
    /// The term's status (a forbidden or deprecated term is found like any other, and flagged).
    pub status: Status,
    /// The term that matched (shared by its matches in one call).
    pub term: Arc<Term>,
    /// The concept, with all its terms and notes (shared by the matches of one call).
    pub concept: Arc<Concept>,
    /// The concept's terms in the requested target languages.
    pub translations: Vec<Term>,
    /// For a deprecated or forbidden term: the preferred terms of the same concept
    /// in the same language (admitted ones when none is preferred).
    pub preferred: Vec<Term>,
}

/// Where a term is in a text and which one it is, without its concept
/// ([`Glossary::find_terms`]): the spans and concepts are those of
/// [`Glossary::annotate`] with the same options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TermSpan {
    /// Where, in the original text, in bytes, UTF-16 units and code points.
    #[serde(flatten)]
    pub span: Span,
    /// The concept's index ([`Glossary::concept`]).
    pub concept: u32,
    /// The matched term's index in the concept's `terms`.
    pub term: u32,
    /// The term's status.
    pub status: Status,
    /// Only the stems matched ([`MatchKind::Inflected`]).
    pub inflected: bool,
}

const START: u8 = 1;
const END: u8 = 2;
/// In stemmed text, an end where the term's stem may be one letter longer.
const LONG: u8 = 4;

/// What one `annotate_batch` call keeps across its texts.
#[derive(Default)]
struct Scratch {
    concepts: FxHashMap<u32, Cached>,
    stems: stem::StemCache,
    // Buffers reused from text to text.
    found: Vec<(usize, usize, u64)>,
    postings: Vec<Posting>,
    hits: Vec<Hit>,
    kept: Vec<Kept>,
    flags: Vec<u8>,
    words: Vec<(u32, u32)>,
    stem_flags: Vec<u8>,
}

/// A candidate that passed the filters: original range, posting, language rank, inflected.
type Kept = (usize, usize, Posting, u8, bool);

/// A decoded concept, and those of its terms that matched, ready to share
/// among its matches (a concept has terms in many languages; one matches).
struct Cached {
    concept: Arc<Concept>,
    terms: Vec<Option<Arc<Term>>>,
}

impl Cached {
    /// Term `i`, shared.
    fn term(&mut self, i: u32) -> Option<Arc<Term>> {
        let slot = self.terms.get_mut(i as usize)?;
        if slot.is_none() {
            *slot = Some(Arc::new(self.concept.terms.get(i as usize)?.clone()));
        }
        slot.clone()
    }
}

impl Scratch {
    fn concept(&mut self, g: &Glossary, index: u32) -> Result<&mut Cached> {
        if self.concepts.len() >= MAX_CACHED && !self.concepts.contains_key(&index) {
            self.concepts.clear();
        }
        match self.concepts.entry(index) {
            std::collections::hash_map::Entry::Occupied(e) => Ok(e.into_mut()),
            std::collections::hash_map::Entry::Vacant(e) => {
                let concept = g.concept(index)?;
                let terms = vec![None; concept.terms.len()];
                Ok(e.insert(Cached { concept: Arc::new(concept), terms }))
            }
        }
    }
}

/// A key found in the text, before its postings are decoded and filtered:
/// original byte range, the key's value, and whether only the stems matched.
type Hit = (usize, usize, u64, bool);

/// For each word that begins a key (the key's first UAX #29 segment, ASCII
/// only): where the walk from the fst root stands after it. Built once per
/// glossary, on the first `annotate`: with it a walk skips a start whose word
/// begins no key, and starts the others after their first word. (A key found
/// from a start of ASCII text begins with the whole word there: the text has a
/// word break after it, and so has the key, whose characters around that point
/// are the text's.)
///
/// The stem keys of each language get a table of their own, whose words are
/// the first pieces of stemmed keys (as [`StemmedText`] splits text), plus each
/// one-piece key less its last letter: where a text's stem is one letter short
/// of a term's (see [`LONG`]), the walk must still start.
///
/// The words sit in one buffer, each after its length byte, and the hash table
/// holds 12-byte entries that point into it: about a fifth of the heap of a map
/// from boxed words, and one memory access fewer per lookup than a table of
/// entry numbers. Words longer than [`FirstWords::MAX_WORD`] are left out: a
/// walk from such a word starts at the root.
#[derive(Debug, Default)]
pub(crate) struct FirstWords {
    words: Vec<u8>,
    index: hashbrown::HashTable<Step>,
    /// False when an offset did not fit 32 bits: the table is then not used.
    complete: bool,
}

/// One first word: where its length byte is in [`FirstWords::words`], then
/// the fst node and output after it (whether the word alone is a key, the node
/// says).
#[derive(Debug, Clone, Copy)]
struct Step {
    start: u32,
    addr: u32,
    out: u32,
}

impl Step {
    fn word<'w>(&self, words: &'w [u8]) -> &'w [u8] {
        let at = self.start as usize + 1;
        let len = words.get(self.start as usize).copied().unwrap_or(0) as usize;
        words.get(at..at + len).unwrap_or_default()
    }
}


/// The fst of an artifact.
type KeysFst = fst::raw::Fst<crate::artifact::Bytes>;

impl FirstWords {
    /// Longest word in a table, in bytes.
    const MAX_WORD: usize = u8::MAX as usize;

    /// The table of the keys fst.
    pub(crate) fn of_keys(fst: &KeysFst) -> FirstWords {
        use fst::Streamer;
        let mut table = FirstWords { complete: true, ..FirstWords::default() };
        let root = (fst.root(), Output::zero());
        let mut keys = fst.stream();
        while let Some((key, _)) = keys.next() {
            if let Some(word) = std::str::from_utf8(key).ok().and_then(|k| first_word(k, false)) {
                table.add(fst, root, word.as_bytes());
            }
        }
        table.finish()
    }

    /// The table of the stem keys of `language` (`language \0 stems`).
    pub(crate) fn of_stems(fst: &KeysFst, language: &str) -> FirstWords {
        use fst::{IntoStreamer, Streamer};
        let mut table = FirstWords { complete: true, ..FirstWords::default() };
        let prefix = format!("{language}\0");
        let after = format!("{language}\u{1}");
        let Some(root) = follow(fst, fst.root(), Output::zero(), prefix.as_bytes()) else { return FirstWords::default() };
        let mut keys = fst.range().ge(prefix.as_bytes()).lt(after.as_bytes()).into_stream();
        while let Some((key, _)) = keys.next() {
            let Some(rest) = key.get(prefix.len()..).and_then(|k| std::str::from_utf8(k).ok()) else { continue };
            let Some(piece) = first_word(rest, stem::elides(language)) else { continue };
            table.add(fst, root, piece.as_bytes());
            if piece.len() == rest.len() && piece.len() > 1 && piece.as_bytes().last().is_some_and(u8::is_ascii_lowercase) {
                table.add(fst, root, piece.as_bytes().get(..piece.len() - 1).unwrap_or_default());
            }
        }
        table.finish()
    }

    /// Adds `word`, reached through the fst from `root` (the root, or the node after a language prefix).
    fn add<'f>(&mut self, fst: &'f KeysFst, root: (fst::raw::Node<'f>, Output), word: &[u8]) {
        let Ok(len) = u8::try_from(word.len()) else { return };
        let hash = crate::words::hash(word);
        if !self.complete || self.index.find(hash, |e| e.word(&self.words) == word).is_some() {
            return;
        }
        // The word begins a key, or is one less its last letter, so the path exists.
        let Some((node, out)) = follow(fst, root.0, root.1, word) else { return };
        let (Ok(start), Ok(_), Ok(addr), Ok(out)) = (
            u32::try_from(self.words.len()),
            u32::try_from(self.words.len() + 1 + word.len()),
            u32::try_from(node.addr()),
            u32::try_from(out.value()),
        ) else {
            self.complete = false;
            return;
        };
        self.words.push(len);
        self.words.extend_from_slice(word);
        let words = &self.words;
        self.index.insert_unique(hash, Step { start, addr, out }, |e| crate::words::hash(e.word(words)));
    }

    fn finish(mut self) -> FirstWords {
        if !self.complete {
            return FirstWords::default();
        }
        self.words.shrink_to_fit();
        let words = &self.words;
        self.index.shrink_to_fit(|e| crate::words::hash(e.word(words)));
        self
    }

    /// The step for `word`, if a key begins with it.
    fn get(&self, word: &[u8]) -> Option<&Step> {
        self.index.find(crate::words::hash(word), |e| e.word(&self.words) == word)
    }
}

#[cfg(test)]
thread_local! {
    /// Tests turn the first-word table off to compare against the plain walk.
    static TABLES: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Whether walks use the first-word table (always, outside tests).
fn use_tables() -> bool {
    #[cfg(test)]
    return TABLES.with(std::cell::Cell::get);
    #[cfg(not(test))]
    true
}

/// The node and output reached from `node` through `bytes`, if the fst has that path.
fn follow<'f>(
    fst: &'f KeysFst,
    mut node: fst::raw::Node<'f>,
    mut out: Output,
    bytes: &[u8],
) -> Option<(fst::raw::Node<'f>, Output)> {
    for &b in bytes {
        let t = node.transition(node.find_input(b)?);
        out = out.cat(t.out);
        node = fst.node(t.addr);
    }
    Some((node, out))
}

/// The first word segment of a key (split after an elided article when
/// `elide`, as [`StemmedText`] splits text), if it is ASCII and not white space.
fn first_word(key: &str, elide: bool) -> Option<&str> {
    stem::first_piece(key, elide).filter(|w| w.is_ascii() && !w.chars().all(char::is_whitespace))
}

/// Walks `fst` from every allowed start of `text` (after `prefix`, if any), and
/// returns (start, end, value) for each key that ends at an allowed end. At
/// ends flagged [`LONG`], a key one ASCII letter longer also counts.
/// With `first`, the starts are its words (start, end of the word there), each
/// walked from its entry in the first-word table (built for `prefix`).
fn walk(
    fst: &KeysFst,
    prefix: Option<&[u8]>,
    text: &[u8],
    flags: &[u8],
    first: Option<(&FirstWords, &[(u32, u32)])>,
    found: &mut Vec<(usize, usize, u64)>,
) {
    found.clear();
    let Some((root, root_out)) = follow(fst, fst.root(), Output::zero(), prefix.unwrap_or_default()) else { return };
    let on = Walk { fst, text, flags };
    match first {
        Some((table, words)) => {
            for &(s, e) in words {
                let (s, e) = (s as usize, e as usize);
                if e - s > FirstWords::MAX_WORD {
                    // Not in the table: walk from the root.
                    on.from(root, root_out, s, s, found);
                    continue;
                }
                let Some(step) = text.get(s..e).and_then(|w| table.get(w)) else { continue };
                let (node, out) = (fst.node(step.addr as fst::raw::CompiledAddr), Output::new(u64::from(step.out)));
                on.at_end(node, out, s, e, found);
                on.from(node, out, s, e, found);
            }
        }
        None => {
            for (s, _) in flags.iter().enumerate().filter(|(_, f)| **f & START != 0) {
                on.from(root, root_out, s, s, found);
            }
        }
    }
}

/// What one [`walk`] runs over.
struct Walk<'a> {
    fst: &'a KeysFst,
    text: &'a [u8],
    flags: &'a [u8],
}

impl<'a> Walk<'a> {
    /// Continues a walk that started at `s` and stands at `node` after the text up to `from`.
    fn from(&self, mut node: fst::raw::Node<'a>, mut out: Output, s: usize, from: usize, found: &mut Vec<(usize, usize, u64)>) {
        for (e, &b) in self.text.iter().enumerate().skip(from) {
            let Some(i) = node.find_input(b) else { break };
            let t = node.transition(i);
            out = out.cat(t.out);
            node = self.fst.node(t.addr);
            self.at_end(node, out, s, e + 1, found);
        }
    }

    /// At `e`, standing at `node` after the text from `s`: the key that ends
    /// there, if `e` is an allowed end, and at an end flagged [`LONG`] the keys
    /// one letter longer.
    #[inline(always)]
    fn at_end(&self, node: fst::raw::Node<'a>, out: Output, s: usize, e: usize, found: &mut Vec<(usize, usize, u64)>) {
        let flag = self.flags.get(e).copied().unwrap_or(0);
        if flag & END == 0 {
            return;
        }
        if node.is_final() {
            found.push((s, e, out.cat(node.final_output()).value()));
        }
        if flag & LONG != 0 {
            for t in node.transitions().filter(|t| t.inp.is_ascii_lowercase()) {
                let next = self.fst.node(t.addr);
                if next.is_final() {
                    found.push((s, e, out.cat(t.out).cat(next.final_output()).value()));
                }
            }
        }
    }
}

impl Glossary {
    /// Finds the glossary's terms in `text`.
    ///
    /// Matches are sorted by position; by default they do not overlap, and at
    /// each position the longest match wins ("Hong Kong film festival" over
    /// "Hong Kong"). Several concepts sharing one span are all returned.
    ///
    /// # Errors
    /// `lang.invalid` for a bad language tag, `limit.exceeded` for a text past
    /// [`MAX_TEXT_LEN`], `artifact.corrupt` for a damaged artifact.
    ///
    /// # Example
    /// ```
    /// use crosscut::{AnnotateOptions, Concept, Glossary, GlossaryBuilder, Term};
    /// let t = |text: &str, lang: &str| Term { text: text.into(), lang: lang.into(), ..Term::default() };
    /// let mut b = GlossaryBuilder::new();
    /// b.add(Concept { id: "hk".into(), terms: vec![t("Hong Kong", "en")], ..Concept::default() })?;
    /// b.add(Concept { id: "hkff".into(), terms: vec![t("Hong Kong film festival", "en")], ..Concept::default() })?;
    /// let g = Glossary::from_bytes(b.build()?)?;
    /// let text = "😀 At the HONG KONG Film Festival, and in Hong Kong.";
    /// let found = g.annotate(text, &AnnotateOptions::new("en"))?;
    /// assert_eq!(found.len(), 2);
    /// assert_eq!(found[0].concept.id, "hkff");
    /// assert_eq!(&text[found[0].span.start..found[0].span.end], "HONG KONG Film Festival");
    /// assert_eq!(found[1].text, "Hong Kong");
    /// # Ok::<(), crosscut::Error>(())
    /// ```
    pub fn annotate(&self, text: &str, options: &AnnotateOptions) -> Result<Vec<Annotation>> {
        let langs = crate::lang::parse_query_langs(options.lang.as_deref(), &options.to)?;
        self.annotate_with(&mut Scratch::default(), text, options, &langs)
    }

    /// Finds the glossary's terms in `text` as [`annotate`](Self::annotate)
    /// does, the same spans and the same concepts, but returns only where each
    /// match is and which term it is, without decoding the concept: for a
    /// highlighter that shows the details of a term when asked
    /// ([`concept`](Self::concept)), or for counting. `options.to` is ignored.
    ///
    /// # Errors
    /// As [`annotate`](Self::annotate), except that a damaged concept record
    /// (in an artifact whose checksum was forged) shows only when that concept
    /// is decoded.
    ///
    /// # Example
    /// ```
    /// use crosscut::{AnnotateOptions, Concept, Glossary, GlossaryBuilder, Term};
    /// let t = |text: &str, lang: &str| Term { text: text.into(), lang: lang.into(), ..Term::default() };
    /// let mut b = GlossaryBuilder::new();
    /// b.add(Concept { id: "hk".into(), terms: vec![t("Hong Kong", "en"), t("香港", "zh")], ..Concept::default() })?;
    /// let g = Glossary::from_bytes(b.build()?)?;
    /// let text = "From Hong Kong.";
    /// let found = g.find_terms(text, &AnnotateOptions::new("en"))?;
    /// assert_eq!((found[0].span.start, found[0].span.end), (5, 14));
    /// let concept = g.concept(found[0].concept)?;
    /// assert_eq!(concept.id, "hk");
    /// assert_eq!(concept.terms[found[0].term as usize].text, "Hong Kong");
    /// # Ok::<(), crosscut::Error>(())
    /// ```
    pub fn find_terms(&self, text: &str, options: &AnnotateOptions) -> Result<Vec<TermSpan>> {
        let langs = crate::lang::parse_query_langs(options.lang.as_deref(), &[])?;
        self.find_terms_with(&mut Scratch::default(), text, options, langs.0.as_ref())
    }

    fn find_terms_with(
        &self,
        scratch: &mut Scratch,
        text: &str,
        options: &AnnotateOptions,
        lang: Option<&Lang>,
    ) -> Result<Vec<TermSpan>> {
        let spans = self.find(scratch, text, options, lang)?;
        Ok(scratch
            .kept
            .iter()
            .zip(spans)
            .map(|(k, span)| {
                let p = k.2;
                TermSpan { span, concept: p.concept, term: p.term, status: p.status, inflected: k.4 }
            })
            .collect())
    }

    fn annotate_with(
        &self,
        scratch: &mut Scratch,
        text: &str,
        options: &AnnotateOptions,
        (lang, to): &(Option<Lang>, Vec<Lang>),
    ) -> Result<Vec<Annotation>> {
        let spans = self.find(scratch, text, options, lang.as_ref())?;
        let kept = std::mem::take(&mut scratch.kept);
        let mut result = Vec::with_capacity(kept.len());
        for (k, span) in kept.iter().zip(spans) {
            let p = k.2;
            let cached = scratch.concept(self, p.concept)?;
            let concept = Arc::clone(&cached.concept);
            let term = cached
                .term(p.term)
                .ok_or_else(|| Error::corrupt(format!("posting names term {} of concept {:?}", p.term, concept.id)))?;
            let surface = text.get(k.0..k.1).unwrap_or_default().to_string();
            let how = if k.4 {
                MatchKind::Inflected
            } else if surface == term.text {
                MatchKind::Exact
            } else {
                MatchKind::Normalized
            };
            let preferred = match term.status {
                Status::Deprecated | Status::Forbidden => alternatives(&concept, &term),
                _ => Vec::new(),
            };
            result.push(Annotation {
                span,
                text: surface,
                how,
                status: term.status,
                translations: self.translations(&concept, to),
                term,
                concept,
                preferred,
            });
        }
        scratch.kept = kept;
        Ok(result)
    }

    /// The matches of `text`, left in `scratch.kept`: (original range, posting,
    /// language rank, inflected), one per concept and span, sorted by span;
    /// returns the span of each in every unit.
    fn find(
        &self,
        scratch: &mut Scratch,
        text: &str,
        options: &AnnotateOptions,
        lang: Option<&Lang>,
    ) -> Result<Vec<Span>> {
        if text.len() > MAX_TEXT_LEN {
            return Err(Error::limit("text length in bytes", MAX_TEXT_LEN as u64));
        }
        let norm = self.normalization();
        let nt = norm.normalize(text);
        let stemming = lang.and_then(|l| {
            let base = l.language();
            let algorithm = stem::algorithm(base).filter(|_| self.info().stemmed.iter().any(|x| x == base))?;
            Some((base, self.stem_keys.as_ref()?, algorithm))
        });
        // ASCII text (most lines) takes one pass for its boundaries and starts
        // each walk after its first word (see [`FirstWords`]).
        let fast = nt.normalized.is_ascii() && use_tables();
        let segments = if fast { Vec::new() } else { crate::words::word_segments(&nt.normalized) };
        let mut flags = std::mem::take(&mut scratch.flags);
        let mut words = std::mem::take(&mut scratch.words);
        if fast {
            ascii_boundaries(nt.normalized.as_bytes(), elides(lang), &mut flags, &mut words);
        } else {
            boundaries(&nt.normalized, &segments, lang, &mut flags);
        }

        let mut found = std::mem::take(&mut scratch.found);
        let mut postings = std::mem::take(&mut scratch.postings);
        let mut hits = std::mem::take(&mut scratch.hits);
        hits.clear();
        let first = fast.then(|| Arc::clone(self.first_words.get_or_init(|| Arc::new(FirstWords::of_keys(self.keys.as_fst())))));
        let table = first.as_deref().filter(|f| f.complete).map(|f| (f, words.as_slice()));
        walk(self.keys.as_fst(), None, nt.normalized.as_bytes(), &flags, table, &mut found);
        hits.extend(found.iter().filter_map(|&(s, e, value)| nt.original_range(s, e).map(|(os, oe)| (os, oe, value, false))));
        // Inflection tolerance: the same walk over the stemmed text and the stem keys.
        if let Some((base, stem_keys, algorithm)) = stemming {
            let stemmer = rust_stemmers::Stemmer::create(algorithm);
            let st = if fast {
                let bytes = nt.normalized.as_bytes();
                let segments = crate::words::AsciiSegments::new(bytes).map(|(s, e)| (s, nt.normalized.get(s..e).unwrap_or_default()));
                StemmedText::from_segments(segments, base, &stemmer, &mut scratch.stems)
            } else {
                StemmedText::from_segments(segments.iter().copied(), base, &stemmer, &mut scratch.stems)
            };
            let mut sflags = std::mem::take(&mut scratch.stem_flags);
            sflags.clear();
            sflags.resize(st.text.len() + 1, 0);
            for &(a, b, _, _) in &st.pieces {
                let (a, b) = (a as usize, b as usize);
                if let Some(f) = sflags.get_mut(a) {
                    *f |= START;
                }
                // Where a stem is long enough, the term's stem may be one letter longer.
                let long = if b - a >= stem::MIN_SHORT_STEM { LONG } else { 0 };
                if let Some(f) = sflags.get_mut(b) {
                    *f = (*f & !LONG) | END | long;
                }
            }
            let prefix = format!("{base}\0");
            // Stems of ASCII words are ASCII: start after the first piece here too.
            let first = (fast && st.text.is_ascii()).then(|| self.stem_first_words(stem_keys.as_fst(), base)).flatten();
            words.clear();
            words.extend(st.pieces.iter().map(|&(a, b, _, _)| (a, b)));
            let table = first.as_deref().filter(|f| f.complete).map(|f| (f, words.as_slice()));
            walk(stem_keys.as_fst(), Some(prefix.as_bytes()), st.text.as_bytes(), &sflags, table, &mut found);
            hits.extend(found.iter().filter_map(|&(s, e, value)| {
                let (ns, ne) = st.normalized_range(s, e)?;
                nt.original_range(ns, ne).map(|(os, oe)| (os, oe, value, true))
            }));
            scratch.stem_flags = sflags;
        }

        // Filter before resolving overlaps (see the module docs). Leftmost-longest
        // takes spans by start, longest first, and keeps a span (with every
        // concept on it) when one of its postings passes the filters; a span that
        // starts inside the last one kept is dropped before its postings are decoded.
        scratch.found = found;
        let mut kept = std::mem::take(&mut scratch.kept);
        kept.clear();
        let mut ranks: Vec<Option<Option<u8>>> = Vec::new();
        if !options.overlapping {
            crate::sort::sort_by_key(&mut hits, |h| (h.0, std::cmp::Reverse(h.1)));
        }
        let mut reach = 0usize;
        for group in hits.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)) {
            let Some(&(os, oe, _, _)) = group.first() else { continue };
            if !options.overlapping && os < reach {
                continue;
            }
            let before = kept.len();
            for &(_, _, value, inflected) in group {
                if inflected {
                    self.stem_postings_into(value, &mut postings)?;
                } else {
                    self.postings_into(value, &mut postings)?;
                }
                for &p in &postings {
                    if let Some(rank) = self.admit(scratch, &mut ranks, lang, &options.status, text, (os, oe), p)? {
                        kept.push((os, oe, p, rank, inflected));
                    }
                }
            }
            if kept.len() > before {
                reach = oe;
            }
        }
        scratch.postings = postings;
        // One annotation per concept and span: an exact or normalized match before
        // an inflected one, then the best-ranked term.
        crate::sort::sort_by_key(&mut kept, |k| (k.0, std::cmp::Reverse(k.1), k.2.concept, k.4, k.3, k.2.status, k.2.term));
        kept.dedup_by_key(|k| (k.0, k.1, k.2.concept));
        let ranges: Vec<(usize, usize)> = kept.iter().map(|k| (k.0, k.1)).collect();
        scratch.hits = hits;
        scratch.kept = kept;
        scratch.flags = flags;
        scratch.words = words;
        Ok(spans_for(text, &ranges))
    }

    /// The first-word table of the stem keys of `language`, built on first use
    /// (`None` if another thread panicked while building one).
    fn stem_first_words(&self, fst: &KeysFst, language: &str) -> Option<Arc<FirstWords>> {
        let mut tables = self.stem_first_words.lock().ok()?;
        Some(Arc::clone(tables.entry(language.to_string()).or_insert_with(|| Arc::new(FirstWords::of_stems(fst, language)))))
    }

    /// The language rank of posting `p` found at `range` of `text`, or `None`
    /// when a filter drops it: its status is not wanted, its language is not
    /// the text's, or its term is case-sensitive and the case differs.
    #[allow(clippy::too_many_arguments)] // the state of one call, passed apart to keep the borrows short
    fn admit(
        &self,
        scratch: &mut Scratch,
        ranks: &mut Vec<Option<Option<u8>>>,
        lang: Option<&Lang>,
        status: &[Status],
        text: &str,
        range: (usize, usize),
        p: Posting,
    ) -> Result<Option<u8>> {
        // `find_terms` hands the index out without decoding the concept.
        if p.concept >= self.info().concepts {
            return Err(Error::corrupt(format!("a posting names concept {} of {}", p.concept, self.info().concepts)));
        }
        if !status.is_empty() && !status.contains(&p.status) {
            return Ok(None);
        }
        let rank = match lang {
            // The glossary has few languages: rank each once per call.
            Some(l) => {
                let i = p.lang as usize;
                if ranks.len() <= i {
                    ranks.resize(i + 1, None);
                }
                let slot = ranks.get_mut(i).ok_or_else(|| Error::corrupt("language id out of range"))?;
                let rank = match *slot {
                    Some(r) => r,
                    None => *slot.insert(l.match_rank(self.lang(p.lang)?)),
                };
                match rank {
                    Some(r) => r,
                    None => return Ok(None),
                }
            }
            None => 0,
        };
        if p.case_sensitive {
            let norm = self.normalization();
            let term = scratch.concept(self, p.concept)?.concept.terms.get(p.term as usize);
            let surface = text.get(range.0..range.1).unwrap_or_default();
            if term.is_none_or(|t| norm.key_preserving_case(&t.text) != norm.key_preserving_case(surface)) {
                return Ok(None);
            }
        }
        Ok(Some(rank))
    }

    /// Annotates many texts (the lines of a script, the cues of a subtitle file)
    /// with the same options; the result has one list per input.
    ///
    /// # Errors
    /// As [`annotate`](Self::annotate), for the first text that fails.
    pub fn annotate_batch<S: AsRef<str>>(&self, texts: &[S], options: &AnnotateOptions) -> Result<Vec<Vec<Annotation>>> {
        let langs = crate::lang::parse_query_langs(options.lang.as_deref(), &options.to)?;
        let mut scratch = Scratch::default();
        texts.iter().map(|t| self.annotate_with(&mut scratch, t.as_ref(), options, &langs)).collect()
    }

    /// [`find_terms`](Self::find_terms) for many texts, with the set-up and
    /// the caches of [`annotate_batch`](Self::annotate_batch).
    ///
    /// # Errors
    /// As [`annotate`](Self::annotate), for the first text that fails.
    pub fn find_terms_batch<S: AsRef<str>>(
        &self,
        texts: &[S],
        options: &AnnotateOptions,
    ) -> Result<Vec<Vec<TermSpan>>> {
        let (lang, _) = crate::lang::parse_query_langs(options.lang.as_deref(), &[])?;
        let mut scratch = Scratch::default();
        texts.iter().map(|t| self.find_terms_with(&mut scratch, t.as_ref(), options, lang.as_ref())).collect()
    }
}

/// The preferred terms of `term`'s concept in its language (else the admitted ones).
fn alternatives(concept: &Concept, term: &Term) -> Vec<Term> {
    for wanted in [Status::Preferred, Status::Admitted] {
        let found: Vec<Term> = concept.terms.iter().filter(|t| t.lang == term.lang && t.status == wanted).cloned().collect();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// Sets `flags` to one flag byte for each byte position of `text`: where a term may start and end.
fn boundaries(text: &str, segments: &[(usize, &str)], lang: Option<&Lang>, flags: &mut Vec<u8>) {
    flags.clear();
    flags.resize(text.len() + 1, 0);
    let mut set = |i: usize, f: u8| {
        if let Some(x) = flags.get_mut(i) {
            *x |= f;
        }
    };
    let elides = elides(lang);
    for &(i, seg) in segments {
        if seg.chars().all(char::is_whitespace) {
            continue;
        }
        set(i, START);
        set(i + seg.len(), END);
        if seg.is_ascii() {
            // No spaceless script or Hangul here: only an elided article splits an ASCII segment.
            if elides {
                for (j, _) in seg.match_indices('\'').filter(|&(j, _)| j > 0) {
                    set(i + j + 1, START);
                }
            }
            continue;
        }
        for (j, c) in seg.char_indices() {
            let at = i + j;
            if spaceless(c) {
                set(at, START | END);
                set(at + c.len_utf8(), START | END);
            } else if is_hangul(c) {
                set(at + c.len_utf8(), END);
            } else if elides && c == '\'' && j > 0 {
                set(at + 1, START);
            }
        }
    }
}

/// Whether the language elides articles before a vowel (`l'amour`), so a term may start after the apostrophe.
fn elides(lang: Option<&Lang>) -> bool {
    lang.is_some_and(|l| stem::elides(l.language()))
}

/// [`boundaries`] of ASCII text in one pass, without collecting its segments;
/// also lists each allowed start with the end of its word (for [`walk`]).
fn ascii_boundaries(text: &[u8], elides: bool, flags: &mut Vec<u8>, words: &mut Vec<(u32, u32)>) {
    flags.clear();
    flags.resize(text.len() + 1, 0);
    words.clear();
    for (s, e) in crate::words::AsciiSegments::new(text) {
        let seg = text.get(s..e).unwrap_or_default();
        if seg.iter().all(|&b| char::from(b).is_whitespace()) {
            continue;
        }
        let mut start = |at: usize| {
            if let Some(f) = flags.get_mut(at) {
                *f |= START;
            }
            words.push((at as u32, e as u32));
        };
        start(s);
        if elides {
            // No spaceless script or Hangul here: only an elided article splits an ASCII segment.
            for (j, _) in seg.iter().enumerate().skip(1).filter(|&(j, &b)| b == b'\'' && j + 1 < seg.len()) {
                start(s + j + 1);
            }
        }
        if let Some(f) = flags.get_mut(e) {
            *f |= END;
        }
    }
}

/// Scripts written without spaces between words: any character boundary may
/// delimit a term. (UAX #29 already splits Han; kana and Thai runs it keeps whole.)
fn spaceless(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF     // Thai, Lao
        | 0x1000..=0x109F   // Myanmar
        | 0x1780..=0x17FF   // Khmer
        | 0x3040..=0x30FF   // Hiragana, Katakana
        | 0x31F0..=0x31FF   // Katakana phonetic extensions
        | 0x3400..=0x4DBF   // CJK extension A
        | 0x4E00..=0x9FFF   // CJK unified ideographs
        | 0xF900..=0xFAFF   // CJK compatibility ideographs
        | 0x20000..=0x3FFFF // CJK extensions B–H
    )
}

fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Concept, GlossaryBuilder, Term};
    use proptest::prelude::*;

    /// A glossary of one concept per term (`c0`, `c1`, …); terms the builder
    /// refuses (they normalize to nothing) are left out.
    fn glossary_of(terms: impl IntoIterator<Item = Term>, stemming: bool) -> Glossary {
        let mut b = GlossaryBuilder::new().stemming(stemming);
        for (i, term) in terms.into_iter().enumerate() {
            let _ = b.add(Concept { id: format!("c{i}"), terms: vec![term], ..Concept::default() });
        }
        Glossary::from_bytes(b.build().unwrap()).unwrap()
    }

    /// Fails unless `annotate` (overlapping matches, in `lang`) returns the
    /// same with the first-word tables as without them.
    fn same_without_tables(g: &Glossary, text: &str, lang: &str) -> Result<(), TestCaseError> {
        let options = AnnotateOptions::new(lang).overlapping(true);
        let with = g.annotate(text, &options).unwrap();
        TABLES.with(|c| c.set(false));
        let without = g.annotate(text, &options);
        TABLES.with(|c| c.set(true));
        prop_assert_eq!(with, without.unwrap());
        Ok(())
    }

    const WORDS: [&str; 18] = [
        "produce", "producers", "production", "co-productions", "film", "films", "filmed", "festival",
        "cutting", "cut", "rough", "don't", "e.g", "3.5", "l'amour", "amours", "d'un", "film's",
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// With stemming on, `annotate` with the first-word tables (of keys and
        /// of stem keys) returns exactly what it returns without them, inflected
        /// matches included, in languages with and without elision.
        #[test]
        fn table_changes_no_annotation(terms in prop::collection::vec(prop::collection::vec(prop::sample::select(WORDS.to_vec()), 1..3), 1..10),
                                       words in prop::collection::vec((prop::sample::select(WORDS.to_vec()), prop::sample::select(vec![" ", ", ", "-", " (", "'s "])), 0..16),
                                       lang in prop::sample::select(vec!["en", "fr"])) {
            let g = glossary_of(terms.iter().map(|t| Term { text: t.join(" "), lang: lang.into(), ..Term::default() }), true);
            let text: String = words.iter().map(|(w, sep)| format!("{w}{sep}")).collect();
            same_without_tables(&g, &text, lang)?;
        }

        /// The same on words made up from a few roots with prefixes (elided
        /// articles, `co-`) and inflection-like suffixes, so that stems, their
        /// one-letter tolerance and elision meet in many combinations, in
        /// English, French and German.
        #[test]
        fn tables_change_no_annotation_on_made_up_words(roots in prop::collection::vec("[a-e]{1,5}", 2..6),
                                                       terms in prop::collection::vec(prop::collection::vec((0usize..6, 0usize..4, 0usize..9), 1..3), 1..8),
                                                       text in prop::collection::vec((0usize..6, 0usize..4, 0usize..9, 0usize..5), 0..20),
                                                       lang in prop::sample::select(vec!["en", "fr", "de"])) {
            const PREFIXES: [&str; 4] = ["", "l'", "d'", "co-"];
            const SUFFIXES: [&str; 9] = ["", "s", "es", "ed", "ing", "'s", "ly", "ation", "e"];
            const SEPARATORS: [&str; 5] = [" ", ", ", "-", " '", ". "];
            let word = |r: usize, p: usize, x: usize| {
                let root = roots.get(r % roots.len()).map_or("", String::as_str);
                format!("{}{root}{}", PREFIXES.get(p).unwrap_or(&""), SUFFIXES.get(x).unwrap_or(&""))
            };
            let g = glossary_of(terms.iter().map(|t| {
                let text = t.iter().map(|&(r, p, x)| word(r, p, x)).collect::<Vec<_>>().join(" ");
                Term { text, lang: lang.into(), ..Term::default() }
            }), true);
            let text: String = text.iter().map(|&(r, p, x, s)| format!("{}{}", word(r, p, x), SEPARATORS.get(s).unwrap_or(&" "))).collect();
            same_without_tables(&g, &text, lang)?;
        }
    }

    /// A word longer than the first-word tables hold is walked from the root.
    #[test]
    fn words_past_the_table_limit_still_match() {
        let long = "a".repeat(FirstWords::MAX_WORD + 1);
        for stemming in [false, true] {
            let term = Term { text: format!("{long} films"), lang: "en".into(), ..Term::default() };
            let g = glossary_of([term], stemming);
            let text = format!("x {long} films and {long} film");
            let found = g.annotate(&text, &AnnotateOptions::new("en")).unwrap();
            let spans: Vec<_> = found.iter().map(|a| (a.span.start, a.how)).collect();
            let mut want = vec![(2, MatchKind::Exact)];
            if stemming {
                want.push((2 + long.len() + " films and ".len(), MatchKind::Inflected));
            }
            assert_eq!(spans, want, "stemming {stemming}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// The default result is leftmost-longest taken from the overlapping
        /// one: filters (language, status, case) apply before overlaps are
        /// resolved, and skipping spans early changes nothing.
        #[test]
        fn leftmost_longest_of_overlapping(terms in prop::collection::vec((prop::collection::vec(prop::sample::select(WORDS.to_vec()), 1..3),
                                                                            prop::sample::select(vec!["en", "en-GB", "fr"]),
                                                                            prop::sample::select(vec![Status::Preferred, Status::Forbidden]),
                                                                            any::<bool>()), 1..10),
                                           words in prop::collection::vec((prop::sample::select(WORDS.to_vec()), prop::sample::select(vec![" ", ", ", "-", " FILM "])), 0..16),
                                           status in prop::sample::select(vec![vec![], vec![Status::Preferred]]),
                                           stemming in any::<bool>()) {
            let g = glossary_of(terms.iter().map(|(t, lang, st, case)| {
                let text = if *case { t.join(" ").to_uppercase() } else { t.join(" ") };
                Term { text, lang: (*lang).into(), status: *st, case_sensitive: *case, ..Term::default() }
            }), stemming);
            let text: String = words.iter().map(|(w, sep)| format!("{w}{sep}")).collect();
            let mut options = AnnotateOptions::new("en");
            options.status = status;
            let all = g.annotate(&text, &options.clone().overlapping(true)).unwrap();
            let (mut reach, mut current, mut want) = (0, None, Vec::new());
            for a in all {
                let span = (a.span.start, a.span.end);
                if current == Some(span) || span.0 >= reach {
                    current = Some(span);
                    reach = span.1;
                    want.push(a);
                }
            }
            prop_assert_eq!(g.annotate(&text, &options).unwrap(), want);
            for options in [options.clone(), options.overlapping(true)] {
                let found = g.find_terms(&text, &options).unwrap();
                prop_assert_eq!(described(&g, &found), described_annotations(&g.annotate(&text, &options).unwrap()));
            }
        }
    }

    /// What a test compares of a match: span, concept id, term, status, inflected.
    type Described = (Span, String, String, Status, bool);

    fn described(g: &Glossary, found: &[TermSpan]) -> Vec<Described> {
        found
            .iter()
            .map(|t| {
                let c = g.concept(t.concept).unwrap();
                let term = c.terms[t.term as usize].text.clone();
                (t.span, c.id, term, t.status, t.inflected)
            })
            .collect()
    }

    fn described_annotations(found: &[Annotation]) -> Vec<Described> {
        found
            .iter()
            .map(|a| (a.span, a.concept.id.clone(), a.term.text.clone(), a.status, a.how == MatchKind::Inflected))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// On ASCII text full of the characters that join or split words
        /// (`'` `.` `:` `,` `_` digits), the one-pass boundaries are the general
        /// ones, and starting walks after their first word finds what walking
        /// every byte from every start finds.
        #[test]
        fn first_words_change_no_match(terms in prop::collection::vec("[ab1][ab1:.',_ -]{0,5}", 1..12),
                                       text in "[ab1A:.',_ `\\t-]{0,40}") {
            let mut b = GlossaryBuilder::new().stemming(false);
            for (i, t) in terms.iter().enumerate() {
                let term = Term { text: t.clone(), lang: "en".into(), ..Term::default() };
                // Terms that normalize to nothing are refused; they cannot matter here.
                let _ = b.add(Concept { id: format!("c{i}"), terms: vec![term], ..Concept::default() });
            }
            let Ok(bytes) = b.build() else { return Ok(()) };
            let g = Glossary::from_bytes(bytes).unwrap();
            let nt = g.normalization().normalize(&text);
            prop_assume!(nt.normalized.is_ascii());
            let segments = crate::words::word_segments(&nt.normalized);
            for lang in [Lang::parse("en").ok(), Lang::parse("fr").ok()] {
                let mut flags = Vec::new();
                boundaries(&nt.normalized, &segments, lang.as_ref(), &mut flags);
                let (mut ascii_flags, mut words) = (Vec::new(), Vec::new());
                ascii_boundaries(nt.normalized.as_bytes(), elides(lang.as_ref()), &mut ascii_flags, &mut words);
                prop_assert_eq!(&ascii_flags, &flags);
                let fst = g.keys.as_fst();
                let first = FirstWords::of_keys(fst);
                let (mut plain, mut fast) = (Vec::new(), Vec::new());
                walk(fst, None, nt.normalized.as_bytes(), &flags, None, &mut plain);
                walk(fst, None, nt.normalized.as_bytes(), &ascii_flags, Some((&first, &words)), &mut fast);
                plain.sort_unstable();
                fast.sort_unstable();
                prop_assert_eq!(plain, fast);
            }
        }
    }
}
