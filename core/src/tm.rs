//! The translation memory: [`MemoryBuilder`] (units → artifact of kind
//! `Memory`) and [`Memory`] (an opened artifact plus an in-memory delta):
//! fuzzy search, concordance, additions and atomic compaction.
//!
//! # Index
//! Two kinds of keys go into one fst map, each followed by a postings list of
//! unit ids:
//!
//! - fuzzy keys `f{lang}\x1f{a}\x1e{b}`: word bigrams of each source segment
//!   (numbers as `#`, so segments differing only in numbers share keys), plus
//!   its unigrams `f{lang}\x1f{a}` when it has at most [`SHORT_SEGMENT`] words
//!   (a segment without words is keyed by its punctuation and codes);
//! - word keys `w{lang}\x1f{word}`: every word of every variant (source and
//!   targets), for concordance.
//!
//! `lang` is the language subtag (`en` for `en-US`); finer locale matching is
//! done on the decoded units with [`Lang::match_rank`]. A search counts, per
//! unit, the query's fuzzy keys it shares, ranks the units by the Dice
//! coefficient of shared keys, scores the best [`MAX_CANDIDATES`] exactly
//! (`docs/tm-scoring.md`) and never scans all units. A match above 75 shares
//! at least one key with the query, so the top result is what scoring every
//! unit would give (a property test checks this against brute force).

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use fst::MapBuilder;
use serde::{Deserialize, Serialize};

use crate::artifact::{assemble, get_varint, put_varint, Bytes, Container, Kind, SectionId};
use crate::compile::{bincode_config, MAX_RECORD_LEN};
use crate::error::{Error, Format, Result};
use crate::lang::Lang;
use crate::normalize::Normalization;
use crate::sort;
use crate::tm_model::{Context, Segment, Unit, Variant};
use crate::tm_score::{self, Band, DiffPart, TokKind, Token};

/// Sources with at most this many words also get unigram fuzzy keys.
pub const SHORT_SEGMENT: usize = 3;
/// Most candidates scored exactly per search.
pub const MAX_CANDIDATES: usize = 300;

/// Most candidates a search examines to find [`MAX_CANDIDATES`] that pass its
/// filters (language, origin).
pub const MAX_EXAMINED: usize = 20 * MAX_CANDIDATES;
/// Longest query accepted, in bytes.
pub const MAX_QUERY_LEN: usize = 16 * 1024;

const NORM: Normalization = Normalization { fold_diacritics: false };

/// Metadata stored in a memory artifact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct MemoryMeta {
    units: u32,
    variants: u64,
    languages: Vec<(String, u64)>,
    sources: Vec<String>,
}

/// What a memory holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemoryInfo {
    /// Format version of the artifact.
    pub format_version: u16,
    /// Size of the artifact in bytes.
    pub bytes: u64,
    /// Units in the artifact.
    pub units: u32,
    /// Units added since it was opened (not yet saved).
    pub pending: u32,
    /// Segments (sources and targets) in the artifact.
    pub variants: u64,
    /// Segments per language tag.
    pub languages: BTreeMap<String, u64>,
    /// Names of the sources it was built from.
    pub sources: Vec<String>,
}

/// Collects units, merging duplicates, and builds a memory artifact.
///
/// Two units with the same source language, source segment (inline codes
/// included) and context are one unit: a target identical to one already there
/// adds its count and widens its dates (earliest creation, latest change); any
/// other target is added beside the existing ones, so one source keeps all its
/// translations with their own dates and counts. Unit notes and props are
/// merged without repeats.
///
/// # Example
/// ```
/// use crosscut::{Memory, MemoryBuilder, SearchOptions, Segment, Unit, Variant};
/// let unit = |en: &str, fr: &str| Unit {
///     source: Variant::new("en", Segment::text(en)),
///     targets: vec![Variant::new("fr", Segment::text(fr))],
///     ..Unit::default()
/// };
/// let mut b = MemoryBuilder::new();
/// b.add(unit("Wait 10 minutes.", "Attendez 10 minutes."))?;
/// b.add(unit("Wait 10 minutes.", "Attendez 10 minutes."))?;
/// let memory = Memory::from_bytes(b.build()?)?;
/// assert_eq!(memory.len(), 1);
/// let hits = memory.search("Wait 5 minutes.", &SearchOptions::new("en", "fr"))?;
/// assert_eq!(hits[0].score, 99);
/// assert!(hits[0].repaired);
/// assert_eq!(hits[0].target.segment.plain(), "Attendez 5 minutes.");
/// assert_eq!(hits[0].unit.targets[0].count, 2);
/// # Ok::<(), crosscut::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryBuilder {
    units: Vec<Unit>,
    /// Units by a hash of (source language, source segment, context), to merge
    /// a unit into an identical one without keeping a copy of each source.
    by_source: FxHashMap<u64, Vec<u32>>,
    sources: Vec<String>,
    /// Fuzzy and word keys of every unit, for searching a delta in memory.
    /// Hashed, not ordered: a unit adds 10–20 keys, and an ordered map's
    /// string comparisons made `add` slow on large memories; `build` sorts once.
    keys: FxHashMap<String, Vec<u32>>,
    key_counts: Vec<u32>,
}

