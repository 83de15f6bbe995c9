//! An opened glossary artifact: validated once, then read in place.

use serde::{Deserialize, Serialize};

use crate::artifact::{get_varint, open_map, read_u32, Bytes, Container, Kind, SectionId};
use crate::compile::{bincode_config, status_from_bits, FLAG_CASE_SENSITIVE, FLAG_DO_NOT_TRANSLATE, MAX_RECORD_LEN};
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::model::{Concept, Status};
use crate::normalize::Normalization;

/// Metadata stored in the artifact (format version 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Meta {
    pub normalization: Normalization,
    pub concepts: u32,
    pub terms: u64,
    pub idioms: u32,
    pub notes: u32,
    pub languages: Vec<LanguageStats>,
    pub sources: Vec<String>,
    /// Language subtags whose terms have stem keys.
    pub stemmed: Vec<String>,
}

/// Metadata of format version 1 (no stem index).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct MetaV1 {
    normalization: Normalization,
    concepts: u32,
    terms: u64,
    idioms: u32,
    notes: u32,
    languages: Vec<LanguageStats>,
    sources: Vec<String>,
}

impl From<MetaV1> for Meta {
    fn from(m: MetaV1) -> Meta {
        Meta {
            normalization: m.normalization,
            concepts: m.concepts,
            terms: m.terms,
            idioms: m.idioms,
            notes: m.notes,
            languages: m.languages,
            sources: m.sources,
            stemmed: Vec::new(),
        }
    }
}

/// Counts for one language of a glossary, as stored in the metadata.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub(crate) struct LanguageStats {
    /// Canonical language tag.
    pub lang: String,
    /// Concepts with at least one term in this language.
    pub concepts: u32,
    /// Terms in this language.
    pub terms: u64,
}

/// What a glossary holds: counts, languages, settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Info {
    /// Format version of the artifact.
    pub format_version: u16,
    /// Size of the artifact in bytes.
    pub bytes: u64,
    /// Normalization settings used for every key.
    pub normalization: Normalization,
    /// Number of concepts.
    pub concepts: u32,
    /// Number of terms in all languages.
    pub terms: u64,
    /// Concepts that are idioms.
    pub idioms: u32,
    /// Concepts with a cultural note.
    pub notes: u32,
    /// Concepts covered per language tag (concepts with at least one term in it).
    pub languages: std::collections::BTreeMap<String, u32>,
    /// Terms per language tag.
    pub terms_per_language: std::collections::BTreeMap<String, u64>,
    /// Names of the sources it was compiled from.
    pub sources: Vec<String>,
    /// Language subtags with inflection-tolerant matching (Snowball stems).
    pub stemmed: Vec<String>,
}

/// One entry of a postings list: a term of a concept under a matching key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Posting {
    pub concept: u32,
    pub term: u32,
    pub lang: u32,
    pub status: Status,
    pub case_sensitive: bool,
    #[allow(dead_code)] // read by the QA checks
    pub do_not_translate: bool,
}

/// A compiled glossary, opened from bytes without copying them.
///
/// Opening checks the header, format version, checksum and every section's
/// bounds, and walks every node of each fst; concept records are decoded only when
/// a lookup returns them, each under a size limit.
#[derive(Debug, Clone)]
pub struct Glossary {
    info: Info,
    pub(crate) keys: fst::Map<Bytes>,
    postings: Bytes,
    pub(crate) stem_keys: Option<fst::Map<Bytes>>,
    stem_postings: Bytes,
    ids: fst::Map<Bytes>,
    index: Bytes,
    records: Bytes,
    pub(crate) langs: Vec<Lang>,
    /// Built on the first `annotate` (see [`crate::annotate`]).
    pub(crate) first_words: std::sync::OnceLock<std::sync::Arc<crate::annotate::FirstWords>>,
    /// The first-word table of each language's stem keys, built on first use
    /// (shared by clones, which share the artifact).
    pub(crate) stem_first_words: std::sync::Arc<std::sync::Mutex<rustc_hash::FxHashMap<String, std::sync::Arc<crate::annotate::FirstWords>>>>,
}

impl Glossary {
    /// Opens an artifact from any bytes (`Vec<u8>`, `&'static [u8]`, a memory map…),
    /// verifying its checksum.
    ///
    /// Cost: one CRC-32 pass over the bytes (several GB/s), and one walk over
    /// the nodes of each fst, so that no crafted artifact can make a later
    /// lookup panic (see `docs/security.md` for the measured cost). Concept
    /// records are decoded only when used.
    ///
    /// # Errors
    /// `artifact.truncated`, `artifact.magic`, `artifact.version`,
    /// `artifact.checksum` or `artifact.corrupt`, each saying how to fix it.
    pub fn from_bytes(data: impl AsRef<[u8]> + Send + Sync + 'static) -> Result<Glossary> {
        Glossary::open_bytes(Bytes::new(data), true)
    }

