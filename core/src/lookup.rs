//! Term lookup: exact, prefix, fuzzy and regex, each driving the keys fst.
//!
//! Every mode walks the fst with an automaton, so cost follows the size of the
//! answer, never the size of the glossary: exact is one path, prefix streams the
//! keys under a prefix, fuzzy intersects a Levenshtein automaton with the fst,
//! and regex intersects a DFA with it. Candidates are then filtered by language,
//! status and domain, ranked, and only the returned concepts are decoded.

use std::collections::{BinaryHeap, HashMap};

use std::sync::OnceLock;

use fst::automaton::Str;
use fst::{Automaton, IntoStreamer, Streamer};
use regex_automata::dfa::{dense, Automaton as DfaAutomaton};
use regex_automata::nfa::thompson;
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::util::syntax;
use regex_automata::Anchored;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::glossary::{Glossary, Posting};
use crate::lang::Lang;
use crate::model::{Concept, Status, Term};
use crate::sort;

/// Largest edit distance for fuzzy lookup.
pub const MAX_FUZZY_DISTANCE: u32 = 2;
/// Longest query accepted, in bytes.
pub const MAX_QUERY_LEN: usize = 1024;
/// Most keys a prefix lookup examines before ranking (a one-letter prefix of a
/// huge glossary); the best `limit` of those are returned.
pub const MAX_PREFIX_SCAN: usize = 200_000;
/// Size limit for the DFA built from a regex.
pub const MAX_REGEX_DFA_BYTES: usize = 8 << 20;
/// Size limit for the NFA a regex compiles to, checked while it is built: a
/// short pattern with nested counted repetitions (`(?:(?:a{1000}){1000}){1000}`)
/// would otherwise expand to a billion states before the DFA limit is reached.
pub const MAX_REGEX_NFA_BYTES: usize = 8 << 20;

/// How the query is matched against the terms' keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchMode {
    /// The query's key equals the term's key.
    #[default]
    Exact,
    /// The term's key starts with the query's key (autocomplete), shortest first.
    Prefix,
    /// The term's key is within this many edits (Levenshtein, in characters) of the query's key.
    Fuzzy(u32),
    /// The query is a regular expression that must match the whole key
    /// (case-insensitively, since keys are case-folded).
    Regex,
}

impl MatchMode {
    /// The mode from the flags the CLI and the bindings take: a fuzzy distance
    /// (0 for none), `prefix` and `regex`; at most one may be set.
    ///
    /// # Errors
    /// `query.invalid` when more than one is set.
    pub fn from_flags(fuzzy: u32, prefix: bool, regex: bool) -> Result<MatchMode> {
        match (fuzzy, prefix, regex) {
            (0, false, false) => Ok(MatchMode::Exact),
            (d, false, false) => Ok(MatchMode::Fuzzy(d)),
            (0, true, false) => Ok(MatchMode::Prefix),
            (0, false, true) => Ok(MatchMode::Regex),
            _ => Err(Error::query("choose at most one of fuzzy, prefix and regex")),
        }
    }
}

/// Options for [`Glossary::lookup`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LookupOptions {
    /// Language of the query (with locale fallback); `None` matches terms in any language.
    pub lang: Option<String>,
    /// Languages whose terms are returned as translations, in this order.
    pub to: Vec<String>,
    /// How to match.
    pub mode: MatchMode,
    /// Only concepts with this domain.
    pub domain: Option<String>,
    /// Only terms with one of these statuses (empty: any).
    pub status: Vec<Status>,
    /// Most hits returned.
    pub limit: usize,
}

impl Default for LookupOptions {
    fn default() -> LookupOptions {
        LookupOptions { lang: None, to: Vec::new(), mode: MatchMode::Exact, domain: None, status: Vec::new(), limit: 20 }
    }
}

impl LookupOptions {
    /// Exact lookup of a query in language `lang`.
    pub fn new(lang: impl Into<String>) -> LookupOptions {
        LookupOptions { lang: Some(lang.into()), ..LookupOptions::default() }
    }

    /// Returns translations in these languages.
    pub fn to<I: IntoIterator<Item = S>, S: Into<String>>(mut self, langs: I) -> LookupOptions {
        self.to = langs.into_iter().map(Into::into).collect();
        self
    }

    /// Sets the match mode.
    pub fn mode(mut self, mode: MatchMode) -> LookupOptions {
        self.mode = mode;
        self
    }