impl MemoryBuilder {
    /// An empty builder.
    pub fn new() -> MemoryBuilder {
        MemoryBuilder::default()
    }

    /// Records the name of a source (shown by `info`).
    pub fn source_name(&mut self, name: impl Into<String>) {
        self.sources.push(name.into());
    }

    /// Number of units (after merging).
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether no unit was added.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// Validates and adds a unit, merging it with an identical one.
    ///
    /// # Errors
    /// `lang.invalid` for a bad language tag; `tmx.invalid` for a unit without
    /// a target or with a blank source; `limit.exceeded` past 2³² units.
    pub fn add(&mut self, mut unit: Unit) -> Result<()> {
        unit.source.lang = Lang::parse(&unit.source.lang)?.as_str().to_string();
        for t in &mut unit.targets {
            t.lang = Lang::parse(&t.lang)?.as_str().to_string();
            t.count = t.count.max(1);
        }
        unit.source.count = unit.source.count.max(1);
        if unit.source.segment.is_blank() {
            return Err(Error::invalid(Format::Tmx, "a unit has a blank source segment", "give it text"));
        }
        if unit.targets.is_empty() {
            return Err(Error::invalid(Format::Tmx, "a unit has no target segment", "add a translation"));
        }
        let hash = source_hash(&unit);
        let same = |u: &Unit| u.source.lang == unit.source.lang && u.source.segment == unit.source.segment && u.context == unit.context;
        let found = self.by_source.get(&hash).and_then(|ids| {
            ids.iter().map(|&i| i as usize).find(|&i| self.units.get(i).is_some_and(same))
        });
        if let Some(i) = found {
            if let Some(existing) = self.units.get_mut(i) {
                merge(existing, unit);
                let id = u32::try_from(i).unwrap_or(u32::MAX);
                let keys = unit_keys(existing);
                let count = keys.iter().filter(|k| k.starts_with('f')).count() as u32;
                if let Some(c) = self.key_counts.get_mut(i) {
                    *c = count;
                }
                for k in keys {
                    // Lists stay sorted and unique: postings are delta-encoded.
                    let list = self.keys.entry(k).or_default();
                    if let Err(at) = list.binary_search(&id) {
                        list.insert(at, id);
                    }
                }
            }
            return Ok(());
        }
        let id = u32::try_from(self.units.len()).map_err(|_| Error::limit("number of units", u32::MAX.into()))?;
        let keys = unit_keys(&unit);
        self.key_counts.push(keys.iter().filter(|k| k.starts_with('f')).count() as u32);
        for k in keys {
            self.keys.entry(k).or_default().push(id);
        }
        self.by_source.entry(hash).or_default().push(id);
        self.units.push(unit);
        Ok(())
    }

    /// Adds every unit an importer read.
    ///
    /// # Errors
    /// As [`add`](Self::add), for the first invalid unit.
    pub fn add_all(&mut self, units: impl IntoIterator<Item = Unit>) -> Result<()> {
        for u in units {
            self.add(u)?;
        }
        Ok(())
    }