    /// Opens an artifact without verifying its checksum or walking its fsts:
    /// constant time.
    ///
    /// Everything else is still checked. Use it only for bytes this process
    /// produced or already verified: a corrupted fst inside is not detected, and
    /// the `fst` crate may panic while walking one.
    ///
    /// # Errors
    /// As [`from_bytes`](Self::from_bytes), except `artifact.checksum`.
    pub fn from_bytes_unverified(data: impl AsRef<[u8]> + Send + Sync + 'static) -> Result<Glossary> {
        Glossary::open_bytes(Bytes::new(data), false)
    }

    /// Opens an artifact file by memory-mapping it, verifying its checksum.
    ///
    /// # Errors
    /// I/O errors naming the path, and the errors of [`from_bytes`](Self::from_bytes).
    #[cfg(feature = "fs")]
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<Glossary> {
        let (name, bytes) = crate::artifact::map_file(path.as_ref())?;
        Glossary::open_bytes(bytes, true).map_err(|e| e.in_source(&name))
    }

    fn open_bytes(data: Bytes, verify: bool) -> Result<Glossary> {
        let total = data.len() as u64;
        let c = Container::parse(data, Kind::Glossary, verify)?;
        Glossary::from_container(&c, total, verify)
    }

    /// The glossary in a validated container of `total` bytes; with `verify`,
    /// every fst is walked before use (see `artifact::fst_check`).
    pub(crate) fn from_container(c: &Container, total: u64, verify: bool) -> Result<Glossary> {
        let meta_bytes = c.section(SectionId::Meta)?;
        let bad_meta = |e: bincode::error::DecodeError| Error::corrupt(format!("metadata does not decode: {e}"));
        let meta: Meta = if c.version == 1 {
            bincode::serde::decode_from_slice::<MetaV1, _>(meta_bytes.as_ref(), bincode_config()).map_err(bad_meta)?.0.into()
        } else {
            bincode::serde::decode_from_slice(meta_bytes.as_ref(), bincode_config()).map_err(bad_meta)?.0
        };
        let postings = c.section(SectionId::Postings)?;
        let keys = open_map(c.section(SectionId::Keys)?, "keys", verify, postings.len() as u64)?;
        let ids = open_map(c.section(SectionId::Ids)?, "ids", verify, u64::from(meta.concepts))?;
        let index = c.section(SectionId::RecordIndex)?;
        let records = c.section(SectionId::Records)?;
        let expected = (u64::from(meta.concepts) + 1) * 4;
        if index.len() as u64 != expected {
            return Err(Error::corrupt(format!(
                "record index holds {} bytes for {} concepts ({expected} expected)",
                index.len(),
                meta.concepts
            )));
        }
        if ids.len() as u64 != u64::from(meta.concepts) {
            return Err(Error::corrupt(format!("{} ids for {} concepts", ids.len(), meta.concepts)));
        }
        let last = read_u32(index.as_ref(), index.len().saturating_sub(4))?;
        if last as usize != records.len() {
            return Err(Error::corrupt("the record index does not end at the end of the records"));
        }
        let langs = meta
            .languages
            .iter()
            .map(|l| Lang::parse(&l.lang).map_err(|e| Error::corrupt(format!("language table: {e}"))))
            .collect::<Result<Vec<_>>>()?;
        let info = Info {
            format_version: c.version,
            bytes: total,
            normalization: meta.normalization,
            concepts: meta.concepts,
            terms: meta.terms,
            idioms: meta.idioms,
            notes: meta.notes,
            languages: crate::sort::btree_map(meta.languages.iter().map(|l| (l.lang.clone(), l.concepts))),
            terms_per_language: crate::sort::btree_map(meta.languages.iter().map(|l| (l.lang.clone(), l.terms))),
            sources: meta.sources,
            stemmed: meta.stemmed,
        };
        let (stem_keys, stem_postings) = match (c.section_opt(SectionId::StemKeys), c.section_opt(SectionId::StemPostings)) {
            (Some(k), Some(p)) => {
                (Some(open_map(k, "stem keys", verify, p.len() as u64)?), p)
            }
            (None, None) if c.version == 1 => (None, Bytes::new(Vec::new())),
            _ => return Err(Error::corrupt("the stem keys or stem postings section is missing")),
        };
        Ok(Glossary {
            info,
            keys,
            postings,
            stem_keys,
            stem_postings,
            ids,
            index,
            records,
            langs,
            first_words: std::sync::OnceLock::new(),
            stem_first_words: std::sync::Arc::default(),
        })
    }

    /// The bytes of the keys fst, for tests that check opening copies nothing.
    #[doc(hidden)]
    pub fn keys_fst_bytes(&self) -> &[u8] {
        self.keys.as_fst().as_bytes()
    }

    /// Counts, languages and settings.
    pub fn info(&self) -> &Info {
        &self.info
    }

