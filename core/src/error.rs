//! Errors and warnings: what went wrong, where, and how to fix it.
//!
//! [`Error`] is opaque over a private box so it stays one pointer wide. Callers
//! ask it for a [`kind`](Error::kind) (detailed, `#[non_exhaustive]`), a stable
//! string [`code`](Error::code) (asserted by the cross-surface test vectors),
//! a coarse [`class`](Error::class) (what the bindings map to exception types)
//! and a [`location`](Error::location).

use std::fmt;
use std::sync::Arc;

/// A place in an input: `client.tbx:120:7`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The input's name (usually a path), if known.
    pub source: Option<Arc<str>>,
    /// 1-based line, 0 when unknown.
    pub line: u64,
    /// 1-based column in characters, 0 when unknown.
    pub column: u64,
    /// 0-based byte offset, when known.
    pub byte: Option<u64>,
}

impl Location {
    /// A location at a line and column of a named source.
    pub fn new(source: Option<Arc<str>>, line: u64, column: u64) -> Location {
        Location { source, line, column, byte: None }
    }

    /// The location of byte offset `byte` in `text`, named `source`.
    ///
    /// Lines and columns are 1-based; columns count characters. An offset past the
    /// end (or inside a character) is clamped to the nearest valid position.
    pub fn from_offset(source: Option<Arc<str>>, text: &str, byte: usize) -> Location {
        let mut at = byte.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let before = &text[..at];
        let line = before.bytes().filter(|&b| b == b'\n').count() as u64 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() as u64 + 1;
        Location { source, line, column, byte: Some(at as u64) }
    }

    /// A location naming only the source.
    pub fn in_source(source: impl Into<Arc<str>>) -> Location {
        Location { source: Some(source.into()), ..Location::default() }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let src = self.source.as_deref().unwrap_or("<input>");
        match (self.line, self.column) {
            (0, _) => write!(f, "{src}"),
            (l, 0) => write!(f, "{src}:{l}"),
            (l, c) => write!(f, "{src}:{l}:{c}"),
        }
    }
}

/// An input format, named in error codes (`tbx.syntax`) and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// crosscut's own TOML glossary source.
    Toml,
    /// CSV or TSV.
    Csv,
    /// TermBase eXchange (v2 `martif`, v3 `tbx`, TBX-Min).
    Tbx,
    /// Translation Memory eXchange.
    Tmx,
    /// SubRip subtitles.
    Srt,
    /// WebVTT subtitles.
    Vtt,
    /// Generic XML (before the dialect is known).
    Xml,
    /// Plain text input (annotate, queries).
    Text,
}

impl Format {
    /// The lower-case name used in error codes.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Csv => "csv",
            Format::Tbx => "tbx",
            Format::Tmx => "tmx",
            Format::Srt => "srt",
            Format::Vtt => "vtt",
            Format::Xml => "xml",
            Format::Text => "text",
        }
    }
}

/// What went wrong, in detail. New variants may be added in any release.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is not well-formed in its format (bad XML, bad TOML, bad CSV quoting).
    Syntax {
        /// The input format.
        format: Format,
        /// What is wrong.
        message: String,
    },
    /// The input is well-formed but its content is invalid (a term without a
    /// language, an unknown status, a structure the format forbids).
    Invalid {
        /// The input format.
        format: Format,
        /// What is wrong.
        message: String,
        /// How to fix it.
        fix: Option<String>,
    },
    /// The file does not start with its format's signature (`WEBVTT`).
    Signature {
        /// The input format.
        format: Format,
        /// What was found instead.
        message: String,
    },
    /// The bytes are not valid in the declared or detected encoding.
    Encoding {
        /// The input format.
        format: Format,
        /// What is wrong.
        message: String,
    },
    /// An XML document declares entities or a DTD subset that crosscut refuses to
    /// expand or resolve (entity bombs, external entities).
    XmlEntity {
        /// What was refused.
        message: String,
    },
    /// A language tag is not valid BCP 47.
    LanguageTag {
        /// The tag as given.
        tag: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The artifact is shorter than its header and footer, or than a section it declares.
    ArtifactTruncated {
        /// Bytes present.
        len: u64,
        /// Bytes needed.
        needed: u64,
    },
    /// The artifact does not start with the crosscut magic bytes.
    ArtifactMagic,
    /// The artifact's format version is outside the supported range.
    ArtifactVersion {
        /// Version found in the artifact.
        found: u16,
        /// Oldest version this build reads.
        oldest: u16,
        /// Newest version this build reads.
        newest: u16,
    },
    /// The artifact's checksum does not match its content.
    ArtifactChecksum {
        /// Checksum stored in the artifact.
        stored: u32,
        /// Checksum computed over the bytes.
        computed: u32,
    },
    /// The artifact is internally inconsistent (a section out of bounds, an
    /// invalid fst, a record that does not decode).
    ArtifactCorrupt {
        /// What is inconsistent.
        message: String,
    },
    /// An input exceeds a documented limit.
    Limit {
        /// What exceeded the limit.
        what: String,
        /// The limit.
        limit: u64,
    },
    /// A query or option is invalid (bad regex, fuzzy distance too large, empty term).
    Query {
        /// What is wrong.
        message: String,
    },
    /// Reading or writing a file failed.
    Io {
        /// The I/O error kind.
        kind: std::io::ErrorKind,
        /// The operating system's message.
        message: String,
    },
}