    /// The units, in the order they were first added.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// Builds the artifact bytes. Deterministic: the same units in the same
    /// order give the same bytes.
    ///
    /// # Errors
    /// A unit record larger than [`MAX_RECORD_LEN`].
    pub fn build(&self) -> Result<Vec<u8>> {
        let n = u32::try_from(self.units.len()).map_err(|_| Error::limit("number of units", u32::MAX.into()))?;
        let mut keys = MapBuilder::memory();
        let mut postings = Vec::new();
        let mut sorted: Vec<(&String, &Vec<u32>)> = self.keys.iter().collect();
        crate::sort::sort_by(&mut sorted, |a, b| a.0.cmp(b.0));
        for (key, ids) in sorted {
            let offset = postings.len() as u64;
            put_varint(&mut postings, ids.len() as u64);
            let mut prev = 0u32;
            for &id in ids {
                put_varint(&mut postings, u64::from(id.saturating_sub(prev)));
                prev = id;
            }
            keys.insert(key.as_bytes(), offset).map_err(fst_err)?;
        }
        let keys = keys.into_inner().map_err(fst_err)?;
        let mut counts = Vec::with_capacity(self.key_counts.len() * 4);
        for c in &self.key_counts {
            counts.extend_from_slice(&c.to_le_bytes());
        }
        let mut records = Vec::new();
        let mut index = Vec::with_capacity((self.units.len() + 1) * 8);
        let mut languages: BTreeMap<String, u64> = BTreeMap::new();
        let mut variants = 0u64;
        for (i, u) in self.units.iter().enumerate() {
            index.extend_from_slice(&(records.len() as u64).to_le_bytes());
            let before = records.len();
            bincode::serde::encode_into_std_write(u, &mut records, bincode_config())
                .map_err(|e| Error::limit(format!("unit {i} record ({e})"), MAX_RECORD_LEN as u64))?;
            if records.len() - before > MAX_RECORD_LEN {
                return Err(Error::limit(format!("unit {i} record size"), MAX_RECORD_LEN as u64));
            }
            for v in std::iter::once(&u.source).chain(&u.targets) {
                *languages.entry(v.lang.clone()).or_insert(0) += 1;
                variants += 1;
            }
        }
        index.extend_from_slice(&(records.len() as u64).to_le_bytes());
        let meta = MemoryMeta { units: n, variants, languages: languages.into_iter().collect(), sources: self.sources.clone() };
        let meta = bincode::serde::encode_to_vec(&meta, bincode_config())
            .map_err(|e| Error::limit(format!("memory metadata ({e})"), MAX_RECORD_LEN as u64))?;
        Ok(assemble(
            Kind::Memory,
            &[
                (SectionId::TmMeta, &meta),
                (SectionId::TmKeys, &keys),
                (SectionId::TmPostings, &postings),
                (SectionId::TmKeyCounts, &counts),
                (SectionId::TmRecordIndex, &index),
                (SectionId::TmRecords, &records),
            ],
        ))
    }
}

/// What makes two units one: their source language, source segment and context.
fn source_hash(unit: &Unit) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    unit.source.lang.hash(&mut h);
    unit.source.segment.hash(&mut h);
    unit.context.hash(&mut h);
    h.finish()
}

fn fst_err(e: fst::Error) -> Error {
    // Keys come from a map and are sorted before insertion: sorted and unique.
    Error::corrupt(format!("building the fst failed: {e}"))
}

fn earliest(a: &mut Option<String>, b: Option<String>) {
    if let Some(b) = b {
        if a.as_ref().is_none_or(|x| b < *x) {
            *a = Some(b);
        }
    }
}

fn latest(a: &mut Option<String>, b: Option<String>) {
    if let Some(b) = b {
        if a.as_ref().is_none_or(|x| b > *x) {
            *a = Some(b);
        }
    }
}

fn union<T: PartialEq>(a: &mut Vec<T>, b: Vec<T>) {
    for x in b {
        if !a.contains(&x) {
            a.push(x);
        }
    }
}

fn merge(into: &mut Unit, unit: Unit) {
    for t in unit.targets {
        match into.targets.iter_mut().find(|x| x.lang == t.lang && x.segment == t.segment) {
            Some(x) => {
                x.count = x.count.saturating_add(t.count);
                earliest(&mut x.created, t.created);
                latest(&mut x.changed, t.changed);
                if t.changer.is_some() {
                    x.changer = t.changer;
                }
                union(&mut x.props, t.props);
                union(&mut x.notes, t.notes);
            }
            None => into.targets.push(t),
        }
    }
    into.source.count = into.source.count.saturating_add(unit.source.count);
    earliest(&mut into.created, unit.created);
    latest(&mut into.changed, unit.changed);
    union(&mut into.props, unit.props);
    union(&mut into.notes, unit.notes);
    if into.id.is_none() {
        into.id = unit.id;
    }
}

