//! The artifact container: header, section table, sections, checksum.
//!
//! ```text
//! offset  size  field
//! 0       4     magic b"XCUT"
//! 4       1     kind (1 = glossary, 2 = translation memory, 3 = both)
//! 5       1     flags (0)
//! 6       2     format version (u16 LE)
//! 8       2     section count n (u16 LE)
//! 10      2     reserved (0)
//! 12      20·n  section table: id u16, reserved u16, offset u64, length u64 (LE)
//! …             sections, in table order
//! len-4   4     CRC-32 (IEEE) of every byte before it (u32 LE)
//! ```
//!
//! Integers are read byte by byte, so the buffer needs no alignment. Opening
//! checks, in order: length, magic, version range, checksum (unless skipped),
//! the section table and every section's bounds. Sections are then used in place;
//! a verified open also walks every node of each fst once (see `fst_check.rs`).
//! See `docs/format.md` for the section contents.

mod bytes;
mod opened;
mod fst_check;
#[cfg(feature = "fs")]
mod write;

pub use bytes::Bytes;
pub use opened::Artifact;
pub(crate) use fst_check::open_map;
#[cfg(feature = "fs")]
pub use write::write_atomic;

/// Memory-maps an artifact file; returns its name (for error locations) and its bytes.
///
/// # Errors
/// I/O errors naming the path.
#[cfg(feature = "fs")]
pub fn map_file(path: &std::path::Path) -> Result<(std::sync::Arc<str>, Bytes)> {
    let name: std::sync::Arc<str> = path.display().to_string().into();
    let io = |e: std::io::Error| Error::from(std::io::Error::new(e.kind(), format!("cannot open {}: {e}", path.display())));
    let file = std::fs::File::open(path).map_err(io)?;
    // SAFETY: the map is read-only and private to this process. Another process
    // truncating or rewriting the file while it is mapped is undefined behaviour;
    // crosscut itself only ever replaces artifacts by atomic rename, which leaves
    // the mapped inode intact.
    #[allow(unsafe_code)]
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(io)?;
    Ok((name, Bytes::new(map)))
}

use crate::error::{Error, ErrorKind, Result};

/// The magic bytes every artifact starts with.
pub const MAGIC: [u8; 4] = *b"XCUT";

/// The format version this build writes.
///
/// # When to bump this
/// On **any** change to the bytes of a compiled artifact: the layout, the
/// section kinds, the record or postings encoding, the normalization rules or
/// tables (including an upgrade of `unicode-normalization` or `caseless` that
/// changes their output), or an upgrade of `fst` or `bincode`. Before bumping,
/// commit an artifact of the current version under `core/tests/data/artifacts/`.
///
/// # History
/// - 1: first format: meta, keys (fst), postings, ids (fst), record index, records.
/// - 2: stem keys (fst) and stem postings for inflection-tolerant annotation;
///   the meta section lists the stemmed languages. Version 1 artifacts are still
///   read: they annotate without inflection tolerance. Version 2 also adds kind 2,
///   the translation memory (sections 9–14).
pub const FORMAT_VERSION: u16 = 2;

/// The oldest format version this build reads.
pub const OLDEST_SUPPORTED: u16 = 1;

const HEADER_LEN: usize = 12;
const ENTRY_LEN: usize = 20;
const FOOTER_LEN: usize = 4;
/// More sections than any version writes; a larger count means corruption.
const MAX_SECTIONS: usize = 64;

/// What an artifact holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A glossary.
    Glossary = 1,
    /// A translation memory.
    Memory = 2,
    /// A glossary and a translation memory in one file: the sections of both.
    Bundle = 3,
}

impl Kind {
    fn from_byte(b: u8) -> Option<Kind> {
        match b {
            1 => Some(Kind::Glossary),
            2 => Some(Kind::Memory),
            3 => Some(Kind::Bundle),
            _ => None,
        }
    }