/// The coarse class of an error: what the bindings map to exception types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// Bad input data (syntax, content, encoding, entities, language tags).
    Parse,
    /// A bad artifact (truncated, wrong magic or version, checksum, corrupt).
    Artifact,
    /// An input exceeded a limit.
    Limit,
    /// File I/O failed.
    Io,
    /// A query or option is invalid.
    Invalid,
}

impl ErrorClass {
    /// The lower-case name of the class.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorClass::Parse => "parse",
            ErrorClass::Artifact => "artifact",
            ErrorClass::Limit => "limit",
            ErrorClass::Io => "io",
            ErrorClass::Invalid => "invalid",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    location: Option<Location>,
}

/// A crosscut error: what went wrong, where, and how to fix it.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

/// A `Result` with crosscut's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of this kind, with no location.
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(Inner { kind, location: None }))
    }

    /// Attaches (or replaces) the location.
    pub fn at(mut self, location: Location) -> Error {
        self.0.location = Some(location);
        self
    }

    /// Names the source when the location has none yet (or there is no location).
    pub fn in_source(mut self, source: &Arc<str>) -> Error {
        match &mut self.0.location {
            Some(loc) if loc.source.is_none() => loc.source = Some(source.clone()),
            Some(_) => {}
            None => self.0.location = Some(Location::in_source(source.clone())),
        }
        self
    }

    /// A syntax error in `format`.
    pub fn syntax(format: Format, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Syntax { format, message: message.into() })
    }

    /// Invalid content in `format`, with advice.
    pub fn invalid(format: Format, message: impl Into<String>, fix: impl Into<String>) -> Error {
        let fix = fix.into();
        Error::new(ErrorKind::Invalid { format, message: message.into(), fix: (!fix.is_empty()).then_some(fix) })
    }

    /// An encoding error in `format`.
    pub fn encoding(format: Format, message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Encoding { format, message: message.into() })
    }

    /// A corrupt artifact.
    pub fn corrupt(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::ArtifactCorrupt { message: message.into() })
    }

    /// An exceeded limit.
    pub fn limit(what: impl Into<String>, limit: u64) -> Error {
        Error::new(ErrorKind::Limit { what: what.into(), limit })
    }

    /// An invalid query or option.
    pub fn query(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Query { message: message.into() })
    }

    /// The detailed kind.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Where it happened, if known.
    pub fn location(&self) -> Option<&Location> {
        self.0.location.as_ref()
    }

    /// The coarse class.
    pub fn class(&self) -> ErrorClass {
        match &self.0.kind {
            ErrorKind::Syntax { .. }
            | ErrorKind::Invalid { .. }
            | ErrorKind::Encoding { .. }
            | ErrorKind::Signature { .. }
            | ErrorKind::XmlEntity { .. }
            | ErrorKind::LanguageTag { .. } => ErrorClass::Parse,
            ErrorKind::ArtifactTruncated { .. }
            | ErrorKind::ArtifactMagic
            | ErrorKind::ArtifactVersion { .. }
            | ErrorKind::ArtifactChecksum { .. }
            | ErrorKind::ArtifactCorrupt { .. } => ErrorClass::Artifact,
            ErrorKind::Limit { .. } => ErrorClass::Limit,
            ErrorKind::Io { .. } => ErrorClass::Io,
            ErrorKind::Query { .. } => ErrorClass::Invalid,
        }
    }

    /// A stable code such as `tbx.syntax` or `artifact.checksum`, the same on every surface.
    pub fn code(&self) -> String {
        match &self.0.kind {
            ErrorKind::Syntax { format, .. } => format!("{}.syntax", format.as_str()),
            ErrorKind::Invalid { format, .. } => format!("{}.invalid", format.as_str()),
            ErrorKind::Encoding { format, .. } => format!("{}.encoding", format.as_str()),
            ErrorKind::Signature { format, .. } => format!("{}.signature", format.as_str()),
            ErrorKind::XmlEntity { .. } => "xml.entity".into(),
            ErrorKind::LanguageTag { .. } => "lang.invalid".into(),
            ErrorKind::ArtifactTruncated { .. } => "artifact.truncated".into(),
            ErrorKind::ArtifactMagic => "artifact.magic".into(),
            ErrorKind::ArtifactVersion { .. } => "artifact.version".into(),
            ErrorKind::ArtifactChecksum { .. } => "artifact.checksum".into(),
            ErrorKind::ArtifactCorrupt { .. } => "artifact.corrupt".into(),
            ErrorKind::Limit { .. } => "limit.exceeded".into(),
            ErrorKind::Query { .. } => "query.invalid".into(),
            ErrorKind::Io { .. } => "io".into(),
        }
    }

    /// The message without the location prefix: what is wrong, then how to fix it.
    pub fn message(&self) -> String {
        const REBUILD: &str = "rebuild it with `crosscut compile`";
        match &self.0.kind {
            ErrorKind::Syntax { format, message } => {
                format!("{} is not well-formed: {message}", format_name(*format))
            }
            ErrorKind::Invalid { message, fix: Some(fix), .. } => format!("{message}; {fix}"),
            ErrorKind::Invalid { message, fix: None, .. } => message.clone(),
            ErrorKind::Encoding { message, .. } => {
                format!("{message}; save the file as UTF-8 (or name its encoding)")
            }
            ErrorKind::Signature { format, message } => format!(
                "not a {} file: {message}; the first line must be `WEBVTT`, alone or followed by a space",
                format_name(*format)
            ),
            ErrorKind::XmlEntity { message } => format!(
                "{message}; crosscut never expands DTD entities or reads external ones: remove the DOCTYPE's internal subset"
            ),
            ErrorKind::LanguageTag { tag, reason } => {
                format!("invalid language tag {tag:?}: {reason}; use a BCP 47 tag such as `en`, `pt-BR` or `zh-Hant`")
            }
            ErrorKind::ArtifactTruncated { len, needed } => {
                format!("artifact is truncated ({len} bytes, at least {needed} needed); {REBUILD} or download it again")
            }
            ErrorKind::ArtifactMagic => {
                format!("not a crosscut artifact (wrong magic bytes); {REBUILD}")
            }
            ErrorKind::ArtifactVersion { found, oldest, newest } => {
                let advice = if found > newest {
                    "upgrade crosscut to read it, or recompile it from source with this version"
                } else {
                    "recompile it from source with `crosscut compile`"
                };
                format!("artifact format version {found} is unsupported (this build reads {oldest}–{newest}); {advice}")
            }
            ErrorKind::ArtifactChecksum { stored, computed } => format!(
                "artifact checksum mismatch (stored {stored:08x}, computed {computed:08x}): the file is corrupt; {REBUILD}"
            ),
            ErrorKind::ArtifactCorrupt { message } => format!("artifact is corrupt: {message}; {REBUILD}"),
            ErrorKind::Limit { what, limit } => {
                format!("{what} exceeds the limit of {limit}; split the input or see docs/limits.md")
            }
            ErrorKind::Query { message } => message.clone(),
            ErrorKind::Io { message, .. } => message.clone(),
        }
    }
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Toml => "TOML",
        Format::Csv => "CSV",
        Format::Tbx => "TBX",
        Format::Tmx => "TMX",
        Format::Srt => "SRT",
        Format::Vtt => "WebVTT",
        Format::Xml => "XML",
        Format::Text => "text",
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.location {
            Some(loc) => write!(f, "{loc}: {}", self.message()),
            None => f.write_str(&self.message()),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("code", &self.code())
            .field("kind", &self.0.kind)
            .field("location", &self.0.location)
            .finish()
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::new(ErrorKind::Io { kind: e.kind(), message: e.to_string() })
    }
}