    /// Sets the maximum number of hits.
    pub fn limit(mut self, limit: usize) -> LookupOptions {
        self.limit = limit;
        self
    }
}

/// One lookup result: the term that matched and its concept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hit {
    /// The matching key of the term (normalized form).
    pub key: String,
    /// The term that matched.
    pub term: Term,
    /// The concept, with all its terms and notes.
    pub concept: Concept,
    /// The concept's terms in the requested target languages, in the order asked,
    /// best status first.
    pub translations: Vec<Term>,
    /// Edit distance between the query and the term's key (fuzzy mode; 0 otherwise).
    pub distance: u32,
}

struct Candidate {
    /// (distance, length for prefix mode, language rank, status, key length, key)
    rank: (u32, usize, u8, Status, usize, String),
    posting: Posting,
}

impl Glossary {
    /// Looks up a term.
    ///
    /// # Errors
    /// `query.invalid` for an empty or over-long query, a fuzzy distance above
    /// [`MAX_FUZZY_DISTANCE`], a query too long for a fuzzy automaton, or an
    /// invalid regex; `lang.invalid` for a bad language tag; `artifact.corrupt`
    /// if the artifact is damaged.
    ///
    /// # Example
    /// ```
    /// use crosscut::{Glossary, GlossaryBuilder, LookupOptions, MatchMode, Concept, Term};
    /// let term = |text: &str, lang: &str| Term { text: text.into(), lang: lang.into(), ..Term::default() };
    /// let mut b = GlossaryBuilder::new();
    /// b.add(Concept { id: "a".into(), terms: vec![term("dubbing", "en"), term("doublage", "fr")], ..Concept::default() })?;
    /// let g = Glossary::from_bytes(b.build()?)?;
    /// let hits = g.lookup("dubing", &LookupOptions::new("en").mode(MatchMode::Fuzzy(1)).to(["fr"]))?;
    /// assert_eq!(hits[0].term.text, "dubbing");
    /// assert_eq!(hits[0].distance, 1);
    /// assert_eq!(hits[0].translations[0].text, "doublage");
    /// # Ok::<(), crosscut::Error>(())
    /// ```
    pub fn lookup(&self, query: &str, options: &LookupOptions) -> Result<Vec<Hit>> {
        if query.len() > MAX_QUERY_LEN {
            return Err(Error::limit("query length in bytes", MAX_QUERY_LEN as u64));
        }
        let (lang, to) = crate::lang::parse_query_langs(options.lang.as_deref(), &options.to)?;
        let norm = self.normalization();
        let key = if options.mode == MatchMode::Regex { query.to_string() } else { norm.key(query) };
        if key.is_empty() && options.mode != MatchMode::Prefix {
            return Err(Error::query("the query is empty after normalization"));
        }
        let limit = options.limit.max(1);
        let mut found: Vec<Candidate> = Vec::new();
        let consider = |k: &[u8], offset: u64, distance: u32, found: &mut Vec<Candidate>| -> Result<()> {
            let k = String::from_utf8_lossy(k);
            for p in self.postings(offset)? {
                if !options.status.is_empty() && !options.status.contains(&p.status) {
                    continue;
                }
                let rank = match &lang {
                    Some(l) => match l.match_rank(self.lang(p.lang)?) {
                        Some(r) => r,
                        None => continue,
                    },
                    None => 0,
                };
                let primary = if options.mode == MatchMode::Prefix { k.len() } else { 0 };
                found.push(Candidate { rank: (distance, primary, rank, p.status, k.len(), k.to_string()), posting: p });
            }
            Ok(())
        };
        match options.mode {
            MatchMode::Exact => {
                if let Some(offset) = self.keys.get(key.as_bytes()) {
                    consider(key.as_bytes(), offset, 0, &mut found)?;
                }
            }
            MatchMode::Prefix => {
                // Keep the `limit` shortest keys (then alphabetical) under the prefix.
                let mut best: BinaryHeap<(usize, Vec<u8>, u64)> = BinaryHeap::new();
                let mut stream = self.keys.search(Str::new(&key).starts_with()).into_stream();
                let mut scanned = 0;
                while let Some((k, v)) = stream.next() {
                    scanned += 1;
                    if scanned > MAX_PREFIX_SCAN {
                        break;
                    }
                    // Bound the heap generously: filters applied later may drop keys.
                    if best.len() >= limit * 4 {
                        if let Some(top) = best.peek() {
                            if (k.len(), k) >= (top.0, top.1.as_slice()) {
                                continue;
                            }
                        }
                        best.pop();
                    }
                    best.push((k.len(), k.to_vec(), v));
                }
                for (_, k, v) in best.into_sorted_vec() {
                    consider(&k, v, 0, &mut found)?;
                }
            }
            MatchMode::Fuzzy(d) => {
                if d > MAX_FUZZY_DISTANCE {
                    return Err(Error::query(format!(
                        "fuzzy distance {d} is too large (at most {MAX_FUZZY_DISTANCE}); use prefix or regex lookup for looser matches"
                    )));
                }
                let dfa = levenshtein_builder(d).build_dfa(&key);
                let mut stream = self.keys.search(&dfa).into_stream();
                while let Some((k, v)) = stream.next() {
                    let dist = edit_distance(&key, &String::from_utf8_lossy(k));
                    consider(k, v, dist, &mut found)?;
                }
            }
            MatchMode::Regex => {
                let aut = RegexAutomaton::new(query)?;
                let mut stream = self.keys.search(&aut).into_stream();
                let mut keys = 0;
                while let Some((k, v)) = stream.next() {
                    consider(k, v, 0, &mut found)?;
                    keys += 1;
                    if keys >= limit * 4 && found.len() >= limit {
                        break;
                    }
                }
            }
        }
        sort::sort_by(&mut found, |a, b| a.rank.cmp(&b.rank).then(a.posting.concept.cmp(&b.posting.concept)).then(a.posting.term.cmp(&b.posting.term)));
        self.hits(found, query, &to, options, limit)
    }