fn language_of(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

/// The keys of one unit's tokens: fuzzy n-grams of its source, words of all variants.
fn unit_keys(unit: &Unit) -> Vec<String> {
    let source = tm_score::tokenize(&unit.source.segment, NORM);
    let mut keys = fuzzy_keys(&source, language_of(&unit.source.lang));
    let mut words = |lang: &str, tokens: &[Token]| {
        for t in tokens.iter().filter(|t| matches!(t.kind, TokKind::Word | TokKind::Number)) {
            keys.push(format!("w{lang}\x1f{}", t.key));
        }
    };
    // The source is tokenized once, for its fuzzy keys and its words.
    words(language_of(&unit.source.lang), &source);
    for v in &unit.targets {
        words(language_of(&v.lang), &tm_score::tokenize(&v.segment, NORM));
    }
    sort::sort_unstable(&mut keys);
    keys.dedup();
    keys
}

fn gram(t: &Token) -> &str {
    if t.kind == TokKind::Number {
        "#"
    } else {
        &t.key
    }
}

fn fuzzy_keys(tokens: &[Token], lang: &str) -> Vec<String> {
    let mut content: Vec<&Token> = tokens.iter().filter(|t| matches!(t.kind, TokKind::Word | TokKind::Number)).collect();
    if content.is_empty() {
        // A segment of punctuation or codes only ("…", "{1/}") is keyed by those.
        content = tokens.iter().collect();
    }
    let mut keys: Vec<String> = content.windows(2).map(|w| match w {
        [a, b] => format!("f{lang}\x1f{}\x1e{}", gram(a), gram(b)),
        _ => String::new(),
    }).collect();
    if content.len() <= SHORT_SEGMENT {
        keys.extend(content.iter().map(|t| format!("f{lang}\x1f{}", gram(t))));
    }
    sort::sort_unstable(&mut keys);
    keys.dedup();
    keys
}

/// Orders matches and keeps the best `top`: best score, then closest locale
/// (`rank`), then most used translation, then the most recently changed, then
/// by text (source, then target), so the order depends only on the units, not
/// on their ids: a sharded memory ranks exactly as one artifact of the same units.
/// A unit added since the artifact was built may repeat one in it (they merge on
/// save): each translation is shown once, the best-ranked copy.
pub(crate) fn rank_matches(mut out: Vec<(u8, TmMatch)>, top: usize) -> Vec<TmMatch> {
    let mut keyed: Vec<(u8, String, String, TmMatch)> =
        out.drain(..).map(|(rank, m)| (rank, m.source.plain(), m.target.segment.plain(), m)).collect();
    sort::sort_by(&mut keyed, |a, b| {
        b.3.score
            .cmp(&a.3.score)
            .then(a.0.cmp(&b.0))
            .then(b.3.target.count.cmp(&a.3.target.count))
            .then(b.3.target.changed.cmp(&a.3.target.changed))
            .then_with(|| a.1.cmp(&b.1))
            .then_with(|| a.2.cmp(&b.2))
            .then_with(|| a.3.target.lang.cmp(&b.3.target.lang))
            .then(a.3.id.cmp(&b.3.id))
    });
    let mut seen = std::collections::HashSet::new();
    keyed
        .into_iter()
        .filter(|(_, s, t, m)| seen.insert((s.clone(), m.target.lang.clone(), t.clone())))
        .map(|(_, _, _, m)| m)
        .take(top.max(1))
        .collect()
}

/// Options of [`Memory::search`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchOptions {
    /// Language of the query (matches sources with locale fallback).
    pub src: String,
    /// Language of the wanted translations (with locale fallback).
    pub tgt: String,
    /// Most matches returned.
    pub top: usize,
    /// Lowest score returned (0–101).
    pub min_score: u8,
    /// Only units whose origin file or project is this.
    pub origin: Option<String>,
    /// The query's context, for in-context exact matches (101).
    pub context: Context,
}

impl SearchOptions {
    /// Search from `src` to `tgt`: top 5, scores of 50 and more.
    pub fn new(src: impl Into<String>, tgt: impl Into<String>) -> SearchOptions {
        SearchOptions { src: src.into(), tgt: tgt.into(), top: 5, min_score: 50, origin: None, context: Context::default() }
    }

    /// Sets the number of matches.
    pub fn top(mut self, top: usize) -> SearchOptions {
        self.top = top;
        self
    }

    /// Sets the lowest score.
    pub fn min_score(mut self, min_score: u8) -> SearchOptions {
        self.min_score = min_score;
        self
    }

    /// Only units from this origin (file name or project).
    pub fn origin(mut self, origin: impl Into<String>) -> SearchOptions {
        self.origin = Some(origin.into());
        self
    }

    /// Sets the query's context.
    pub fn context(mut self, context: Context) -> SearchOptions {
        self.context = context;
        self
    }
}

/// A fuzzy match: a unit whose source resembles the query, with one translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TmMatch {
    /// 0–100, or 101 for an identical source in the same context.
    pub score: u8,
    /// The band of the score.
    pub band: Band,
    /// The matched source segment.
    pub source: Segment,
    /// The suggested translation: repaired when `repaired` is set.
    pub target: Variant,
    /// Whether numbers or inline codes of the query were substituted into the target.
    pub repaired: bool,
    /// Word-level diff of the query against the matched source.
    pub diff: Vec<DiffPart>,
    /// The whole unit, as stored.
    pub unit: Unit,
    /// The unit's id in this memory (artifact units first, then added ones).
    pub id: u32,
}

