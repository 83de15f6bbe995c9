//! The compiler: concepts → sorted matching keys → fst maps and records → artifact bytes.

use std::collections::{BTreeMap, HashMap};

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
#[derive(Debug, Clone, Default)]
pub struct GlossaryBuilder {
    normalization: Normalization,
    /// Stemming is on unless switched off, hence the negative name.
    no_stemming: bool,
    concepts: Vec<Concept>,
    ids: HashMap<String, usize>,
    sources: Vec<String>,
}

impl GlossaryBuilder {
    /// An empty builder with default normalization (no diacritic folding).
    pub fn new() -> GlossaryBuilder {
        GlossaryBuilder::default()
    }

    /// Sets the normalization settings stored in the artifact.
    pub fn normalization(mut self, normalization: Normalization) -> GlossaryBuilder {
        self.normalization = normalization;
        self
    }

    /// Switches inflection-tolerant matching (Snowball stem keys) on or off; on by default.
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
        self.concepts.len()
    }

    /// Whether no concept was added.
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
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
    /// every source format writes them.
    ///
    /// # Errors
    /// An empty or duplicate id, a concept without terms, an invalid language
    /// tag, an empty term, or a term past [`MAX_TERM_LEN`].
    pub fn add(&mut self, mut concept: Concept) -> Result<()> {
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
        for term in &mut concept.terms {
            term.lang = Lang::parse(&term.lang)?.as_str().to_string();
            if term.text.len() > MAX_TERM_LEN {
                return Err(Error::limit(format!("concept {id:?}: term length in bytes"), MAX_TERM_LEN as u64));
            }
            term.text = term.text.nfc().collect();
            if self.normalization.key(&term.text).is_empty() {
                return Err(invalid(
                    format!("concept {id:?} has an empty {} term", term.lang),
                    "remove it or give it text",
                ));
            }
        }
        let mut order: Vec<String> = Vec::new();
        for t in &concept.terms {
            if !order.contains(&t.lang) {
                order.push(t.lang.clone());
            }
        }
        concept.terms.sort_by_key(|t| order.iter().position(|l| *l == t.lang));
        concept.id = id.clone();
        self.ids.insert(id, self.concepts.len());
        self.concepts.push(concept);
        Ok(())
    }

    /// Compiles the concepts into artifact bytes.
    ///
    /// # Errors
    /// A concept record larger than [`MAX_RECORD_LEN`], or more concepts than
    /// fit in 32 bits.
    pub fn build(&self) -> Result<Vec<u8>> {
        let n = u32::try_from(self.concepts.len()).map_err(|_| Error::limit("number of concepts", u32::MAX.into()))?;
        // Language table: sorted canonical tags; postings refer to them by index.
        let mut langs: BTreeMap<&str, LanguageStats> = BTreeMap::new();
        for c in &self.concepts {
            let mut seen: Vec<&str> = Vec::new();
            for t in &c.terms {
                let s = langs.entry(&t.lang).or_insert_with(|| LanguageStats { lang: t.lang.clone(), ..Default::default() });
                s.terms += 1;
                if !seen.contains(&t.lang.as_str()) {
                    seen.push(&t.lang);
                    s.concepts += 1;
                }
            }
        }
        let lang_ids: HashMap<&str, u32> = langs.keys().enumerate().map(|(i, l)| (*l, i as u32)).collect();

        // (key, concept, term, lang, flags) for the keys and for the stem keys.
        let mut entries: Vec<Entry> = Vec::new();
        let mut stem_entries: Vec<Entry> = Vec::new();
        let mut stemmers: BTreeMap<String, Option<rust_stemmers::Stemmer>> = BTreeMap::new();
        for (ci, c) in self.concepts.iter().enumerate() {
            for (ti, t) in c.terms.iter().enumerate() {
                let mut flags = status_bits(t.status);
                if t.case_sensitive {
                    flags |= FLAG_CASE_SENSITIVE;
                }
                if t.do_not_translate {
                    flags |= FLAG_DO_NOT_TRANSLATE;
                }
                let lang = lang_ids.get(t.lang.as_str()).copied().unwrap_or(0);
                let key = self.normalization.key(&t.text);
                // Names and other case-sensitive terms do not inflect.
                if !self.no_stemming && !t.case_sensitive {
                    let base = Lang::parse(&t.lang)?.language().to_string();
                    let stemmer = stemmers
                        .entry(base.clone())
                        .or_insert_with(|| stem::algorithm(&base).map(rust_stemmers::Stemmer::create));
                    if let Some(stemmer) = stemmer {
                        stem_entries.push((stem::stem_key(&base, &key, stemmer), ci as u32, ti as u32, lang, flags));
                    }
                }
                entries.push((key, ci as u32, ti as u32, lang, flags));
            }
        }
        let (keys, postings) = index(entries)?;
        let stemmed: Vec<String> = stemmers.into_iter().filter(|(_, s)| s.is_some()).map(|(l, _)| l).collect();
        let (stem_keys, stem_postings) = index(stem_entries)?;

        let mut sorted_ids: Vec<(&str, u32)> = self.concepts.iter().enumerate().map(|(i, c)| (c.id.as_str(), i as u32)).collect();
        sorted_ids.sort_unstable();
        let mut ids = MapBuilder::memory();
        for (id, i) in sorted_ids {
            ids.insert(id.as_bytes(), u64::from(i)).map_err(fst_err)?;
        }
        let ids = ids.into_inner().map_err(fst_err)?;

        let mut records = Vec::new();
        let mut index = Vec::with_capacity((self.concepts.len() + 1) * 4);
        for c in &self.concepts {
            index.extend_from_slice(&(records.len() as u32).to_le_bytes());
            let before = records.len();
            bincode::serde::encode_into_std_write(c, &mut records, bincode_config())
                .map_err(|e| Error::limit(format!("concept {:?} record ({e})", c.id), MAX_RECORD_LEN as u64))?;
            if records.len() - before > MAX_RECORD_LEN {
                return Err(Error::limit(format!("concept {:?} record size", c.id), MAX_RECORD_LEN as u64));
            }
        }
        let total = u32::try_from(records.len()).map_err(|_| Error::limit("records section size", u32::MAX.into()))?;
        index.extend_from_slice(&total.to_le_bytes());

        let meta = Meta {
            normalization: self.normalization,
            concepts: n,
            terms: self.concepts.iter().map(|c| c.terms.len() as u64).sum(),
            idioms: self.concepts.iter().filter(|c| c.is_idiom()).count() as u32,
            notes: self.concepts.iter().filter(|c| c.cultural_note.is_some()).count() as u32,
            languages: langs.into_values().collect(),
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
                (SectionId::RecordIndex, &index),
                (SectionId::Records, &records),
                (SectionId::StemKeys, &stem_keys),
                (SectionId::StemPostings, &stem_postings),
            ],
        ))
    }
}

/// (key, concept, term, language id, flags)
type Entry = (String, u32, u32, u32, u8);

/// Sorts entries by key and writes an fst from each distinct key to its postings list.
fn index(mut entries: Vec<Entry>) -> Result<(Vec<u8>, Vec<u8>)> {
    entries.sort_unstable();
    let mut keys = MapBuilder::memory();
    let mut postings = Vec::new();
    for group in entries.chunk_by(|a, b| a.0 == b.0) {
        let Some(first) = group.first() else { continue };
        keys.insert(first.0.as_bytes(), postings.len() as u64).map_err(fst_err)?;
        put_varint(&mut postings, group.len() as u64);
        for (_, c, t, l, f) in group {
            put_varint(&mut postings, u64::from(*c));
            put_varint(&mut postings, u64::from(*t));
            put_varint(&mut postings, u64::from(*l));
            postings.push(*f);
        }
    }
    Ok((keys.into_inner().map_err(fst_err)?, postings))
}

fn fst_err(e: fst::Error) -> Error {
    // Keys are inserted sorted and deduplicated, so this is unreachable in practice.
    Error::corrupt(format!("building the fst failed: {e}"))
}