/// Something an importer could not represent or had to repair, with where it was.
///
/// Importers never drop data silently: anything they skip becomes a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Where.
    pub location: Location,
    /// What was skipped or repaired.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: warning: {}", self.location, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_from_offset_counts_lines_and_chars() {
        let text = "ab\nçd\nef";
        let src: Option<Arc<str>> = Some("x.toml".into());
        assert_eq!(Location::from_offset(src.clone(), text, 0).to_string(), "x.toml:1:1");
        assert_eq!(Location::from_offset(src.clone(), text, 5).to_string(), "x.toml:2:2");
        // Inside the two-byte 'ç': clamps back to its start.
        assert_eq!(Location::from_offset(src.clone(), text, 4).to_string(), "x.toml:2:1");
        assert_eq!(Location::from_offset(src, text, 999).to_string(), "x.toml:3:3");
    }

    #[test]
    fn messages_say_how_to_fix() {
        let e = Error::new(ErrorKind::ArtifactVersion { found: 9, oldest: 1, newest: 1 });
        assert_eq!(e.code(), "artifact.version");
        assert_eq!(e.class(), ErrorClass::Artifact);
        assert!(e.to_string().contains("upgrade crosscut"), "{e}");
        let e = Error::new(ErrorKind::ArtifactVersion { found: 0, oldest: 1, newest: 1 });
        assert!(e.to_string().contains("recompile"), "{e}");
        let e = Error::invalid(Format::Tbx, "<termEntry> has no <langSet>", "add one with an xml:lang attribute")
            .at(Location::new(Some("client.tbx".into()), 120, 7));
        assert_eq!(e.to_string(), "client.tbx:120:7: <termEntry> has no <langSet>; add one with an xml:lang attribute");
        assert_eq!(e.code(), "tbx.invalid");
    }
}