/// Options of [`Memory::concordance`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConcordanceOptions {
    /// Language of the phrase: it is looked for in every segment in this language
    /// (sources and targets, with locale fallback).
    pub lang: String,
    /// Language of the translation shown beside each hit (optional).
    pub tgt: Option<String>,
    /// Most hits.
    pub top: usize,
    /// Only units whose origin file or project is this.
    pub origin: Option<String>,
}

impl ConcordanceOptions {
    /// Looks for a phrase in `lang`: top 20.
    pub fn new(lang: impl Into<String>) -> ConcordanceOptions {
        ConcordanceOptions { lang: lang.into(), tgt: None, top: 20, origin: None }
    }

    /// Shows translations in `tgt`.
    pub fn tgt(mut self, tgt: impl Into<String>) -> ConcordanceOptions {
        self.tgt = Some(tgt.into());
        self
    }
}

/// A concordance hit: a segment holding the phrase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConcordanceHit {
    /// Whether the phrase was found in the source (`true`) or a target.
    pub in_source: bool,
    /// The segment holding the phrase, as plain text.
    pub text: String,
    /// Byte ranges of the phrase in `text`.
    pub highlights: Vec<(usize, usize)>,
    /// The other side: the translation in `tgt` when the phrase is in the
    /// source, the source when it is in a target.
    pub other: Option<String>,
    /// The whole unit.
    pub unit: Unit,
    /// The unit's id.
    pub id: u32,
}

/// A translation memory, opened from bytes without copying them, plus the
/// units added since (searched together with the artifact).
///
/// # Example
/// ```
/// use crosscut::{ConcordanceOptions, Memory, MemoryBuilder, SearchOptions, Segment, Unit, Variant};
/// let mut memory = Memory::from_bytes(MemoryBuilder::new().build()?)?;
/// memory.add(Unit {
///     source: Variant::new("en", Segment::text("Roll camera!")),
///     targets: vec![Variant::new("fr", Segment::text("Moteur !"))],
///     ..Unit::default()
/// })?;
/// let hits = memory.search("Roll camera!", &SearchOptions::new("en-US", "fr"))?;
/// assert_eq!((hits[0].score, hits[0].band.as_str()), (100, "100"));
/// let found = memory.concordance("camera", &ConcordanceOptions::new("en").tgt("fr"))?;
/// assert_eq!(found[0].highlights, vec![(5, 11)]);
/// # Ok::<(), crosscut::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Memory {
    info: MemoryInfo,
    keys: fst::Map<Bytes>,
    postings: Bytes,
    key_counts: Bytes,
    index: Bytes,
    records: Bytes,
    delta: MemoryBuilder,
}

impl Memory {
    /// Opens a memory artifact from any bytes, verifying its checksum.
    ///
    /// # Errors
    /// `artifact.truncated`, `artifact.magic`, `artifact.version`,
    /// `artifact.checksum` or `artifact.corrupt` (also for a glossary artifact).
    pub fn from_bytes(data: impl AsRef<[u8]> + Send + Sync + 'static) -> Result<Memory> {
        Memory::open_bytes(Bytes::new(data))
    }

    /// Opens a memory artifact file by memory-mapping it, verifying its checksum.
    ///
    /// # Errors
    /// I/O errors naming the path, and the errors of [`from_bytes`](Self::from_bytes).
    #[cfg(feature = "fs")]
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<Memory> {
        let (name, bytes) = crate::artifact::map_file(path.as_ref())?;
        Memory::open_bytes(bytes).map_err(|e| e.in_source(&name))
    }

    fn open_bytes(data: Bytes) -> Result<Memory> {
        let total = data.len() as u64;
        let c = Container::parse(data, Kind::Memory, true)?;
        Memory::from_container(&c, total)
    }

    /// The memory in a validated container of `total` bytes.
    pub(crate) fn from_container(c: &Container, total: u64) -> Result<Memory> {
        let meta_bytes = c.section(SectionId::TmMeta)?;
        let (meta, _): (MemoryMeta, usize) = bincode::serde::decode_from_slice(meta_bytes.as_ref(), bincode_config())
            .map_err(|e| Error::corrupt(format!("memory metadata does not decode: {e}")))?;
        let postings = c.section(SectionId::TmPostings)?;
        let keys = crate::artifact::open_map(c.section(SectionId::TmKeys)?, "keys", true, postings.len() as u64)?;
        let index = c.section(SectionId::TmRecordIndex)?;
        let records = c.section(SectionId::TmRecords)?;
        let key_counts = c.section(SectionId::TmKeyCounts)?;
        let n = u64::from(meta.units);
        if index.len() as u64 != (n + 1) * 8 {
            return Err(Error::corrupt(format!("record index holds {} bytes for {n} units", index.len())));
        }
        if key_counts.len() as u64 != n * 4 {
            return Err(Error::corrupt(format!("key counts hold {} bytes for {n} units", key_counts.len())));
        }
        if read_u64(index.as_ref(), index.len().saturating_sub(8))? != records.len() as u64 {
            return Err(Error::corrupt("the record index does not end at the end of the records"));
        }
        let info = MemoryInfo {
            format_version: c.version,
            bytes: total,
            units: meta.units,
            pending: 0,
            variants: meta.variants,
            languages: sort::btree_map(meta.languages),
            sources: meta.sources,
        };
        Ok(Memory { info, keys, postings, key_counts, index, records, delta: MemoryBuilder::new() })
    }