    /// Its name in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Glossary => "glossary",
            Kind::Memory => "translation memory",
            Kind::Bundle => "glossary with a translation memory",
        }
    }

    /// Whether an artifact of this kind holds what `want` needs.
    fn holds(self, want: Kind) -> bool {
        self == want || self == Kind::Bundle
    }
}

/// Section identifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u16)]
pub(crate) enum SectionId {
    /// Glossary metadata (bincode).
    Meta = 1,
    /// fst map: matching key → offset in postings.
    Keys = 2,
    /// Postings lists.
    Postings = 3,
    /// fst map: concept id → concept index.
    Ids = 4,
    /// u32 LE offsets into records, one per concept plus one.
    RecordIndex = 5,
    /// bincode-encoded concepts.
    Records = 6,
    /// fst map: `lang \0 stemmed key` → offset in stem postings (version 2).
    StemKeys = 7,
    /// Postings lists of the stem keys (version 2).
    StemPostings = 8,
    /// Memory metadata (bincode).
    TmMeta = 9,
    /// fst map: fuzzy n-gram and word keys → offset in the memory postings.
    TmKeys = 10,
    /// Memory postings: varint count, then delta-encoded unit ids.
    TmPostings = 11,
    /// u32 LE per unit: its number of fuzzy keys.
    TmKeyCounts = 12,
    /// u64 LE offsets into the unit records, one per unit plus one.
    TmRecordIndex = 13,
    /// bincode-encoded units.
    TmRecords = 14,
}

/// A validated container: its kind, version and sections.
#[derive(Debug, Clone)]
pub(crate) struct Container {
    data: Bytes,
    pub version: u16,
    pub kind: Kind,
    sections: Vec<(u16, Bytes)>,
}

impl Container {
    /// Validates `data` (see the module docs for the order of checks) and
    /// checks that it holds what `expect` needs (a bundle holds both).
    pub fn parse(data: Bytes, expect: Kind, verify_checksum: bool) -> Result<Container> {
        let c = Container::parse_any(data, verify_checksum)?;
        if !c.kind.holds(expect) {
            return Err(Error::corrupt(format!(
                "this artifact is a {}, not a {}",
                c.kind.describe(),
                expect.describe()
            )));
        }
        Ok(c)
    }

    /// Validates `data`, whatever its kind.
    pub fn parse_any(data: Bytes, verify_checksum: bool) -> Result<Container> {
        let buf = data.as_ref();
        let len = buf.len();
        let min = HEADER_LEN + FOOTER_LEN;
        if len < min {
            if len >= 4 && buf.get(..4) != Some(&MAGIC[..]) {
                return Err(Error::new(ErrorKind::ArtifactMagic));
            }
            return Err(Error::new(ErrorKind::ArtifactTruncated { len: len as u64, needed: min as u64 }));
        }
        if buf.get(..4) != Some(&MAGIC[..]) {
            return Err(Error::new(ErrorKind::ArtifactMagic));
        }
        let version = read_u16(buf, 6)?;
        if !(OLDEST_SUPPORTED..=FORMAT_VERSION).contains(&version) {
            return Err(Error::new(ErrorKind::ArtifactVersion {
                found: version,
                oldest: OLDEST_SUPPORTED,
                newest: FORMAT_VERSION,
            }));
        }
        let body_len = len - FOOTER_LEN;
        if verify_checksum {
            let stored = read_u32(buf, body_len)?;
            let computed = crate::checksum::crc32(buf.get(..body_len).unwrap_or_default());
            if stored != computed {
                return Err(Error::new(ErrorKind::ArtifactChecksum { stored, computed }));
            }
        }
        let byte = buf.get(4).copied().unwrap_or(0);
        let kind = Kind::from_byte(byte)
            .ok_or_else(|| Error::corrupt(format!("artifact kind {byte} is unknown (1, 2 or 3 expected)")))?;
        let count = usize::from(read_u16(buf, 8)?);
        if count > MAX_SECTIONS {
            return Err(Error::corrupt(format!("{count} sections declared, at most {MAX_SECTIONS} allowed")));
        }
        let table_end = HEADER_LEN + count * ENTRY_LEN;
        if table_end > body_len {
            return Err(Error::new(ErrorKind::ArtifactTruncated {
                len: len as u64,
                needed: (table_end + FOOTER_LEN) as u64,
            }));
        }
        let mut sections = Vec::with_capacity(count);
        for i in 0..count {
            let at = HEADER_LEN + i * ENTRY_LEN;
            let id = read_u16(buf, at)?;
            let offset = read_u64(buf, at + 4)?;
            let size = read_u64(buf, at + 12)?;
            let end = offset.checked_add(size).filter(|&e| offset >= table_end as u64 && e <= body_len as u64);
            let Some(end) = end else {
                return Err(Error::corrupt(format!(
                    "section {id} claims bytes {offset}..+{size}, outside the {body_len}-byte body"
                )));
            };
            if sections.iter().any(|(sid, _)| *sid == id) {
                return Err(Error::corrupt(format!("section {id} appears twice")));
            }
            // Both bounds were checked against body_len, which fits in usize.
            let bytes = data
                .slice(offset as usize, end as usize)
                .ok_or_else(|| Error::corrupt(format!("section {id} is out of bounds")))?;
            sections.push((id, bytes));
        }
        Ok(Container { data, version, kind, sections })
    }

