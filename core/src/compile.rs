//! The compiler: concepts → sorted matching keys → fst maps and records → artifact bytes.

use std::collections::HashMap;

use fst::MapBuilder;
use unicode_normalization::UnicodeNormalization;

use crate::artifact::{assemble, put_varint, Kind, SectionId};
use crate::error::{Error, Format, Result};
use crate::glossary::{LanguageStats, Meta};
use crate::lang::Lang;
use crate::model::{Concept, Status};
use crate::normalize::Normalization;
use crate::sources::Imported;
use crate::stem;

/// Longest term accepted, in bytes (after NFC). Terms are words and phrases;
/// anything longer is almost certainly a misplaced column or a whole sentence.
pub const MAX_TERM_LEN: usize = 1024;
/// Most terms one concept may carry.
pub const MAX_TERMS_PER_CONCEPT: usize = 4096;
/// Longest encoded concept record, in bytes. The reader refuses larger ones.
pub const MAX_RECORD_LEN: usize = 1 << 20;

/// Posting flags: bits 0–1 status, bit 2 case-sensitive, bit 3 do-not-translate.
pub(crate) const FLAG_CASE_SENSITIVE: u8 = 1 << 2;
pub(crate) const FLAG_DO_NOT_TRANSLATE: u8 = 1 << 3;

pub(crate) fn status_bits(s: Status) -> u8 {
    match s {
        Status::Preferred => 0,
        Status::Admitted => 1,
        Status::Deprecated => 2,
        Status::Forbidden => 3,
    }
}

pub(crate) fn status_from_bits(b: u8) -> Status {
    match b & 3 {
        0 => Status::Preferred,
        1 => Status::Admitted,
        2 => Status::Deprecated,
        _ => Status::Forbidden,
    }
}

pub(crate) fn bincode_config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_RECORD_LEN>()
}

/// Collects concepts and compiles them into a glossary artifact.
///
/// Compilation is deterministic: the same concepts, added in the same order
/// with the same settings, give byte-identical artifacts.
///
/// # Example
/// ```
/// use crosscut::{Concept, Glossary, GlossaryBuilder, LookupOptions, Term};
/// let mut b = GlossaryBuilder::new();
/// b.add(Concept {
///     id: "prod.rough-cut".into(),
///     terms: vec![
///         Term { text: "rough cut".into(), lang: "en".into(), ..Term::default() },
///         Term { text: "premier montage".into(), lang: "fr".into(), ..Term::default() },
///     ],
///     ..Concept::default()
/// })?;
/// let g = Glossary::from_bytes(b.build()?)?;
/// let hits = g.lookup("Rough Cut", &LookupOptions::new("en"))?;
/// assert_eq!(hits[0].concept.id, "prod.rough-cut");
/// # Ok::<(), crosscut::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct GlossaryBuilder {
    normalization: Normalization,
    /// Stemming is on unless switched off, hence the negative name.
    no_stemming: bool,
    /// The settings the keys of the added concepts were made with.
    keyed_with: Option<(Normalization, bool)>,
    /// Concept id → index; the ids fst is built from it.
    ids: HashMap<String, u32>,
    /// Encoded concepts, back to back, and where each starts.
    records: Vec<u8>,
    record_starts: Vec<u32>,
    /// One entry per term, with interned language ids.
    entries: Vec<Entry>,
    /// Interned languages, in order of first appearance, with their counts.
    langs: Vec<LangSlot>,
    lang_ids: HashMap<String, u32>,
    terms: u64,
    idioms: u32,
    notes: u32,
    sources: Vec<String>,
}

#[derive(Debug)]
struct LangSlot {
    tag: String,
    base: String,
    stemmer: Option<StemmerSlot>,
    concepts: u32,
    terms: u64,
}

/// A Snowball stemmer (not `Debug` itself).
struct StemmerSlot(rust_stemmers::Stemmer);

impl std::fmt::Debug for StemmerSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stemmer")
    }
}

impl GlossaryBuilder {
    /// An empty builder with default normalization (no diacritic folding) and stemming on.
    pub fn new() -> GlossaryBuilder {
        GlossaryBuilder::default()
    }

    /// Sets the normalization settings stored in the artifact. Set it before
    /// adding concepts: [`build`](Self::build) refuses a builder whose settings
    /// changed after concepts were keyed.
    pub fn normalization(mut self, normalization: Normalization) -> GlossaryBuilder {
        self.normalization = normalization;
        self
    }