    /// Counts, languages and sources.
    pub fn info(&self) -> MemoryInfo {
        let mut info = self.info.clone();
        info.pending = self.delta.len() as u32;
        info
    }

    /// Number of units: the artifact's plus those added.
    pub fn len(&self) -> usize {
        self.info.units as usize + self.delta.len()
    }

    /// Whether there is no unit at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The unit with this id (artifact units first, then added ones).
    ///
    /// # Errors
    /// `query.invalid` for an id out of range; `artifact.corrupt` when its record
    /// does not decode.
    pub fn unit(&self, id: u32) -> Result<Unit> {
        if id >= self.info.units {
            let i = (id - self.info.units) as usize;
            return self.delta.units.get(i).cloned().ok_or_else(|| Error::query(format!("unit {id} is out of range (0..{})", self.len())));
        }
        let at = id as usize * 8;
        let start = read_u64(self.index.as_ref(), at)?;
        let end = read_u64(self.index.as_ref(), at + 8)?;
        let bytes = usize::try_from(start)
            .ok()
            .zip(usize::try_from(end).ok())
            .and_then(|(s, e)| self.records.as_ref().get(s..e))
            .filter(|b| b.len() <= MAX_RECORD_LEN)
            .ok_or_else(|| Error::corrupt(format!("unit {id} has invalid bounds {start}..{end}")))?;
        let (unit, used): (Unit, usize) = bincode::serde::decode_from_slice(bytes, bincode_config())
            .map_err(|e| Error::corrupt(format!("unit {id} does not decode: {e}")))?;
        if used != bytes.len() {
            return Err(Error::corrupt(format!("unit {id} has trailing bytes")));
        }
        Ok(unit)
    }

