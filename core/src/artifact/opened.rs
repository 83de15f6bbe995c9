//! [`Artifact`]: any artifact, opened once, whatever it holds.

use super::{bundle_containers, Bytes, Container, Kind};
use crate::error::{Error, Result};
use crate::glossary::Glossary;
use crate::tm::Memory;

/// An opened artifact of any kind: a glossary, a translation memory, or a
/// bundle of both (see [`bundle`](super::bundle)).
///
/// The bindings and the CLI open artifacts through this type, so one file can
/// serve lookups, annotation and TM search. The checksum is verified once,
/// whatever the artifact holds.
///
/// ```
/// use crosscut::sources::toml::read_toml;
/// use crosscut::artifact::{bundle, Kind};
/// use crosscut::{Artifact, GlossaryBuilder, LookupOptions, MemoryBuilder, SearchOptions, Unit};
///
/// let mut g = GlossaryBuilder::new();
/// g.add_imported(read_toml(b"[[concept]]\nid = \"cut\"\nterms = { en = \"final cut\", fr = \"montage final\" }\n", &None)?)?;
/// let mut m = MemoryBuilder::new();
/// m.add(Unit::pair("en", "The final cut is due.", "fr", "Le montage final est attendu."))?;
/// let bytes = bundle(&g.build()?, &m.build()?)?;
///
/// let artifact = Artifact::from_bytes(bytes)?;
/// assert_eq!(artifact.kind(), Kind::Bundle);
/// let hits = artifact.glossary()?.lookup("Final Cut", &LookupOptions::new("en").to(["fr"]))?;
/// assert_eq!(hits[0].translations[0].text, "montage final");
/// let tm = artifact.memory()?.search("The final cut is due", &SearchOptions::new("en", "fr"))?;
/// assert_eq!(tm[0].target.segment.plain(), "Le montage final est attendu.");
/// # Ok::<(), crosscut::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Artifact {
    container: Container,
    glossary: Option<Glossary>,
    memory: Option<Memory>,
}

impl Artifact {
    /// Opens an artifact from any bytes, verifying its checksum once.
    ///
    /// # Errors
    /// `artifact.truncated`, `artifact.magic`, `artifact.version`,
    /// `artifact.checksum` or `artifact.corrupt`.
    pub fn from_bytes(data: impl AsRef<[u8]> + Send + Sync + 'static) -> Result<Artifact> {
        Artifact::open_bytes(Bytes::new(data))
    }

    /// Opens an artifact file by memory-mapping it, verifying its checksum.
    ///
    /// # Errors
    /// I/O errors naming the path, and the errors of [`from_bytes`](Self::from_bytes).
    #[cfg(feature = "fs")]
    pub fn open(path: impl AsRef<std::path::Path>) -> Result<Artifact> {
        let (name, bytes) = super::map_file(path.as_ref())?;
        Artifact::open_bytes(bytes).map_err(|e| e.in_source(&name))
    }

    fn open_bytes(data: Bytes) -> Result<Artifact> {
        let total = data.len() as u64;
        let container = Container::parse_any(data, true)?;
        let kind = container.kind;
        let glossary = match kind.holds(Kind::Glossary) {
            true => Some(Glossary::from_container(&container, total, true)?),
            false => None,
        };
        let memory = match kind.holds(Kind::Memory) {
            true => Some(Memory::from_container(&container, total)?),
            false => None,
        };
        Ok(Artifact {
            container,
            glossary,
            memory,
        })
    }

    /// What the artifact holds.
    pub fn kind(&self) -> Kind {
        self.container.kind
    }

    /// The format version it was written with.
    pub fn format_version(&self) -> u16 {
        self.container.version
    }

    /// The glossary, if the artifact holds one.
    pub fn glossary_opt(&self) -> Option<&Glossary> {
        self.glossary.as_ref()
    }

    /// The translation memory, if the artifact holds one.
    pub fn memory_opt(&self) -> Option<&Memory> {
        self.memory.as_ref()
    }

    /// The glossary.
    ///
    /// # Errors
    /// `query.invalid` when the artifact is a translation memory only.
    pub fn glossary(&self) -> Result<&Glossary> {
        self.glossary.as_ref().ok_or_else(|| {
            Error::query("this artifact is a translation memory without a glossary: compile the glossary with `--tm` to bundle both")
        })
    }

    /// The translation memory.
    ///
    /// # Errors
    /// `query.invalid` when the artifact is a glossary only.
    pub fn memory(&self) -> Result<&Memory> {
        self.memory.as_ref().ok_or_else(no_memory)
    }

    /// The translation memory, to add units to.
    ///
    /// # Errors
    /// `query.invalid` when the artifact is a glossary only.
    pub fn memory_mut(&mut self) -> Result<&mut Memory> {
        self.memory.as_mut().ok_or_else(no_memory)
    }

    /// The artifact's bytes with the memory's added units compacted in; the
    /// glossary sections are kept as they are.
    ///
    /// # Errors
    /// The errors of [`Memory::compact`], and `artifact.version` for a bundle
    /// written by an older version.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        match (&self.glossary, &self.memory) {
            (Some(_), Some(memory)) => {
                let compacted = memory.compact()?;
                let m = Container::parse_any(Bytes::new(compacted), false)?;
                bundle_containers(&self.container, &m)
            }
            (None, Some(memory)) => memory.compact(),
            _ => Ok(self.container.bytes().as_ref().to_vec()),
        }
    }

    /// Writes [`to_bytes`](Self::to_bytes) to `path` atomically, then reads the
    /// new artifact, with nothing pending.
    ///
    /// # Errors
    /// The errors of [`to_bytes`](Self::to_bytes) and I/O errors.
    #[cfg(feature = "fs")]
    pub fn save(&mut self, path: impl AsRef<std::path::Path>) -> Result<()> {
        let bytes = self.to_bytes()?;
        super::write_atomic(path.as_ref(), &bytes)?;
        *self = Artifact::from_bytes(bytes)?;
        Ok(())
    }
}

fn no_memory() -> Error {
    Error::query(
        "this artifact is a glossary without a translation memory: compile it with `--tm MEMORY` to bundle one",
    )
}