    /// The normalization settings used for keys.
    pub fn normalization(&self) -> Normalization {
        self.info.normalization
    }

    /// Number of concepts.
    pub fn len(&self) -> usize {
        self.info.concepts as usize
    }

    /// Whether the glossary has no concepts.
    pub fn is_empty(&self) -> bool {
        self.info.concepts == 0
    }

    /// Decodes the concept at `index` (0-based, in compile order).
    ///
    /// # Errors
    /// `query.invalid` for an index out of range; `artifact.corrupt` when the
    /// record does not decode.
    pub fn concept(&self, index: u32) -> Result<Concept> {
        if index >= self.info.concepts {
            return Err(Error::query(format!("concept index {index} is out of range (0..{})", self.info.concepts)));
        }
        let at = index as usize * 4;
        let start = read_u32(self.index.as_ref(), at)? as usize;
        let end = read_u32(self.index.as_ref(), at + 4)? as usize;
        let bytes = self
            .records
            .as_ref()
            .get(start..end)
            .filter(|b| b.len() <= MAX_RECORD_LEN)
            .ok_or_else(|| Error::corrupt(format!("record {index} has invalid bounds {start}..{end}")))?;
        let (concept, used): (Concept, usize) = bincode::serde::decode_from_slice(bytes, bincode_config())
            .map_err(|e| Error::corrupt(format!("record {index} does not decode: {e}")))?;
        if used != bytes.len() {
            return Err(Error::corrupt(format!("record {index} has trailing bytes")));
        }
        Ok(concept)
    }

    /// The concept with this id, if any.
    ///
    /// # Errors
    /// `artifact.corrupt` when its record does not decode.
    pub fn concept_by_id(&self, id: &str) -> Result<Option<Concept>> {
        match self.ids.get(id) {
            Some(i) => {
                let i = u32::try_from(i).map_err(|_| Error::corrupt("concept index past 32 bits"))?;
                self.concept(i).map(Some)
            }
            None => Ok(None),
        }
    }

    /// Every concept, in compile order (for export).
    pub fn concepts(&self) -> impl Iterator<Item = Result<Concept>> + '_ {
        (0..self.info.concepts).map(move |i| self.concept(i))
    }

    /// The parsed language of a canonical tag from the language table, if it is there.
    pub(crate) fn lang_by_tag(&self, tag: &str) -> Option<&Lang> {
        self.langs.binary_search_by(|l| l.as_str().cmp(tag)).ok().and_then(|i| self.langs.get(i))
    }

    /// The canonical tag of language id `id` (from a posting).
    pub(crate) fn lang(&self, id: u32) -> Result<&Lang> {
        self.langs.get(id as usize).ok_or_else(|| Error::corrupt(format!("language id {id} is out of range")))
    }

    /// Decodes the postings list at `offset`.
    pub(crate) fn postings(&self, offset: u64) -> Result<Vec<Posting>> {
        let mut out = Vec::new();
        decode_postings(self.postings.as_ref(), offset, &mut out)?;
        Ok(out)
    }

    /// Decodes the postings list at `offset` into `out`, replacing its contents.
    pub(crate) fn postings_into(&self, offset: u64, out: &mut Vec<Posting>) -> Result<()> {
        decode_postings(self.postings.as_ref(), offset, out)
    }

    /// Decodes the stem postings list at `offset` into `out`, replacing its contents.
    pub(crate) fn stem_postings_into(&self, offset: u64, out: &mut Vec<Posting>) -> Result<()> {
        decode_postings(self.stem_postings.as_ref(), offset, out)
    }
}

fn decode_postings(buf: &[u8], offset: u64, out: &mut Vec<Posting>) -> Result<()> {
    out.clear();
    let mut pos = usize::try_from(offset).map_err(|_| Error::corrupt("postings offset past usize"))?;
    let n = get_varint(buf, &mut pos)?;
    // Each posting takes at least 4 bytes: bound the count before allocating.
    if n > (buf.len().saturating_sub(pos) / 4) as u64 {
        return Err(Error::corrupt(format!("a postings list claims {n} entries")));
    }
    out.reserve(n as usize);
    for _ in 0..n {
        let concept = get_varint(buf, &mut pos)?;
        let term = get_varint(buf, &mut pos)?;
        let lang = get_varint(buf, &mut pos)?;
        let flags = *buf.get(pos).ok_or_else(|| Error::corrupt("postings run past their section"))?;
        pos += 1;
        let narrow = |v: u64| u32::try_from(v).map_err(|_| Error::corrupt("posting value past 32 bits"));
        out.push(Posting {
            concept: narrow(concept)?,
            term: narrow(term)?,
            lang: narrow(lang)?,
            status: status_from_bits(flags),
            case_sensitive: flags & FLAG_CASE_SENSITIVE != 0,
            do_not_translate: flags & FLAG_DO_NOT_TRANSLATE != 0,
        });
    }
    Ok(())
}