    /// Every unit: the artifact's, then those added (for export).
    pub fn units(&self) -> impl Iterator<Item = Result<Unit>> + '_ {
        (0..self.len() as u32).map(move |i| self.unit(i))
    }

    /// Adds a unit; the next search finds it. It is merged with an identical
    /// unit added before (see [`MemoryBuilder`]); merging with the artifact's
    /// units happens on [`save`](Self::save).
    ///
    /// # Errors
    /// As [`MemoryBuilder::add`].
    pub fn add(&mut self, unit: Unit) -> Result<()> {
        self.delta.add(unit)
    }

    /// Compacts the artifact and the added units into new artifact bytes.
    ///
    /// # Errors
    /// A unit that does not decode, or the errors of [`MemoryBuilder::build`].
    pub fn compact(&self) -> Result<Vec<u8>> {
        let mut b = MemoryBuilder::new();
        for s in &self.info.sources {
            b.source_name(s.clone());
        }
        for s in &self.delta.sources {
            b.source_name(s.clone());
        }
        for u in self.units() {
            b.add(u?)?;
        }
        b.build()
    }

    /// Records the name of a source of added units.
    pub fn source_name(&mut self, name: impl Into<String>) {
        self.delta.source_name(name);
    }

    /// Compacts into a new artifact and writes it to `path` atomically: a crash
    /// at any moment leaves the old file or the new one, whole. The memory then
    /// reads the new artifact, with nothing pending.
    ///
    /// # Errors
    /// The errors of [`compact`](Self::compact) and I/O errors.
    #[cfg(feature = "fs")]
    pub fn save(&mut self, path: impl AsRef<std::path::Path>) -> Result<()> {
        let bytes = self.compact()?;
        crate::artifact::write_atomic(path.as_ref(), &bytes)?;
        *self = Memory::from_bytes(bytes)?;
        Ok(())
    }

    fn postings(&self, offset: u64) -> Result<Vec<u32>> {
        let buf = self.postings.as_ref();
        let mut pos = usize::try_from(offset).map_err(|_| Error::corrupt("postings offset past usize"))?;
        let n = get_varint(buf, &mut pos)?;
        if n > buf.len().saturating_sub(pos) as u64 {
            return Err(Error::corrupt(format!("a postings list claims {n} entries")));
        }
        let mut out = Vec::with_capacity(n as usize);
        let mut id = 0u64;
        for _ in 0..n {
            id = id.checked_add(get_varint(buf, &mut pos)?).ok_or_else(|| Error::corrupt("unit id overflow"))?;
            let id32 = u32::try_from(id).ok().filter(|&i| i < self.info.units);
            out.push(id32.ok_or_else(|| Error::corrupt(format!("posting {id} is past the {} units", self.info.units)))?);
        }
        Ok(out)
    }

    /// Unit ids under `key`, in the artifact and the delta.
    fn ids_for(&self, key: &str) -> Result<Vec<u32>> {
        let mut ids = match self.keys.get(key) {
            Some(off) => self.postings(off)?,
            None => Vec::new(),
        };
        if let Some(d) = self.delta.keys.get(key) {
            ids.extend(d.iter().map(|i| i + self.info.units));
        }
        Ok(ids)
    }

    fn key_count(&self, id: u32) -> u32 {
        if id >= self.info.units {
            return self.delta.key_counts.get((id - self.info.units) as usize).copied().unwrap_or(1);
        }
        let at = id as usize * 4;
        crate::artifact::read_u32(self.key_counts.as_ref(), at).unwrap_or(1)
    }

    /// Finds the units whose source best matches `query`, best first.
    ///
    /// # Errors
    /// `lang.invalid` for bad language tags, `limit.exceeded` for a query past
    /// [`MAX_QUERY_LEN`], `artifact.corrupt` when a record does not decode.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<Vec<TmMatch>> {
        self.search_segment(&Segment::text(query), options)
    }

    /// Like [`search`](Self::search), for a query with inline codes (their
    /// differences cost little, and they are substituted into repaired targets).
    ///
    /// # Errors
    /// As [`search`](Self::search).
    pub fn search_segment(&self, query: &Segment, options: &SearchOptions) -> Result<Vec<TmMatch>> {
        let qplain = query.plain();
        if qplain.len() > MAX_QUERY_LEN {
            return Err(Error::limit("query length in bytes", MAX_QUERY_LEN as u64));
        }
        let src = Lang::parse(&options.src)?;
        let tgt = Lang::parse(&options.tgt)?;
        let qtokens = tm_score::tokenize(query, NORM);
        let qkeys = fuzzy_keys(&qtokens, src.language());
        let mut shared: FxHashMap<u32, u32> = FxHashMap::default();
        for k in &qkeys {
            for id in self.ids_for(k)? {
                *shared.entry(id).or_insert(0) += 1;
            }
        }
        let qn = qkeys.len() as f64;
        let mut ranked: Vec<(f64, u32)> = shared
            .into_iter()
            .map(|(id, s)| (2.0 * f64::from(s) / (qn + f64::from(self.key_count(id))).max(1.0), id))
            .collect();
        sort::sort_by(&mut ranked, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));

        // Filters apply before the candidate cut, so a filtered search still
        // scores up to MAX_CANDIDATES units that pass them (examining at most
        // MAX_EXAMINED, to bound the time of a search whose filters reject most).
        let mut out: Vec<(u8, u8, u32, TmMatch)> = Vec::new();
        // (rank, _, id, match); ordered by `rank_matches`.
        let mut candidates = 0;
        for (_, id) in ranked.into_iter().take(MAX_EXAMINED) {
            if candidates >= MAX_CANDIDATES {
                break;
            }
            let unit = self.unit(id)?;
            let Some(_) = Lang::parse(&unit.source.lang).ok().and_then(|l| src.match_rank(&l)) else { continue };
            if !origin_ok(&unit, options.origin.as_deref()) {
                continue;
            }
            if !unit.targets.iter().any(|t| Lang::parse(&t.lang).ok().and_then(|l| tgt.match_rank(&l)).is_some()) {
                continue;
            }
            candidates += 1;
            let stokens = tm_score::tokenize(&unit.source.segment, NORM);
            if tm_score::score_bound(&qtokens, &stokens) < options.min_score.min(100) {
                continue;
            }
            let scored = tm_score::score(&qtokens, &stokens);
            let mut score = scored.score;
            if score == 100 && options.context.matches(&unit.context) {
                score = 101;
            }
            if score < options.min_score {
                continue;
            }
            let splain = unit.source.segment.plain();
            let diff = tm_score::diff(&scored.steps, &qtokens, &qplain, &stokens, &splain);
            for t in &unit.targets {
                let Some(rank) = Lang::parse(&t.lang).ok().and_then(|l| tgt.match_rank(&l)) else { continue };
                let mut target = t.clone();
                let mut repaired = false;
                if score < 100 {
                    if let Some(seg) = tm_score::repair(&scored.steps, query, &qtokens, &stokens, &t.segment, NORM) {
                        target.segment = seg;
                        repaired = true;
                    }
                }
                let m = TmMatch {
                    score,
                    band: Band::of(score),
                    source: unit.source.segment.clone(),
                    target,
                    repaired,
                    diff: diff.clone(),
                    unit: unit.clone(),
                    id,
                };
                out.push((rank, 0, id, m));
            }
        }
        Ok(rank_matches(out.into_iter().map(|(rank, _, _, m)| (rank, m)).collect(), options.top))
    }

    /// Finds the segments in `options.lang` that contain `phrase` (its words,
    /// consecutive, compared by matching key; punctuation and codes between
    /// them are skipped), with the phrase highlighted.
    ///
    /// # Errors
    /// `query.invalid` for a phrase without words, `lang.invalid` for bad tags.
    pub fn concordance(&self, phrase: &str, options: &ConcordanceOptions) -> Result<Vec<ConcordanceHit>> {
        if phrase.len() > MAX_QUERY_LEN {
            return Err(Error::limit("phrase length in bytes", MAX_QUERY_LEN as u64));
        }
        let lang = Lang::parse(&options.lang)?;
        let tgt = options.tgt.as_deref().map(Lang::parse).transpose()?;
        let words: Vec<String> = tm_score::tokenize(&Segment::text(phrase), NORM)
            .into_iter()
            .filter(|t| matches!(t.kind, TokKind::Word | TokKind::Number))
            .map(|t| t.key)
            .collect();
        if words.is_empty() {
            return Err(Error::query("the phrase has no words"));
        }
        // Intersect the postings of every word, shortest list first.
        let mut lists = Vec::new();
        for w in &words {
            let mut ids = self.ids_for(&format!("w{}\x1f{w}", lang.language()))?;
            sort::sort_unstable(&mut ids);
            ids.dedup();
            lists.push(ids);
        }
        sort::sort_by_key(&mut lists, Vec::len);
        let mut ids = lists.first().cloned().unwrap_or_default();
        for l in lists.iter().skip(1) {
            ids.retain(|id| l.binary_search(id).is_ok());
        }
        let mut out = Vec::new();
        for id in ids {
            if out.len() >= options.top.max(1) {
                break;
            }
            let unit = self.unit(id)?;
            if !origin_ok(&unit, options.origin.as_deref()) {
                continue;
            }
            let variants = std::iter::once((true, &unit.source)).chain(unit.targets.iter().map(|t| (false, t)));
            for (in_source, v) in variants {
                if Lang::parse(&v.lang).ok().and_then(|l| lang.match_rank(&l)).is_none() {
                    continue;
                }
                let highlights = find_phrase(&v.segment, &words);
                if highlights.is_empty() {
                    continue;
                }
                let other = if in_source {
                    unit.targets
                        .iter()
                        .find(|t| match &tgt {
                            Some(g) => Lang::parse(&t.lang).ok().and_then(|l| g.match_rank(&l)).is_some(),
                            None => true,
                        })
                        .map(|t| t.segment.plain())
                } else {
                    Some(unit.source.segment.plain())
                };
                out.push(ConcordanceHit { in_source, text: v.segment.plain(), highlights, other, unit: unit.clone(), id });
                break;
            }
        }
        Ok(out)
    }
}