    fn hits(&self, found: Vec<Candidate>, query: &str, to: &[Lang], options: &LookupOptions, limit: usize) -> Result<Vec<Hit>> {
        let norm = self.normalization();
        // Most lookups return one hit: decode its concept and move it, no cache.
        let single = found.len() == 1;
        let mut cache: HashMap<u32, Concept> = HashMap::new();
        let mut hits = Vec::new();
        let mut query_cased: Option<String> = None;
        for c in found {
            if hits.len() >= limit {
                break;
            }
            let concept = if single {
                self.concept(c.posting.concept)?
            } else {
                match cache.get(&c.posting.concept) {
                    Some(concept) => concept.clone(),
                    None => {
                        let concept = self.concept(c.posting.concept)?;
                        cache.insert(c.posting.concept, concept.clone());
                        concept
                    }
                }
            };
            if let Some(d) = &options.domain {
                if !concept.domains.iter().any(|x| x == d || x.strip_prefix(d.as_str()).is_some_and(|r| r.starts_with('.'))) {
                    continue;
                }
            }
            let term = concept
                .terms
                .get(c.posting.term as usize)
                .cloned()
                .ok_or_else(|| Error::corrupt(format!("posting names term {} of concept {:?}", c.posting.term, concept.id)))?;
            if c.posting.case_sensitive && options.mode == MatchMode::Exact {
                let cased = query_cased.get_or_insert_with(|| norm.key_preserving_case(query));
                if norm.key_preserving_case(&term.text) != *cased {
                    continue;
                }
            }
            let translations = self.translations(&concept, to);
            hits.push(Hit { key: c.rank.5, term, concept, translations, distance: c.rank.0 });
        }
        Ok(hits)
    }

    /// The concept's terms in the target languages: by language order, then fallback rank, then status.
    pub(crate) fn translations(&self, concept: &Concept, to: &[Lang]) -> Vec<Term> {
        if to.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<(usize, u8, Status, usize, &Term)> = Vec::new();
        for (ti, t) in concept.terms.iter().enumerate() {
            let parsed;
            let tl = match self.lang_by_tag(&t.lang) {
                Some(l) => l,
                None => match Lang::parse(&t.lang) {
                    Ok(l) => {
                        parsed = l;
                        &parsed
                    }
                    Err(_) => continue,
                },
            };
            if let Some((li, rank)) = to.iter().enumerate().find_map(|(i, l)| l.match_rank(tl).map(|r| (i, r))) {
                out.push((li, rank, t.status, ti, t));
            }
        }
        sort::sort_by_key(&mut out, |x| (x.0, x.1, x.2, x.3));
        out.into_iter().map(|x| x.4.clone()).collect()
    }
}