    /// Switches inflection-tolerant matching (Snowball stem keys) on or off; on
    /// by default. Like [`normalization`](Self::normalization), set it first.
    pub fn stemming(mut self, on: bool) -> GlossaryBuilder {
        self.no_stemming = !on;
        self
    }

    /// Records the name of a source (shown by `info`).
    pub fn source_name(&mut self, name: impl Into<String>) {
        self.sources.push(name.into());
    }

    /// Number of concepts added so far.
    pub fn len(&self) -> usize {
        self.record_starts.len()
    }

    /// Whether no concept was added.
    pub fn is_empty(&self) -> bool {
        self.record_starts.is_empty()
    }

    /// Adds every concept an importer read.
    ///
    /// # Errors
    /// As [`add`](Self::add), for the first invalid concept.
    pub fn add_imported(&mut self, imported: Imported) -> Result<()> {
        for c in imported.concepts {
            self.add(c)?;
        }
        Ok(())
    }

    /// Validates and adds one concept. Term texts are stored in NFC, language
    /// tags in canonical form, and terms grouped by language in order of the
    /// language's first appearance (the order within a language is kept), as
    /// every source format writes them. The concept is encoded at once; the
    /// builder keeps its record and one key per term, not the concept.
    ///
    /// # Errors
    /// An empty or duplicate id, a concept without terms, an invalid language
    /// tag, an empty term, a term past [`MAX_TERM_LEN`], or a record past
    /// [`MAX_RECORD_LEN`].
    pub fn add(&mut self, mut concept: Concept) -> Result<()> {
        let settings = (self.normalization, self.no_stemming);
        if *self.keyed_with.get_or_insert(settings) != settings {
            return Err(settings_changed());
        }
        let id = concept.id.trim().to_string();
        let invalid = |msg: String, fix: &str| Error::invalid(Format::Text, msg, fix);
        if id.is_empty() {
            return Err(invalid("a concept has an empty id".into(), "give every concept a unique id"));
        }
        if self.ids.contains_key(&id) {
            return Err(invalid(
                format!("duplicate concept id {id:?}"),
                "concept ids must be unique across all compiled sources",
            ));
        }
        if concept.terms.is_empty() {
            return Err(invalid(format!("concept {id:?} has no terms"), "add at least one term"));
        }
        if concept.terms.len() > MAX_TERMS_PER_CONCEPT {
            return Err(Error::limit(format!("concept {id:?}: number of terms"), MAX_TERMS_PER_CONCEPT as u64));
        }
        let index = u32::try_from(self.record_starts.len())
            .ok()
            .filter(|&i| i < u32::MAX)
            .ok_or_else(|| Error::limit("number of concepts", u64::from(u32::MAX) - 1))?;
        // Canonical tags (parsed once per distinct spelling) and NFC texts.
        let mut term_langs = Vec::with_capacity(concept.terms.len());
        for term in &mut concept.terms {
            if term.text.len() > MAX_TERM_LEN {
                return Err(Error::limit(format!("concept {id:?}: term length in bytes"), MAX_TERM_LEN as u64));
            }
            let lang = self.intern(&term.lang)?;
            term_langs.push(lang);
            term.lang.clone_from(&self.lang_slot(lang)?.tag);
            if unicode_normalization::is_nfc_quick(term.text.chars()) != unicode_normalization::IsNormalized::Yes {
                term.text = term.text.nfc().collect();
            }
        }
        // Group terms by language, in order of first appearance (sources
        // usually do already; then nothing moves).
        let mut order: Vec<u32> = Vec::new();
        for l in &term_langs {
            if !order.contains(l) {
                order.push(*l);
            }
        }
        // Grouped when each language forms one run.
        let runs = 1 + term_langs.windows(2).filter(|w| w.first() != w.last()).count();
        let grouped = runs == order.len();
        let term_langs = if grouped {
            term_langs
        } else {
            let mut paired: Vec<(u32, crate::model::Term)> = term_langs.into_iter().zip(std::mem::take(&mut concept.terms)).collect();
            paired.sort_by_key(|(l, _)| order.iter().position(|x| x == l));
            let (langs, terms): (Vec<u32>, Vec<crate::model::Term>) = paired.into_iter().unzip();
            concept.terms = terms;
            langs
        };

        let mut entries = Vec::with_capacity(concept.terms.len());
        for (ti, (t, &lang)) in concept.terms.iter().zip(&term_langs).enumerate() {
            let key = self.normalization.key(&t.text);
            if key.is_empty() {
                return Err(invalid(format!("concept {id:?} has an empty {} term", t.lang), "remove it or give it text"));
            }
            let mut flags = status_bits(t.status);
            if t.case_sensitive {
                flags |= FLAG_CASE_SENSITIVE;
            }
            if t.do_not_translate {
                flags |= FLAG_DO_NOT_TRANSLATE;
            }
            entries.push((key, index, ti as u32, lang, flags));
        }

        let start = self.records.len();
        let start32 = u32::try_from(start).map_err(|_| Error::limit("records section size in bytes", u32::MAX.into()))?;
        bincode::serde::encode_into_std_write(&concept, &mut self.records, bincode_config()).map_err(|e| {
            self.records.truncate(start);
            Error::limit(format!("concept {id:?} record ({e})"), MAX_RECORD_LEN as u64)
        })?;
        if self.records.len() - start > MAX_RECORD_LEN {
            self.records.truncate(start);
            return Err(Error::limit(format!("concept {id:?} record size"), MAX_RECORD_LEN as u64));
        }

        // Everything checked: commit the concept.
        self.record_starts.push(start32);
        self.entries.extend(entries);
        for &l in &order {
            let count = term_langs.iter().filter(|&&x| x == l).count() as u64;
            if let Some(slot) = self.langs.get_mut(l as usize) {
                slot.concepts += 1;
                slot.terms += count;
            }
        }
        self.terms += concept.terms.len() as u64;
        self.idioms += u32::from(concept.is_idiom());
        self.notes += u32::from(concept.cultural_note.is_some());
        self.ids.insert(id, index);
        Ok(())
    }