fn origin_ok(unit: &Unit, origin: Option<&str>) -> bool {
    match origin {
        None => true,
        Some(o) => unit.origin.file.as_deref() == Some(o) || unit.origin.project.as_deref() == Some(o),
    }
}

fn find_phrase(seg: &Segment, words: &[String]) -> Vec<(usize, usize)> {
    let content: Vec<Token> =
        tm_score::tokenize(seg, NORM).into_iter().filter(|t| matches!(t.kind, TokKind::Word | TokKind::Number)).collect();
    let mut out = Vec::new();
    if words.is_empty() {
        return out;
    }
    let mut i = 0;
    while i + words.len() <= content.len() {
        let window = content.get(i..i + words.len()).unwrap_or_default();
        if window.iter().zip(words).all(|(t, w)| t.key == *w) {
            if let (Some(a), Some(b)) = (window.first(), window.last()) {
                out.push((a.start, b.end));
            }
            i += words.len();
        } else {
            i += 1;
        }
    }
    out
}

fn read_u64(buf: &[u8], at: usize) -> Result<u64> {
    at.checked_add(8)
        .and_then(|end| buf.get(at..end))
        .and_then(|s| <[u8; 8]>::try_from(s).ok())
        .map(u64::from_le_bytes)
        .ok_or_else(|| Error::corrupt(format!("an offset at {at} runs past its section")))
}