/// Levenshtein automaton builders for distances 0..=2, built once (each takes
/// milliseconds) and shared. Plain Levenshtein: a transposition costs 2.
fn levenshtein_builder(d: u32) -> &'static levenshtein_automata::LevenshteinAutomatonBuilder {
    static BUILDERS: [OnceLock<levenshtein_automata::LevenshteinAutomatonBuilder>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let i = (d as usize).min(2);
    // `i` is at most 2, the last index of BUILDERS.
    #[allow(clippy::indexing_slicing)]
    BUILDERS[i].get_or_init(|| levenshtein_automata::LevenshteinAutomatonBuilder::new(i as u8, false))
}

/// Levenshtein distance in characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> u32 {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<u32> = (0..=b.len() as u32).collect();
    let mut cur = vec![0u32; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i as u32 + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let sub = prev.get(j).copied().unwrap_or(0) + u32::from(ca != *cb);
            let del = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let ins = cur.get(j).copied().unwrap_or(0) + 1;
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = sub.min(del).min(ins);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

/// `pattern` parsed, or why it does not parse, with the column: regex-automata's
/// build error would say only "error building NFA". The error kinds' own short
/// messages are used rather than regex-syntax's full report, whose formatter
/// would add kilobytes to the wasm build.
fn parse_regex(pattern: &str, config: &syntax::Config) -> Result<regex_syntax::hir::Hir> {
    let (kind, column) = match syntax::parse_with(pattern, config) {
        Ok(hir) => return Ok(hir),
        Err(regex_syntax::Error::Parse(e)) => (e.kind().to_string(), e.span().start.column),
        Err(regex_syntax::Error::Translate(e)) => (e.kind().to_string(), e.span().start.column),
        Err(_) => return Err(Error::query(format!("invalid regex {pattern:?}"))),
    };
    let mut text = format!("invalid regex {pattern:?}: {kind} (column {column})");
    if !cfg!(feature = "regex-unicode") && kind.contains("Unicode") {
        text.push_str("; this build of crosscut has no Unicode property classes such as \\p{Han}: they need its `regex-unicode` feature");
    }
    Err(Error::query(text))
}

/// A regex DFA driving an fst stream: anchored at both ends of each key.
struct RegexAutomaton {
    dfa: dense::DFA<Vec<u32>>,
    start: StateID,
}

impl RegexAutomaton {
    fn new(pattern: &str) -> Result<RegexAutomaton> {
        // Parsed once: the NFA and then the DFA are built from this tree.
        let hir = parse_regex(pattern, &syntax::Config::new().case_insensitive(true))?;
        let too_large = |e: &dyn std::fmt::Display| Error::query(format!("invalid or too large regex {pattern:?}: {e}"));
        // DFAs have no captures, as `dense::Builder::build` configures it.
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(MAX_REGEX_NFA_BYTES)),
            )
            .build_from_hir(&hir)
            .map_err(|e| too_large(&e))?;
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .dfa_size_limit(Some(MAX_REGEX_DFA_BYTES))
                    .determinize_size_limit(Some(MAX_REGEX_DFA_BYTES)),
            )
            .build_from_nfa(&nfa)
            .map_err(|e| too_large(&e))?;
        let start = dfa
            .start_state(&start::Config::new().anchored(Anchored::Yes))
            .map_err(|e| Error::query(format!("regex {pattern:?} cannot be used: {e}")))?;
        Ok(RegexAutomaton { dfa, start })
    }
}

impl Automaton for &RegexAutomaton {
    type State = Option<StateID>;

    fn start(&self) -> Option<StateID> {
        Some(self.start)
    }

    fn is_match(&self, state: &Option<StateID>) -> bool {
        state.is_some_and(|s| self.dfa.is_match_state(self.dfa.next_eoi_state(s)))
    }

    fn can_match(&self, state: &Option<StateID>) -> bool {
        state.is_some_and(|s| !self.dfa.is_dead_state(s) && !self.dfa.is_quit_state(s))
    }

    fn accept(&self, state: &Option<StateID>, byte: u8) -> Option<StateID> {
        let s = (*state)?;
        let next = self.dfa.next_state(s, byte);
        (!self.dfa.is_dead_state(next) && !self.dfa.is_quit_state(next)).then_some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        for (a, b, d) in [("", "", 0), ("a", "", 1), ("kitten", "sitting", 3), ("哥哥", "哥", 1), ("dubbing", "dubing", 1)] {
            assert_eq!(edit_distance(a, b), d, "{a} {b}");
            assert_eq!(edit_distance(b, a), d, "{b} {a}");
        }
    }
}