    /// An optional section (absent in older versions).
    pub fn section_opt(&self, id: SectionId) -> Option<Bytes> {
        self.sections.iter().find(|(sid, _)| *sid == id as u16).map(|(_, b)| b.clone())
    }

    /// The whole artifact.
    pub fn bytes(&self) -> &Bytes {
        &self.data
    }

    /// Every section, in table order.
    pub fn sections(&self) -> &[(u16, Bytes)] {
        &self.sections
    }

    /// A required section.
    pub fn section(&self, id: SectionId) -> Result<Bytes> {
        self.sections
            .iter()
            .find(|(sid, _)| *sid == id as u16)
            .map(|(_, b)| b.clone())
            .ok_or_else(|| Error::corrupt(format!("the {id:?} section is missing")))
    }
}

/// Assembles an artifact from its sections, appending the checksum.
pub(crate) fn assemble(kind: Kind, sections: &[(SectionId, &[u8])]) -> Vec<u8> {
    let raw: Vec<(u16, &[u8])> = sections.iter().map(|(id, data)| (*id as u16, *data)).collect();
    assemble_raw(kind, &raw)
}

/// Combines a glossary artifact and a memory artifact into one bundle: a file
/// that opens as either, and as an [`Artifact`] holding both.
///
/// Both are verified first. Sections are copied as they are, so the glossary
/// answers exactly as before.
///
/// # Errors
/// The errors of opening either artifact; `artifact.version` when either was
/// written by an older version (recompile it first); `artifact.corrupt` when
/// `glossary` is not a glossary or `memory` not a memory.
pub fn bundle(glossary: &[u8], memory: &[u8]) -> Result<Vec<u8>> {
    let g = Container::parse(Bytes::new(glossary.to_vec()), Kind::Glossary, true)?;
    let m = Container::parse(Bytes::new(memory.to_vec()), Kind::Memory, true)?;
    bundle_containers(&g, &m)
}

/// [`bundle`] over containers already validated.
pub(crate) fn bundle_containers(g: &Container, m: &Container) -> Result<Vec<u8>> {
    for c in [g, m] {
        if c.version != FORMAT_VERSION {
            return Err(Error::new(ErrorKind::ArtifactVersion {
                found: c.version,
                oldest: FORMAT_VERSION,
                newest: FORMAT_VERSION,
            }));
        }
    }
    let glossary_ids = SectionId::Meta as u16..=SectionId::StemPostings as u16;
    let memory_ids = SectionId::TmMeta as u16..=SectionId::TmRecords as u16;
    let mut sections: Vec<(u16, &[u8])> = Vec::new();
    sections.extend(g.sections().iter().filter(|(id, _)| glossary_ids.contains(id)).map(|(id, b)| (*id, b.as_ref())));
    sections.extend(m.sections().iter().filter(|(id, _)| memory_ids.contains(id)).map(|(id, b)| (*id, b.as_ref())));
    Ok(assemble_raw(Kind::Bundle, &sections))
}