    /// The interned id of a language tag as written, parsing it the first time.
    fn intern(&mut self, tag: &str) -> Result<u32> {
        if let Some(&id) = self.lang_ids.get(tag) {
            return Ok(id);
        }
        let lang = Lang::parse(tag)?;
        let canonical = lang.as_str().to_string();
        let id = match self.langs.iter().position(|s| s.tag == canonical) {
            Some(i) => i as u32,
            None => {
                let base = lang.language().to_string();
                let stemmer = stem::algorithm(&base).map(|a| StemmerSlot(rust_stemmers::Stemmer::create(a)));
                self.langs.push(LangSlot { tag: canonical.clone(), base, stemmer, concepts: 0, terms: 0 });
                (self.langs.len() - 1) as u32
            }
        };
        self.lang_ids.insert(tag.to_string(), id);
        self.lang_ids.insert(canonical, id);
        Ok(id)
    }

    /// The stem key of every stemmable term: its language has a Snowball
    /// stemmer and it is not case-sensitive (names do not inflect).
    fn stem_entries(&self) -> Result<Vec<Entry>> {
        let mut out = Vec::new();
        if self.no_stemming {
            return Ok(out);
        }
        for (key, c, t, lang, flags) in &self.entries {
            if flags & FLAG_CASE_SENSITIVE != 0 {
                continue;
            }
            let slot = self.lang_slot(*lang)?;
            if let Some(stemmer) = &slot.stemmer {
                out.push((stem::stem_key(&slot.base, key, &stemmer.0), *c, *t, *lang, *flags));
            }
        }
        Ok(out)
    }

    /// The fst from concept id to concept index.
    fn ids_fst(&self) -> Result<Vec<u8>> {
        let mut sorted_ids: Vec<(&str, u32)> = self.ids.iter().map(|(id, &i)| (id.as_str(), i)).collect();
        sorted_ids.sort_unstable();
        let mut ids = MapBuilder::memory();
        for (id, i) in sorted_ids {
            ids.insert(id.as_bytes(), u64::from(i)).map_err(fst_err)?;
        }
        ids.into_inner().map_err(fst_err)
    }

    fn lang_slot(&self, id: u32) -> Result<&LangSlot> {
        self.langs.get(id as usize).ok_or_else(|| Error::corrupt(format!("language slot {id} is missing")))
    }

    /// Compiles the concepts into artifact bytes.
    ///
    /// # Errors
    /// `query.invalid` if the settings changed after concepts were added.
    pub fn build(&self) -> Result<Vec<u8>> {
        if self.keyed_with.is_some_and(|k| k != (self.normalization, self.no_stemming)) {
            return Err(settings_changed());
        }
        let n = u32::try_from(self.record_starts.len()).map_err(|_| Error::limit("number of concepts", u32::MAX.into()))?;
        // The language table is sorted by tag; postings refer to positions in it.
        let mut sorted: Vec<u32> = (0..self.langs.len() as u32).collect();
        sorted.sort_by(|a, b| {
            let tag = |i: &u32| self.langs.get(*i as usize).map(|s| s.tag.as_str()).unwrap_or_default();
            tag(a).cmp(tag(b))
        });
        let mut remap = vec![0u32; self.langs.len()];
        for (pos, &old) in sorted.iter().enumerate() {
            if let Some(slot) = remap.get_mut(old as usize) {
                *slot = pos as u32;
            }
        }
        // The stem index (stemming every term) on one thread, the key index and
        // the ids on another: the three biggest parts of a build.
        let ((keys, postings), ids, (stem_keys, stem_postings)) = join(
            || Ok((index(&self.entries, &remap)?, self.ids_fst()?)),
            || index(&self.stem_entries()?, &remap),
        )
        .map(|((a, b), c)| (a, b, c))?;

        let mut index_bytes = Vec::with_capacity((self.record_starts.len() + 1) * 4);
        for start in &self.record_starts {
            index_bytes.extend_from_slice(&start.to_le_bytes());
        }
        let total = u32::try_from(self.records.len()).map_err(|_| Error::limit("records section size", u32::MAX.into()))?;
        index_bytes.extend_from_slice(&total.to_le_bytes());

        let languages: Vec<LanguageStats> = sorted
            .iter()
            .filter_map(|&i| self.langs.get(i as usize))
            .map(|s| LanguageStats { lang: s.tag.clone(), concepts: s.concepts, terms: s.terms })
            .collect();
        let mut stemmed: Vec<String> = if self.no_stemming {
            Vec::new()
        } else {
            self.langs.iter().filter(|s| s.stemmer.is_some()).map(|s| s.base.clone()).collect()
        };
        stemmed.sort();
        stemmed.dedup();
        let meta = Meta {
            normalization: self.normalization,
            concepts: n,
            terms: self.terms,
            idioms: self.idioms,
            notes: self.notes,
            languages,
            sources: self.sources.clone(),
            stemmed,
        };
        let meta = bincode::serde::encode_to_vec(&meta, bincode_config())
            .map_err(|e| Error::limit(format!("glossary metadata ({e})"), MAX_RECORD_LEN as u64))?;

        Ok(assemble(
            Kind::Glossary,
            &[
                (SectionId::Meta, &meta),
                (SectionId::Keys, &keys),
                (SectionId::Postings, &postings),
                (SectionId::Ids, &ids),
                (SectionId::RecordIndex, &index_bytes),
                (SectionId::Records, &self.records),
                (SectionId::StemKeys, &stem_keys),
                (SectionId::StemPostings, &stem_postings),
            ],
        ))
    }
}

fn settings_changed() -> Error {
    Error::query("the builder's normalization or stemming changed after concepts were added; set them first")
}

/// (key, concept, term, language id, flags)
type Entry = (String, u32, u32, u32, u8);

/// Writes an fst from each distinct key to its postings list, with language ids
/// remapped to the sorted language table.
fn index(entries: &[Entry], remap: &[u32]) -> Result<(Vec<u8>, Vec<u8>)> {
    // Sorting (key, position) pairs keeps the keys next to each other in memory;
    // ties keep insertion order, which is (concept, term) order.
    let mut order: Vec<(&[u8], u32)> = entries.iter().enumerate().map(|(i, e)| (e.0.as_bytes(), i as u32)).collect();
    order.sort_unstable();
    let mut keys = MapBuilder::memory();
    let mut postings = Vec::new();
    for group in order.chunk_by(|a, b| a.0 == b.0) {
        let Some(first) = group.first() else { continue };
        keys.insert(first.0, postings.len() as u64).map_err(fst_err)?;
        put_varint(&mut postings, group.len() as u64);
        for &(_, i) in group {
            let Some((_, c, t, l, f)) = entries.get(i as usize) else { continue };
            put_varint(&mut postings, u64::from(*c));
            put_varint(&mut postings, u64::from(*t));
            put_varint(&mut postings, u64::from(remap.get(*l as usize).copied().unwrap_or(0)));
            postings.push(*f);
        }
    }
    Ok((keys.into_inner().map_err(fst_err)?, postings))
}

/// Runs two parts of a build at once where threads exist (not on wasm32).
fn join<A: Send, B: Send>(a: impl FnOnce() -> Result<A> + Send, b: impl FnOnce() -> Result<B> + Send) -> Result<(A, B)> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|s| {
            let other = s.spawn(b);
            let first = a();
            let second = other.join().map_err(|_| Error::corrupt("a compile thread panicked"))?;
            Ok((first?, second?))
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        Ok((a()?, b()?))
    }
}

fn fst_err(e: fst::Error) -> Error {
    // Keys are inserted sorted and deduplicated, so this is unreachable in practice.
    Error::corrupt(format!("building the fst failed: {e}"))
}