fn assemble_raw(kind: Kind, sections: &[(u16, &[u8])]) -> Vec<u8> {
    let table_len = sections.len() * ENTRY_LEN;
    let total: usize = HEADER_LEN + table_len + sections.iter().map(|(_, s)| s.len()).sum::<usize>() + FOOTER_LEN;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(&MAGIC);
    out.push(kind as u8);
    out.push(0);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&(sections.len() as u16).to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    let mut offset = (HEADER_LEN + table_len) as u64;
    for (id, data) in sections {
        out.extend_from_slice(&id.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(&(data.len() as u64).to_le_bytes());
        offset += data.len() as u64;
    }
    for (_, data) in sections {
        out.extend_from_slice(data);
    }
    let crc = crate::checksum::crc32(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

fn read_array<const N: usize>(buf: &[u8], at: usize) -> Result<[u8; N]> {
    at.checked_add(N)
        .and_then(|end| buf.get(at..end))
        .and_then(|s| <[u8; N]>::try_from(s).ok())
        .ok_or_else(|| Error::new(ErrorKind::ArtifactTruncated { len: buf.len() as u64, needed: (at + N) as u64 }))
}

pub(crate) fn read_u16(buf: &[u8], at: usize) -> Result<u16> {
    read_array(buf, at).map(u16::from_le_bytes)
}

pub(crate) fn read_u32(buf: &[u8], at: usize) -> Result<u32> {
    read_array(buf, at).map(u32::from_le_bytes)
}

fn read_u64(buf: &[u8], at: usize) -> Result<u64> {
    read_array(buf, at).map(u64::from_le_bytes)
}

/// Appends `v` as an unsigned LEB128 varint.
pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a LEB128 varint at `*pos`, advancing it.
pub(crate) fn get_varint(buf: &[u8], pos: &mut usize) -> Result<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *buf.get(*pos).ok_or_else(|| Error::corrupt("a varint runs past the end of its section"))?;
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(v);
        }
    }
    Err(Error::corrupt("a varint is longer than 10 bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut buf = Vec::new();
        let values = [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX];
        for v in values {
            put_varint(&mut buf, v);
        }
        let mut pos = 0;
        for v in values {
            assert_eq!(get_varint(&buf, &mut pos).unwrap(), v);
        }
        assert!(get_varint(&buf, &mut pos).is_err());
        assert!(get_varint(&[0xff; 11], &mut 0).is_err());
    }

    #[test]
    fn container_round_trip_and_refusals() {
        let art = assemble(Kind::Glossary, &[(SectionId::Meta, b"meta"), (SectionId::Keys, b"")]);
        let c = Container::parse(Bytes::new(art.clone()), Kind::Glossary, true).unwrap();
        assert_eq!(c.section(SectionId::Meta).unwrap().as_ref(), b"meta");
        assert!(c.section(SectionId::Keys).unwrap().is_empty());
        assert_eq!(c.section(SectionId::Records).unwrap_err().code(), "artifact.corrupt");

        let code = |b: Vec<u8>| Container::parse(Bytes::new(b), Kind::Glossary, true).unwrap_err().code();
        assert_eq!(code(Vec::new()), "artifact.truncated");
        assert_eq!(code(b"NOPE".to_vec()), "artifact.magic");
        let mut v = art.clone();
        v[6] = 99;
        assert_eq!(code(v), "artifact.version");
        let mut v = art.clone();
        let last = v.len() - 5;
        v[last] ^= 1;
        assert_eq!(code(v), "artifact.checksum");
    }
}
