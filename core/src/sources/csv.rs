//! CSV and TSV glossaries: one concept per row, one column per language.
//!
//! # Reading
//!
//! [`read_csv`] accepts UTF-8 (with or without a byte order mark) and UTF-16 with a
//! byte order mark. The delimiter is taken from [`CsvOptions::delimiter`], else from
//! the source name (`.tsv` and `.tab` are tab-separated), else sniffed from the first
//! non-blank line (a tab wins, then the more frequent of `,` and `;`).
//!
//! The first row is a header when [`CsvOptions::has_header`] says so or, by default,
//! when all its cells are known column names, or when at least one names a
//! language and either more than half of its cells are known column names or
//! (when neither [`CsvOptions::languages`] nor [`CsvOptions::mapping`] is given)
//! every unknown cell is a single ASCII word such as `Remark`. So `kde,csv kde`
//! (OmegaT) is data, while `en,fr,My comment` and `en,Remark` are headers; set
//! `has_header` when a data row happens to look like a header.
//!
//! Header cells are matched without regard to case (`_`, `-` and spaces are
//! interchangeable in names):
//!
//! | header | meaning |
//! |---|---|
//! | `en`, `zh-Hans`, `pt_BR` (a BCP 47 tag) | terms in that language; several per cell separated by [`CsvOptions::term_separator`] (`\|`) |
//! | `LANG:status`, `LANG:register`, `LANG:pos` (or `part_of_speech`), `LANG:gender`, `LANG:usage`, `LANG:literal`, `LANG:context`, `LANG:term_type`, `LANG:do_not_translate`, `LANG:case_sensitive` | a field of the terms of the nearest `LANG` column to the left (else the first to the right). With several terms in the cell, the field cell holds one value per term, separated the same way, or one value for all of them |
//! | `id` | the concept id; an empty cell gives `csv-<line>` (the line the row starts on) |
//! | `domain`, `domains` | domains, separator-split |
//! | `kind`, `kinds` | kinds, separator-split |
//! | `related` | related concept ids, separator-split |
//! | `note`, `notes`, `comment`, `comments` | notes, separator-split |
//! | `definition`, `cultural_note`, `source` | single strings |
//!
//! `id` is always the concept id: Indonesian terms need a region (`id-ID`) or an
//! explicit [`CsvOptions::mapping`]. Any other header is kept: its values become
//! notes `"<header>: <value>"`, with a warning. A header cell that looks like a
//! language tag (a first subtag of two or three letters, or `LANG:field`) but is not
//! valid BCP 47 is an error at line 1 and that cell's column.
//!
//! Headerless files need [`CsvOptions::languages`] (columns: source term, target
//! term, comment as a note, like OmegaT and Okapi glossaries) or an explicit
//! [`CsvOptions::mapping`].
//!
//! The first term of a language in a row is `preferred` and later ones `admitted`,
//! unless a status cell says otherwise (the rule of the TOML source format). Terms
//! are stored in NFC. Fields are trimmed; blank rows are skipped; quoted fields may
//! hold delimiters, doubled quotes and line breaks; `\r\n`, `\n` and `\r` all end a
//! row. A quote inside an unquoted field is kept as written (`5" screen`), but a
//! quoted field that is never closed, or followed by text after its closing quote,
//! is a syntax error. A row without any term is skipped with a warning. Values that
//! do not parse (an unknown status or register, more values than terms) are kept as
//! notes, with a warning. No input makes the reader panic; fields are limited to
//! [`MAX_FIELD_LEN`] bytes and rows to [`MAX_COLUMNS`] cells.
//!
//! # Writing
//!
//! [`write_csv`] writes the header `id,domains,kinds,definition,cultural_note,notes,source,related`
//! followed, for each language present (sorted by tag), by `LANG`, `LANG:status` and
//! the term fields that some term of that language uses. Reading the output back
//! gives the same concepts for every field CSV carries.
//!
//! CSV cannot carry: [`Concept::sensitivity`], [`Concept::idiom`] (meaning and
//! equivalents), the relative order of terms of different languages within a
//! concept (they come back grouped by language, languages sorted), leading and
//! trailing spaces, and empty list items. `write_csv` drops the first two and refuses
//! (with an error) a value it could not read back: an item of a list cell, or a
//! per-term value when a language has several terms, containing `|`.

use std::collections::{BTreeMap, BTreeSet};

use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Format, Location, Result, Warning};
use crate::lang::Lang;
use crate::model::{Concept, Register, Status, Term};
use crate::sources::text::decode_unicode;
use crate::sources::{Imported, SourceName};

/// Longest field accepted, in bytes after decoding (64 KiB).
pub const MAX_FIELD_LEN: usize = 64 * 1024;

/// Most cells accepted in one row.
pub const MAX_COLUMNS: usize = 1024;

/// Warnings kept per file; one more warning says how many were left out.
const MAX_WARNINGS: usize = 1000;

/// How to read a CSV or TSV glossary. `CsvOptions::default()` detects everything.
///
/// # Example
/// ```
/// use crosscut::sources::csv::CsvOptions;
/// let opts = CsvOptions::default().with_delimiter(b'\t').with_languages("ja", "fr");
/// assert_eq!(opts.term_separator, "|");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvOptions {
    /// The field delimiter; `None` detects it from the source name's extension or
    /// the first line (tab, comma or semicolon). Must be an ASCII character other
    /// than a quote or a line break.
    pub delimiter: Option<u8>,
    /// Separates several terms (or values) in one cell; default `"|"`. Empty: never split.
    pub term_separator: String,
    /// What each column holds, by position; overrides the header. Cells past its
    /// end are kept as notes. The first row is still skipped when it is a header
    /// (given by [`CsvOptions::has_header`] or detected).
    pub mapping: Option<Vec<Column>>,
    /// Source and target languages of a headerless file: column 0 holds source
    /// terms, column 1 target terms, column 2 a comment (kept as a note).
    pub languages: Option<(String, String)>,
    /// Whether the first row is a header; `None` detects it (see the module docs).
    pub has_header: Option<bool>,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions { delimiter: None, term_separator: "|".into(), mapping: None, languages: None, has_header: None }
    }
}

impl CsvOptions {
    /// Sets the delimiter.
    pub fn with_delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = Some(delimiter);
        self
    }

    /// Sets the separator between several terms in one cell.
    pub fn with_term_separator(mut self, separator: impl Into<String>) -> Self {
        self.term_separator = separator.into();
        self
    }

    /// Sets an explicit column mapping.
    pub fn with_mapping(mut self, mapping: Vec<Column>) -> Self {
        self.mapping = Some(mapping);
        self
    }

    /// Sets the languages of a headerless source/target file.
    pub fn with_languages(mut self, source: impl Into<String>, target: impl Into<String>) -> Self {
        self.languages = Some((source.into(), target.into()));
        self
    }

    /// Says whether the first row is a header.
    pub fn with_header(mut self, has_header: bool) -> Self {
        self.has_header = Some(has_header);
        self
    }
}

/// What a column holds: the target of a header name or of an explicit mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Column {
    /// The concept id.
    Id,
    /// Domains (separator-split).
    Domains,
    /// Kind tags (separator-split).
    Kinds,
    /// The definition.
    Definition,
    /// The cultural note.
    CulturalNote,
    /// Notes (separator-split).
    Notes,
    /// Source or attribution.
    Source,
    /// Related concept ids (separator-split).
    Related,
    /// Terms in a language (a BCP 47 tag).
    Terms(String),
    /// A field of the terms in a language.
    TermField(String, TermField),
    /// Anything else: each value is kept as a note `"<name>: <value>"`.
    Other(String),
    /// A column to skip.
    Ignore,
}

/// A field of a [`Term`] that a `LANG:field` column sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum TermField {
    /// [`Term::status`] (`status`).
    Status,
    /// [`Term::register`] (`register`).
    Register,
    /// [`Term::part_of_speech`] (`pos` or `part_of_speech`).
    PartOfSpeech,
    /// [`Term::gender`] (`gender`).
    Gender,
    /// [`Term::usage`] (`usage`).
    Usage,
    /// [`Term::literal`] (`literal`).
    Literal,
    /// [`Term::context`] (`context`).
    Context,
    /// [`Term::term_type`] (`term_type`).
    TermType,
    /// [`Term::do_not_translate`] (`do_not_translate` or `dnt`): `true`, `yes`, `1`, `x`, or `false`, `no`, `0`.
    DoNotTranslate,
    /// [`Term::case_sensitive`] (`case_sensitive`), same values as `do_not_translate`.
    CaseSensitive,
}

impl TermField {
    /// Every field, in the order [`write_csv`] writes them.
    pub const ALL: [TermField; 10] = [
        TermField::Status,
        TermField::Register,
        TermField::PartOfSpeech,
        TermField::Gender,
        TermField::Usage,
        TermField::Literal,
        TermField::Context,
        TermField::TermType,
        TermField::DoNotTranslate,
        TermField::CaseSensitive,
    ];

    /// The name used after `LANG:` in headers.
    pub fn as_str(self) -> &'static str {
        match self {
            TermField::Status => "status",
            TermField::Register => "register",
            TermField::PartOfSpeech => "pos",
            TermField::Gender => "gender",
            TermField::Usage => "usage",
            TermField::Literal => "literal",
            TermField::Context => "context",
            TermField::TermType => "term_type",
            TermField::DoNotTranslate => "do_not_translate",
            TermField::CaseSensitive => "case_sensitive",
        }
    }

    /// Parses a field name (case-insensitive; `-` and spaces count as `_`).
    pub fn parse(name: &str) -> Option<TermField> {
        Some(match normalize_name(name).as_str() {
            "status" => TermField::Status,
            "register" => TermField::Register,
            "pos" | "part_of_speech" => TermField::PartOfSpeech,
            "gender" => TermField::Gender,
            "usage" => TermField::Usage,
            "literal" => TermField::Literal,
            "context" => TermField::Context,
            "term_type" | "type" => TermField::TermType,
            "do_not_translate" | "dnt" => TermField::DoNotTranslate,
            "case_sensitive" => TermField::CaseSensitive,
            _ => return None,
        })
    }

    /// The field's value on a term, as written in a cell (`None` when unset).
    fn get(self, t: &Term) -> Option<String> {
        match self {
            TermField::Status => Some(t.status.as_str().to_string()),
            TermField::Register => t.register.map(|r| r.as_str().to_string()),
            TermField::PartOfSpeech => t.part_of_speech.clone(),
            TermField::Gender => t.gender.clone(),
            TermField::Usage => t.usage.clone(),
            TermField::Literal => t.literal.clone(),
            TermField::Context => t.context.clone(),
            TermField::TermType => t.term_type.clone(),
            TermField::DoNotTranslate => t.do_not_translate.then(|| "true".to_string()),
            TermField::CaseSensitive => t.case_sensitive.then(|| "true".to_string()),
        }
    }

    /// Checks that `value` (non-empty) is acceptable for this field.
    fn check(self, value: &str) -> std::result::Result<(), String> {
        let ok = match self {
            TermField::Status => Status::parse(value).is_some(),
            TermField::Register => Register::parse(value).is_some(),
            TermField::DoNotTranslate | TermField::CaseSensitive => parse_bool(value).is_some(),
            _ => true,
        };
        if ok {
            Ok(())
        } else {
            Err(format!("{value:?} is not a valid {}", self.as_str()))
        }
    }

    /// Sets the field from a value that passed [`TermField::check`].
    fn set(self, t: &mut Term, value: &str) {
        let text = Some(value.to_string());
        match self {
            TermField::Status => t.status = Status::parse(value).unwrap_or(t.status),
            TermField::Register => t.register = Register::parse(value).or(t.register),
            TermField::PartOfSpeech => t.part_of_speech = text,
            TermField::Gender => t.gender = text,
            TermField::Usage => t.usage = text,
            TermField::Literal => t.literal = text,
            TermField::Context => t.context = text,
            TermField::TermType => t.term_type = text,
            TermField::DoNotTranslate => t.do_not_translate = parse_bool(value).unwrap_or(false),
            TermField::CaseSensitive => t.case_sensitive = parse_bool(value).unwrap_or(false),
        }
    }
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "x" => Some(true),
        "false" | "no" | "n" | "0" => Some(false),
        _ => None,
    }
}

fn normalize_name(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace([' ', '-'], "_")
}

impl Column {
    /// What a header cell names: `Ok(Some(column))` for a known name or a valid
    /// language column, `Ok(None)` for an unknown name.
    ///
    /// # Errors
    /// [`crate::ErrorKind::LanguageTag`] when the cell looks like a language column
    /// (`xx`, `xxx`, `xx-…`, `xx_…` or `LANG:field`) but the tag is not valid BCP 47.
    ///
    /// # Example
    /// ```
    /// use crosscut::sources::csv::{Column, TermField};
    /// assert_eq!(Column::parse("Domains").unwrap(), Some(Column::Domains));
    /// assert_eq!(Column::parse("zh_hans").unwrap(), Some(Column::Terms("zh-Hans".into())));
    /// assert_eq!(
    ///     Column::parse("fr:status").unwrap(),
    ///     Some(Column::TermField("fr".into(), TermField::Status))
    /// );
    /// assert_eq!(Column::parse("Comment #1").unwrap(), None);
    /// assert!(Column::parse("zz-!!").is_err());
    /// ```
    pub fn parse(header: &str) -> Result<Option<Column>> {
        let header = header.trim();
        let known = match normalize_name(header).as_str() {
            "id" => Some(Column::Id),
            "domain" | "domains" => Some(Column::Domains),
            "kind" | "kinds" => Some(Column::Kinds),
            "definition" => Some(Column::Definition),
            "cultural_note" | "culturalnote" => Some(Column::CulturalNote),
            "note" | "notes" | "comment" | "comments" => Some(Column::Notes),
            "source" => Some(Column::Source),
            "related" => Some(Column::Related),
            _ => None,
        };
        if known.is_some() {
            return Ok(known);
        }
        if let Some((lang, field)) = header.rsplit_once(':') {
            let Some(field) = TermField::parse(field) else { return Ok(None) };
            return Ok(Some(Column::TermField(Lang::parse(lang)?.as_str().to_string(), field)));
        }
        let first = header.split(['-', '_']).next().unwrap_or_default();
        if (2..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Ok(Some(Column::Terms(Lang::parse(header)?.as_str().to_string())));
        }
        Ok(None)
    }
}

// ---------------------------------------------------------------------------
// Tokenizer

/// A field as read: its unquoted, trimmed text and where it starts.
#[derive(Debug)]
struct Field {
    text: String,
    line: u64,
    column: u64,
}

/// A row: its fields and the line it starts on.
#[derive(Debug)]
struct Row {
    line: u64,
    fields: Vec<Field>,
}

/// A strict RFC 4180 reader over decoded text that knows where every field starts.
struct Reader<'a> {
    text: &'a str,
    pos: usize,
    line: u64,
    line_start: usize,
    delim: u8,
    source: &'a SourceName,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, delim: u8, source: &'a SourceName) -> Self {
        Reader { text, pos: 0, line: 1, line_start: 0, delim, source }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    fn column_of(&self, at: usize) -> u64 {
        self.text.get(self.line_start..at).map_or(0, |s| s.chars().count() as u64) + 1
    }

    fn location(&self, at: usize) -> Location {
        Location { byte: Some(at as u64), ..Location::new(self.source.clone(), self.line, self.column_of(at)) }
    }

    fn newline(&mut self, after: usize) {
        self.line += 1;
        self.line_start = after;
    }

    fn too_long(&self, at: usize) -> Error {
        Error::limit("a CSV field", MAX_FIELD_LEN as u64).at(self.location(at))
    }

    /// The next row that is not blank, or `None` at the end.
    fn next_row(&mut self) -> Result<Option<Row>> {
        loop {
            match self.next_raw_row()? {
                None => return Ok(None),
                Some(row) if row.fields.iter().all(|f| f.text.is_empty()) => continue,
                Some(row) => return Ok(Some(row)),
            }
        }
    }

    fn next_raw_row(&mut self) -> Result<Option<Row>> {
        let len = self.text.len();
        if self.pos >= len {
            return Ok(None);
        }
        let mut row = Row { line: self.line, fields: Vec::new() };
        loop {
            if row.fields.len() >= MAX_COLUMNS {
                return Err(
                    Error::limit("the number of columns in a CSV row", MAX_COLUMNS as u64).at(self.location(self.pos))
                );
            }
            let start = self.pos;
            let (line, column) = (self.line, self.column_of(start));
            // Spaces before an opening quote are allowed: `a, "b, c"`.
            let mut p = start;
            while matches!(self.byte(p), Some(b' ' | b'\t')) && self.byte(p) != Some(self.delim) {
                p += 1;
            }
            let text = if self.byte(p) == Some(b'"') {
                self.quoted(p)?
            } else {
                let mut end = start;
                while let Some(b) = self.byte(end) {
                    if b == self.delim || b == b'\n' || b == b'\r' {
                        break;
                    }
                    end += 1;
                }
                if end - start > MAX_FIELD_LEN {
                    return Err(self.too_long(start));
                }
                self.pos = end;
                self.text.get(start..end).unwrap_or_default().trim().to_string()
            };
            row.fields.push(Field { text, line, column });
            match self.byte(self.pos) {
                Some(b) if b == self.delim => self.pos += 1,
                Some(b'\r') => {
                    self.pos += if self.byte(self.pos + 1) == Some(b'\n') { 2 } else { 1 };
                    self.newline(self.pos);
                    return Ok(Some(row));
                }
                Some(b'\n') => {
                    self.pos += 1;
                    self.newline(self.pos);
                    return Ok(Some(row));
                }
                _ => return Ok(Some(row)),
            }
        }
    }

    /// Reads a quoted field whose opening quote is at `open`; leaves `pos` after
    /// the closing quote and any spaces that follow it.
    fn quoted(&mut self, open: usize) -> Result<String> {
        let open_loc = self.location(open);
        let mut value = String::new();
        let mut p = open + 1;
        let mut seg = p;
        loop {
            let Some(b) = self.byte(p) else {
                return Err(Error::syntax(
                    Format::Csv,
                    "a quoted field is never closed; close it with `\"` and write a quote inside it as `\"\"`",
                )
                .at(open_loc));
            };
            match b {
                b'"' => {
                    value.push_str(self.text.get(seg..p).unwrap_or_default());
                    if self.byte(p + 1) == Some(b'"') {
                        value.push('"');
                        p += 2;
                        seg = p;
                    } else {
                        p += 1;
                        break;
                    }
                }
                b'\n' => {
                    p += 1;
                    self.newline(p);
                }
                _ => p += 1,
            }
            if value.len() + (p - seg) > MAX_FIELD_LEN {
                return Err(Error::limit("a CSV field", MAX_FIELD_LEN as u64).at(open_loc));
            }
        }
        while matches!(self.byte(p), Some(b' ' | b'\t')) && self.byte(p) != Some(self.delim) {
            p += 1;
        }
        match self.byte(p) {
            None | Some(b'\r' | b'\n') => {}
            Some(b) if b == self.delim => {}
            Some(_) => {
                let ch = self.text.get(p..).and_then(|s| s.chars().next()).unwrap_or('?');
                return Err(Error::syntax(
                    Format::Csv,
                    format!(
                        "unexpected {ch:?} after the closing quote of a field; write a quote inside a quoted field as `\"\"`"
                    ),
                )
                .at(self.location(p)));
            }
        }
        self.pos = p;
        Ok(value.trim().to_string())
    }
}

/// Guesses the delimiter from the source name, else from the first non-blank line.
fn detect_delimiter(text: &str, source: &SourceName) -> u8 {
    if let Some(name) = source.as_deref() {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".tsv") || lower.ends_with(".tab") {
            return b'\t';
        }
    }
    let line = text.split(['\n', '\r']).find(|l| !l.trim().is_empty()).unwrap_or_default();
    let (mut tabs, mut commas, mut semis, mut quoted) = (0usize, 0usize, 0usize, false);
    for b in line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\t' if !quoted => tabs += 1,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if tabs > 0 {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

/// A plausible column name: one ASCII word (`Remark`, `term_2`), or empty.
fn is_single_word(s: &str) -> bool {
    s.len() <= 40 && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'#'))
}

fn check_delimiter(d: u8) -> Result<()> {
    if d.is_ascii() && !matches!(d, b'"' | b'\r' | b'\n') {
        Ok(())
    } else {
        Err(Error::query(format!(
            "invalid CSV delimiter 0x{d:02X}: use an ASCII character other than a quote or a line break"
        )))
    }
}

// ---------------------------------------------------------------------------
// Column plan

/// A resolved column: canonical tags, term fields bound to a term column.
#[derive(Debug, Clone)]
enum Slot {
    Id,
    Domains,
    Kinds,
    Definition,
    CulturalNote,
    Notes,
    Source,
    Related,
    Terms(String),
    /// A term field and the index of the term column it applies to.
    TermField(usize, TermField),
    Other,
    Ignore,
}

struct Plan {
    slots: Vec<Slot>,
    names: Vec<String>,
}

struct Warnings<'a> {
    source: &'a SourceName,
    list: Vec<Warning>,
    dropped: usize,
    /// Extra columns (past the plan) already warned about.
    extra_seen: BTreeSet<usize>,
}

impl Warnings<'_> {
    fn push(&mut self, line: u64, column: u64, message: String) {
        if self.list.len() < MAX_WARNINGS {
            self.list.push(Warning { location: Location::new(self.source.clone(), line, column), message });
        } else {
            self.dropped += 1;
        }
    }

    fn finish(mut self) -> Vec<Warning> {
        if self.dropped > 0 {
            let message = format!("{} more warnings not shown", self.dropped);
            self.list
                .push(Warning { location: Location { source: self.source.clone(), ..Location::default() }, message });
        }
        self.list
    }
}

impl Plan {
    /// `first` is the first row, whose cells locate warnings about the columns.
    fn new(columns: Vec<Column>, names: Vec<String>, warnings: &mut Warnings<'_>, first: &Row) -> Result<Plan> {
        let mut slots = Vec::with_capacity(columns.len());
        for column in &columns {
            slots.push(match column {
                Column::Id => Slot::Id,
                Column::Domains => Slot::Domains,
                Column::Kinds => Slot::Kinds,
                Column::Definition => Slot::Definition,
                Column::CulturalNote => Slot::CulturalNote,
                Column::Notes => Slot::Notes,
                Column::Source => Slot::Source,
                Column::Related => Slot::Related,
                Column::Terms(tag) => Slot::Terms(Lang::parse(tag)?.as_str().to_string()),
                Column::TermField(..) => Slot::Ignore, // bound below
                Column::Other(_) => Slot::Other,
                Column::Ignore => Slot::Ignore,
            });
        }
        for (j, column) in columns.iter().enumerate() {
            let Column::TermField(tag, field) = column else { continue };
            let lang = Lang::parse(tag)?;
            let is_lang = |s: &Slot| matches!(s, Slot::Terms(l) if l == lang.as_str());
            let before = slots.get(..j).and_then(|s| s.iter().rposition(is_lang));
            let after = slots.get(j..).and_then(|s| s.iter().position(is_lang)).map(|i| i + j);
            let slot = match before.or(after) {
                Some(term_col) => Slot::TermField(term_col, *field),
                None => {
                    let name = names.get(j).cloned().unwrap_or_default();
                    warnings.push(
                        first.line,
                        first.fields.get(j).map_or(0, |f| f.column),
                        format!(
                            "column {} (`{name}`) has no `{}` term column; its values are kept as notes",
                            j + 1,
                            lang.as_str()
                        ),
                    );
                    Slot::Other
                }
            };
            if let Some(s) = slots.get_mut(j) {
                *s = slot;
            }
        }
        Ok(Plan { slots, names })
    }

    fn name(&self, j: usize) -> String {
        self.names.get(j).cloned().unwrap_or_else(|| format!("column {}", j + 1))
    }

    /// Builds the concept of one row, or `None` (with a warning) when it has no term.
    fn concept(&self, row: &Row, sep: &str, warnings: &mut Warnings<'_>) -> Option<Concept> {
        let split = |s: &str| -> Vec<String> {
            if sep.is_empty() {
                vec![s.to_string()]
            } else {
                s.split(sep).map(str::trim).filter(|p| !p.is_empty()).map(str::to_string).collect()
            }
        };
        let mut c = Concept::default();
        // Terms of each term column, with whether their status was explicit.
        let mut groups: BTreeMap<usize, Vec<(Term, bool)>> = BTreeMap::new();
        for (j, field) in row.fields.iter().enumerate() {
            if let Some(Slot::Terms(lang)) = self.slots.get(j) {
                let terms = split(&field.text)
                    .into_iter()
                    .map(|t| (Term { text: t.nfc().collect(), lang: lang.clone(), ..Term::default() }, false))
                    .collect();
                groups.insert(j, terms);
            }
        }
        let note = |c: &mut Concept, j: usize, value: &str| c.notes.push(format!("{}: {value}", self.name(j)));
        for (j, field) in row.fields.iter().enumerate() {
            let value = field.text.as_str();
            if value.is_empty() {
                continue;
            }
            let Some(slot) = self.slots.get(j) else {
                if warnings.extra_seen.insert(j) {
                    warnings.push(
                        field.line,
                        field.column,
                        format!("column {} has no header or mapping; its values are kept as notes", j + 1),
                    );
                }
                note(&mut c, j, value);
                continue;
            };
            let target = match slot {
                Slot::Id => {
                    if c.id.is_empty() {
                        c.id = value.to_string();
                        continue;
                    }
                    None
                }
                Slot::Domains => {
                    c.domains.extend(split(value));
                    continue;
                }
                Slot::Kinds => {
                    c.kinds.extend(split(value));
                    continue;
                }
                Slot::Related => {
                    c.related.extend(split(value));
                    continue;
                }
                Slot::Notes => {
                    c.notes.extend(split(value));
                    continue;
                }
                Slot::Definition => Some(&mut c.definition),
                Slot::CulturalNote => Some(&mut c.cultural_note),
                Slot::Source => Some(&mut c.source),
                Slot::Terms(_) | Slot::Ignore => continue,
                Slot::Other => {
                    note(&mut c, j, value);
                    continue;
                }
                Slot::TermField(term_col, tf) => {
                    let terms = groups.get_mut(term_col).filter(|g| !g.is_empty());
                    let problem = match terms {
                        None => Err(format!("`{}` has a value but the row has no term to attach it to", self.name(j))),
                        Some(terms) => {
                            apply_field(*tf, terms, value, sep).map_err(|e| format!("`{}`: {e}", self.name(j)))
                        }
                    };
                    if let Err(message) = problem {
                        warnings.push(field.line, field.column, format!("{message}; the value is kept as a note"));
                        note(&mut c, j, value);
                    }
                    continue;
                }
            };
            match target {
                Some(t) if t.is_none() => *t = Some(value.to_string()),
                _ => {
                    warnings.push(
                        field.line,
                        field.column,
                        format!("a second `{}` value in one row is kept as a note", self.name(j)),
                    );
                    note(&mut c, j, value);
                }
            }
        }
        // Default statuses: the first term of a language is preferred, later ones admitted.
        let mut seen: BTreeSet<String> = BTreeSet::new();
        for terms in groups.into_values() {
            for (mut term, explicit) in terms {
                let first = seen.insert(term.lang.clone());
                if !explicit {
                    term.status = if first { Status::Preferred } else { Status::Admitted };
                }
                c.terms.push(term);
            }
        }
        if c.terms.is_empty() {
            warnings.push(row.line, 0, "the row has no term; it is skipped".into());
            return None;
        }
        if c.id.is_empty() {
            c.id = format!("csv-{}", row.line);
        }
        Some(c)
    }
}

/// Applies a term-field cell to the terms of its column: one value per term, or
/// one value for all.
fn apply_field(field: TermField, terms: &mut [(Term, bool)], cell: &str, sep: &str) -> std::result::Result<(), String> {
    let parts: Vec<&str> =
        if terms.len() > 1 && !sep.is_empty() { cell.split(sep).map(str::trim).collect() } else { vec![cell] };
    if parts.len() != 1 && parts.len() != terms.len() {
        return Err(format!("{} values for {} terms", parts.len(), terms.len()));
    }
    for part in &parts {
        if !part.is_empty() {
            field.check(part)?;
        }
    }
    for (i, (term, explicit)) in terms.iter_mut().enumerate() {
        let part = if parts.len() == 1 { parts.first() } else { parts.get(i) };
        let Some(part) = part.filter(|p| !p.is_empty()) else { continue };
        field.set(term, part);
        if field == TermField::Status {
            *explicit = true;
        }
    }
    Ok(())
}

/// Reads a CSV or TSV glossary: one concept per row.
///
/// See the [module documentation](self) for the columns, header detection and the
/// trimming and quoting rules.
///
/// # Errors
/// - `csv.encoding`: the bytes are neither UTF-8 nor UTF-16 with a byte order mark;
/// - `csv.syntax`: a quoted field is never closed, or text follows its closing quote;
/// - `lang.invalid`: a header cell, a mapping or [`CsvOptions::languages`] names an
///   invalid language tag (for a header, at line 1 and that cell's column);
/// - `csv.invalid`: the first row is not a header and no languages or mapping were given;
/// - `limit.exceeded`: a field longer than [`MAX_FIELD_LEN`] or a row with more
///   than [`MAX_COLUMNS`] cells;
/// - `query.invalid`: the delimiter option is not usable.
///
/// # Example
/// ```
/// use crosscut::sources::csv::{read_csv, CsvOptions};
/// use crosscut::Status;
///
/// let csv = "id,en,fr,fr:status\nfilm.festival,film festival,festival de cinéma|festival,preferred|admitted\n";
/// let imported = read_csv(csv.as_bytes(), &Some("glossary.csv".into()), &CsvOptions::default()).unwrap();
/// let concept = &imported.concepts[0];
/// assert_eq!(concept.id, "film.festival");
/// let fr: Vec<_> = concept.terms_in("fr").map(|t| (t.text.as_str(), t.status)).collect();
/// assert_eq!(fr, [("festival de cinéma", Status::Preferred), ("festival", Status::Admitted)]);
///
/// // A headerless two-column file (OmegaT, Okapi) needs its languages.
/// let tsv = "kde\tkoo moo\n";
/// let opts = CsvOptions::default().with_languages("en", "fr");
/// let imported = read_csv(tsv.as_bytes(), &None, &opts).unwrap();
/// assert_eq!(imported.concepts[0].terms_in("fr").next().unwrap().text, "koo moo");
/// ```
pub fn read_csv(bytes: &[u8], source: &SourceName, options: &CsvOptions) -> Result<Imported> {
    let at_source = |e: Error| match source {
        Some(s) => e.in_source(s),
        None => e,
    };
    let text = decode_unicode(bytes, Format::Csv, source)?;
    let delim = match options.delimiter {
        Some(d) => d,
        None => detect_delimiter(&text, source),
    };
    check_delimiter(delim)?;
    let mut reader = Reader::new(&text, delim, source);
    let mut warnings = Warnings { source, list: Vec::new(), dropped: 0, extra_seen: BTreeSet::new() };
    let Some(first) = reader.next_row()? else { return Ok(Imported::default()) };

    let cells: Vec<_> = first.fields.iter().map(|f| (f, Column::parse(&f.text))).collect();
    let detected = {
        let non_empty = first.fields.iter().filter(|f| !f.text.is_empty()).count();
        let known = cells.iter().filter(|(f, c)| !f.text.is_empty() && !matches!(c, Ok(None))).count();
        let has_lang = cells.iter().any(|(_, c)| matches!(c, Ok(Some(Column::Terms(_)))));
        // Without languages or a mapping a data row would be an error anyway, so
        // single-word unknown names (`Remark`) do not stop a header being recognised.
        let lenient = options.languages.is_none()
            && options.mapping.is_none()
            && cells.iter().all(|(f, c)| !matches!(c, Ok(None)) || is_single_word(&f.text));
        // A header of known names only (an export with no terms) is a header too.
        (has_lang && (known * 2 > non_empty || lenient)) || (non_empty > 0 && known == non_empty)
    };
    let is_header = options.has_header.unwrap_or(detected);
    let header_names = || first.fields.iter().map(|f| f.text.clone()).collect::<Vec<_>>();

    let plan = if let Some(mapping) = &options.mapping {
        let names = if is_header { header_names() } else { Vec::new() };
        Plan::new(mapping.clone(), names, &mut warnings, &first).map_err(at_source)?
    } else if is_header {
        let mut columns = Vec::with_capacity(cells.len());
        for (j, (field, parsed)) in cells.iter().enumerate() {
            columns.push(match parsed {
                Ok(Some(c)) => c.clone(),
                Err(e) => {
                    return Err(e.clone().at(Location::new(source.clone(), field.line, field.column)));
                }
                Ok(None) if field.text.is_empty() => Column::Other(format!("column {}", j + 1)),
                Ok(None) => {
                    warnings.push(
                        field.line,
                        field.column,
                        format!(
                            "unknown column `{}`: its values are kept as notes; name a language (`en`, `pt-BR`), \
                             `LANG:status`, or one of id, domains, kinds, definition, cultural_note, notes, source, related",
                            field.text
                        ),
                    );
                    Column::Other(field.text.clone())
                }
            });
        }
        Plan::new(columns, header_names(), &mut warnings, &first)?
    } else if let Some((src, tgt)) = &options.languages {
        let columns = vec![Column::Terms(src.clone()), Column::Terms(tgt.clone()), Column::Notes];
        Plan::new(columns, Vec::new(), &mut warnings, &first).map_err(at_source)?
    } else {
        return Err(Error::invalid(
            Format::Csv,
            "the first row is not a header (its cells are not language tags or known column names)",
            "add a header row such as `id,en,fr`, or give the languages of the columns (source, target)",
        )
        .at(Location::new(source.clone(), first.line, 0)));
    };

    let sep = options.term_separator.as_str();
    let mut concepts = Vec::new();
    let mut pending = (!is_header).then_some(first);
    loop {
        let row = match pending.take() {
            Some(row) => row,
            None => match reader.next_row()? {
                Some(row) => row,
                None => break,
            },
        };
        if let Some(c) = plan.concept(&row, sep, &mut warnings) {
            concepts.push(c);
        }
    }
    Ok(Imported { concepts, warnings: warnings.finish(), locations: Vec::new() })
}

// ---------------------------------------------------------------------------
// Writer

/// Writes concepts as CSV (or TSV with `b'\t'`), one concept per row.
///
/// The header is `id,domains,kinds,definition,cultural_note,notes,source,related`,
/// then for each language present (sorted) `LANG`, `LANG:status` and the term
/// fields used by some term of that language. Several terms or values in a cell are
/// joined by `|`. Fields are quoted only when needed; rows end with `\n`.
///
/// # Errors
/// - `query.invalid`: the delimiter is not an ASCII character other than a quote
///   or a line break;
/// - `csv.invalid`: a value could not be read back: a list item (a term, domain,
///   kind, related id or note) containing `|`, a per-term value containing `|`
///   when its language has several terms in the concept, or a term in the language
///   `id` (that header names the concept id).
///
/// # Example
/// ```
/// use crosscut::sources::csv::write_csv;
/// use crosscut::{Concept, Status, Term};
///
/// let concept = Concept {
///     id: "film.festival".into(),
///     terms: vec![Term { text: "film festival".into(), lang: "en".into(), status: Status::Preferred, ..Term::default() }],
///     ..Concept::default()
/// };
/// let csv = write_csv(&[concept], b',').unwrap();
/// assert_eq!(csv, "id,domains,kinds,definition,cultural_note,notes,source,related,en,en:status\n\
///                  film.festival,,,,,,,,film festival,preferred\n");
/// ```
pub fn write_csv(concepts: &[Concept], delimiter: u8) -> Result<String> {
    check_delimiter(delimiter)?;
    let invalid = |id: &str, what: String| {
        Error::invalid(
            Format::Csv,
            format!("concept {id:?}: {what}"),
            "CSV cannot carry it; export as TOML, or remove the `|`",
        )
    };
    // Languages and the term fields each uses.
    let mut langs: BTreeMap<&str, BTreeSet<TermField>> = BTreeMap::new();
    for c in concepts {
        for t in &c.terms {
            if t.lang == "id" {
                return Err(Error::invalid(
                    Format::Csv,
                    format!(
                        "concept {:?} has a term in the language `id`, whose header would name the concept id",
                        c.id
                    ),
                    "tag Indonesian terms with a region (`id-ID`) or export as TOML",
                ));
            }
            let fields = langs.entry(t.lang.as_str()).or_default();
            fields.insert(TermField::Status);
            for f in TermField::ALL {
                if f != TermField::Status && f.get(t).is_some() {
                    fields.insert(f);
                }
            }
        }
    }
    let mut header: Vec<String> =
        ["id", "domains", "kinds", "definition", "cultural_note", "notes", "source", "related"]
            .map(String::from)
            .into();
    for (lang, fields) in &langs {
        header.push((*lang).to_string());
        header.extend(fields.iter().map(|f| format!("{lang}:{}", f.as_str())));
    }

    let mut out = ::csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(::csv::Terminator::Any(b'\n'))
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    let csv_err = |e: ::csv::Error| Error::invalid(Format::Csv, format!("cannot write CSV: {e}"), "");
    out.write_record(&header).map_err(csv_err)?;
    for c in concepts {
        let list = |what: &str, items: &[String]| -> Result<String> {
            if let Some(bad) = items.iter().find(|i| i.contains('|')) {
                return Err(invalid(&c.id, format!("the {what} {bad:?} contains `|`")));
            }
            Ok(items.iter().filter(|i| !i.trim().is_empty()).cloned().collect::<Vec<_>>().join("|"))
        };
        let mut record = vec![
            c.id.clone(),
            list("domain", &c.domains)?,
            list("kind", &c.kinds)?,
            c.definition.clone().unwrap_or_default(),
            c.cultural_note.clone().unwrap_or_default(),
            list("note", &c.notes)?,
            c.source.clone().unwrap_or_default(),
            list("related id", &c.related)?,
        ];
        for (lang, fields) in &langs {
            let terms: Vec<&Term> = c.terms_in(lang).collect();
            let texts: Vec<String> = terms.iter().map(|t| t.text.clone()).collect();
            record.push(list("term", &texts)?);
            for f in fields {
                let values: Vec<String> = terms.iter().map(|t| f.get(t).unwrap_or_default()).collect();
                if values.len() > 1 {
                    if let Some(bad) = values.iter().find(|v| v.contains('|')) {
                        return Err(invalid(&c.id, format!("the {lang}:{} value {bad:?} contains `|`", f.as_str())));
                    }
                }
                let cell = if values.iter().all(String::is_empty) { String::new() } else { values.join("|") };
                record.push(cell);
            }
        }
        out.write_record(&record).map_err(csv_err)?;
    }
    let bytes = out.into_inner().map_err(|e| Error::invalid(Format::Csv, format!("cannot write CSV: {e}"), ""))?;
    String::from_utf8(bytes).map_err(|e| Error::invalid(Format::Csv, format!("cannot write CSV: {e}"), ""))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// One line per concept: `id: lang=text(S) … [d:domains] [k:kinds] [n:notes]`,
    /// then `warnings=N`; or `error CODE at LOCATION`.
    fn render(input: &[u8], options: &CsvOptions) -> String {
        let source: SourceName = Some("t.csv".into());
        match read_csv(input, &source, options) {
            Err(e) => format!("error {} at {}", e.code(), e.location().map(ToString::to_string).unwrap_or_default()),
            Ok(imported) => {
                let mut out: Vec<String> = imported
                    .concepts
                    .iter()
                    .map(|c| {
                        let mut s = format!("{}:", c.id);
                        for t in &c.terms {
                            let st = match t.status {
                                Status::Preferred => 'P',
                                Status::Admitted => 'A',
                                Status::Deprecated => 'D',
                                Status::Forbidden => 'F',
                            };
                            s.push_str(&format!(" {}={}({st})", t.lang, t.text));
                        }
                        for (tag, list) in [("d", &c.domains), ("k", &c.kinds), ("r", &c.related), ("n", &c.notes)] {
                            if !list.is_empty() {
                                s.push_str(&format!(" [{tag}:{}]", list.join(",")));
                            }
                        }
                        s
                    })
                    .collect();
                if !imported.warnings.is_empty() {
                    out.push(format!("warnings={}", imported.warnings.len()));
                }
                out.join(" ; ")
            }
        }
    }

    fn opts() -> CsvOptions {
        CsvOptions::default()
    }

    macro_rules! cases {
        ($($name:ident: $input:expr, $options:expr => $want:expr;)*) => {
            $(
                #[test]
                fn $name() {
                    let input: &[u8] = $input.as_ref();
                    assert_eq!(render(input, &$options), $want);
                }
            )*
        };
    }

    cases! {
        header_one_term_each: "id,en,fr\nx,cat,chat\n", opts() => "x: en=cat(P) fr=chat(P)";
        several_terms_first_preferred: "en,fr\ncat,chat|matou\n", opts() => "csv-2: en=cat(P) fr=chat(P) fr=matou(A)";
        status_per_term: "en,en:status\na|b,admitted|preferred\n", opts() => "csv-2: en=a(A) en=b(P)";
        status_for_all_terms: "en,en:status\na|b,deprecated\n", opts() => "csv-2: en=a(D) en=b(D)";
        status_partly_given: "en,en:status\na|b|c,|forbidden|\n", opts() => "csv-2: en=a(P) en=b(F) en=c(A)";
        status_tbx_picklist: "en,en:status\na,supersededTerm-admn-sts\n", opts() => "csv-2: en=a(D)";
        status_count_mismatch_kept: "en,en:status\na|b,x|y|z\n", opts() => "csv-2: en=a(P) en=b(A) [n:en:status: x|y|z] ; warnings=1";
        status_unknown_kept: "en,en:status\na,maybe\n", opts() => "csv-2: en=a(P) [n:en:status: maybe] ; warnings=1";
        field_before_its_term_column: "fr:status,fr\nadmitted,chat\n", opts() => "csv-2: fr=chat(A)";
        field_without_term_column: "en,fr:status\na,preferred\n", opts() => "csv-2: en=a(P) [n:fr:status: preferred] ; warnings=1";
        field_without_term_in_row: "en,fr,fr:usage\na,,formal\n", opts() => "csv-2: en=a(P) [n:fr:usage: formal] ; warnings=1";
        semicolon_sniffed: "en;fr\na;b, c\n", opts() => "csv-2: en=a(P) fr=b, c(P)";
        tab_sniffed: "en\tfr\na, b\tc\n", opts() => "csv-2: en=a, b(P) fr=c(P)";
        explicit_delimiter: "en;fr\na,b;c\n", opts().with_delimiter(b';') => "csv-2: en=a,b(P) fr=c(P)";
        crlf_blank_lines_no_final_newline: "en,fr\r\n\r\n  \r\na,b\r\n\r\nc,d", opts() => "csv-4: en=a(P) fr=b(P) ; csv-6: en=c(P) fr=d(P)";
        lone_cr_line_ends: "en,fr\ra,b\rc,d\r", opts() => "csv-2: en=a(P) fr=b(P) ; csv-3: en=c(P) fr=d(P)";
        utf8_bom: "\u{feff}en,fr\na,b\n", opts() => "csv-2: en=a(P) fr=b(P)";
        trims_unquoted_and_quoted: "en , fr\n  a  ,  \"  b  \"  \n", opts() => "csv-2: en=a(P) fr=b(P)";
        quoted_delimiters_quotes_newlines: "en,fr\n\"a, b\",\"say \"\"hi\"\"\nthere\"\nc,d\n", opts() => "csv-2: en=a, b(P) fr=say \"hi\"\nthere(P) ; csv-4: en=c(P) fr=d(P)";
        quote_inside_unquoted_kept: "en,fr\n5\" screen,b\n", opts() => "csv-2: en=5\" screen(P) fr=b(P)";
        canonical_tags: "PT_br,zh-hans\na,b\n", opts() => "csv-2: pt-BR=a(P) zh-Hans=b(P)";
        nfc_terms: "en\ne\u{301}t\u{e9}\n", opts() => "csv-2: en=\u{e9}t\u{e9}(P)";
        unknown_column_kept_as_note: "en,fr,Remark\na,b,hello\n", opts() => "csv-2: en=a(P) fr=b(P) [n:Remark: hello] ; warnings=1";
        extra_cells_kept_as_notes: "en,fr\na,b,c\nd,e,f\n", opts() => "csv-2: en=a(P) fr=b(P) [n:column 3: c] ; csv-3: en=d(P) fr=e(P) [n:column 3: f] ; warnings=1";
        concept_columns: "ID,Domain,kinds,definition,Cultural Note,note,source,related,en\nx,film|tv,idiom,Def,CN,n1|n2,Src,y|z,a\n", opts() => "x: en=a(P) [d:film,tv] [k:idiom] [r:y,z] [n:n1,n2]";
        second_definition_kept: "en,definition,definition\na,one,two\n", opts() => "csv-2: en=a(P) [n:definition: two] ; warnings=1";
        row_without_terms_skipped: "id,en\nx,\ny,b\n", opts() => "y: en=b(P) ; warnings=1";
        headerless_needs_languages: "kde,csv kde\n", opts() => "error csv.invalid at t.csv:1";
        headerless_with_languages: "kde,csv kde,a comment\n", opts().with_languages("en", "FR") => "csv-1: en=kde(P) fr=csv kde(P) [n:a comment]";
        header_forced_off: "en,fr\na,b\n", opts().with_languages("de", "it").with_header(false) => "csv-1: de=en(P) it=fr(P) ; csv-2: de=a(P) it=b(P)";
        header_majority_rule: "en,fr,Comment #1\na,b,c\n", opts() => "csv-2: en=a(P) fr=b(P) [n:Comment #1: c] ; warnings=1";
        header_single_word_unknown: "en,Remark\na,b\n", opts() => "csv-2: en=a(P) [n:Remark: b] ; warnings=1";
        header_needs_majority_with_languages: "en,Remark\na,b\n", opts().with_languages("de", "fr") => "csv-1: de=en(P) fr=Remark(P) ; csv-2: de=a(P) fr=b(P)";
        data_row_with_a_tag_like_cell: "kde,csv kde\n", opts().with_languages("en", "fr") => "csv-1: en=kde(P) fr=csv kde(P)";
        explicit_mapping: "x,Hund,ignored\n", opts().with_mapping(vec![Column::Id, Column::Terms("de".into()), Column::Ignore]) => "x: de=Hund(P)";
        explicit_mapping_skips_header: "key,word\nx,Hund\n", opts().with_mapping(vec![Column::Id, Column::Terms("de".into())]).with_header(true) => "x: de=Hund(P)";
        no_term_separator: "en\na|b\n", opts().with_term_separator("") => "csv-2: en=a|b(P)";
        other_term_separator: "en\na;b\n", opts().with_delimiter(b',').with_term_separator(";") => "csv-2: en=a(P) en=b(A)";
        empty_input: "", opts() => "";
        header_without_languages: "id,definition\n", opts() => "";
        only_blank_lines: "\n \r\n\n", opts() => "";
        unclosed_quote: "en,fr\na,\"b\nc,d\n", opts() => "error csv.syntax at t.csv:2:3";
        text_after_closing_quote: "en,fr\n\"a\"x,b\n", opts() => "error csv.syntax at t.csv:2:4";
        bad_language_header: "en,zz-!!\na,b\n", opts() => "error lang.invalid at t.csv:1:4";
        bad_language_in_field_header: "en,fr,e1x:status\n", opts() => "error lang.invalid at t.csv:1:7";
        bad_language_option: "a,b\n", opts().with_languages("en", "??") => "error lang.invalid at t.csv";
        invalid_utf8: b"en,fr\na,caf\xE9\n", opts() => "error csv.encoding at t.csv:2:6";
        bad_delimiter_option: "en\n", opts().with_delimiter(b'"') => "error query.invalid at ";
    }

    #[test]
    fn term_fields_are_set() {
        let csv =
            "en,en:register,en:pos,en:gender,en:usage,en:literal,en:context,en:term_type,en:dnt,en:case_sensitive\n\
                   May|may,formal|,noun,feminine,Name.|,a|b,\"She said, \"\"May\"\"\",fullForm,yes|no,true\n";
        let imported = read_csv(csv.as_bytes(), &None, &CsvOptions::default()).unwrap();
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        let terms = &imported.concepts[0].terms;
        assert_eq!(terms[0].register, Some(Register::Formal));
        assert_eq!(terms[1].register, None);
        assert_eq!(terms[1].part_of_speech.as_deref(), Some("noun"));
        assert_eq!(terms[0].gender.as_deref(), Some("feminine"));
        assert_eq!(terms[0].usage.as_deref(), Some("Name."));
        assert_eq!(terms[1].usage, None);
        assert_eq!((terms[0].literal.as_deref(), terms[1].literal.as_deref()), (Some("a"), Some("b")));
        assert_eq!(terms[0].context.as_deref(), Some("She said, \"May\""));
        assert_eq!(terms[1].term_type.as_deref(), Some("fullForm"));
        assert_eq!((terms[0].do_not_translate, terms[1].do_not_translate), (true, false));
        assert!(terms[0].case_sensitive && terms[1].case_sensitive);
    }

    #[test]
    fn warnings_name_line_and_column() {
        let imported = read_csv(b"en,Remark\na,b\n", &Some("g.csv".into()), &CsvOptions::default()).unwrap();
        assert_eq!(imported.warnings.len(), 1);
        let w = imported.warnings[0].to_string();
        assert!(w.starts_with("g.csv:1:4: warning: unknown column `Remark`"), "{w}");
        let imported = read_csv(b"en,en:status\na|b,x|y|z\n", &None, &CsvOptions::default()).unwrap();
        assert!(imported.warnings[0]
            .to_string()
            .starts_with("<input>:2:5: warning: `en:status`: 3 values for 2 terms"));
    }

    #[test]
    fn limits() {
        let long = format!("en\n{}\n", "a".repeat(MAX_FIELD_LEN + 1));
        assert_eq!(render(long.as_bytes(), &opts()), "error limit.exceeded at t.csv:2:1");
        let long_quoted = format!("en,fr\nb,\"{}\"\"\"\n", "a".repeat(MAX_FIELD_LEN));
        assert_eq!(render(long_quoted.as_bytes(), &opts()), "error limit.exceeded at t.csv:2:3");
        let fits = format!("en\n{}\n", "a".repeat(MAX_FIELD_LEN));
        assert_eq!(read_csv(fits.as_bytes(), &None, &opts()).unwrap().concepts.len(), 1);
        let wide = format!("en{}\n", ",x".repeat(MAX_COLUMNS));
        assert_eq!(
            render(wide.as_bytes(), &opts()),
            format!("error limit.exceeded at t.csv:1:{}", 2 * MAX_COLUMNS + 2)
        );
        let widest = format!("en{}\n", ",x".repeat(MAX_COLUMNS - 1));
        // 1023 unknown columns: the warnings stop at the cap, plus one saying how many were left out.
        assert_eq!(read_csv(widest.as_bytes(), &None, &opts()).unwrap().warnings.len(), MAX_WARNINGS + 1);
    }

    #[test]
    fn writes_header_and_quotes() {
        let c = Concept {
            id: "x".into(),
            domains: vec!["film".into(), "tv".into()],
            definition: Some("a, \"b\"".into()),
            terms: vec![
                Term { text: "a".into(), lang: "fr".into(), status: Status::Preferred, ..Term::default() },
                Term { text: "b".into(), lang: "fr".into(), usage: Some("u".into()), ..Term::default() },
                Term { text: "c".into(), lang: "en".into(), status: Status::Preferred, ..Term::default() },
            ],
            ..Concept::default()
        };
        let out = write_csv(std::slice::from_ref(&c), b',').unwrap();
        assert_eq!(
            out,
            "id,domains,kinds,definition,cultural_note,notes,source,related,en,en:status,fr,fr:status,fr:usage\n\
             x,film|tv,,\"a, \"\"b\"\"\",,,,,c,preferred,a|b,preferred|admitted,|u\n"
        );
        let tsv = write_csv(std::slice::from_ref(&c), b'\t').unwrap();
        assert!(tsv.starts_with("id\tdomains\t"), "{tsv}");
        let mut bad = c.clone();
        bad.domains.push("a|b".into());
        assert_eq!(write_csv(&[bad], b',').unwrap_err().code(), "csv.invalid");
        let mut indonesian = c;
        indonesian.terms[0].lang = "id".into();
        assert_eq!(write_csv(&[indonesian], b',').unwrap_err().code(), "csv.invalid");
        assert_eq!(write_csv(&[], b'\n').unwrap_err().code(), "query.invalid");
    }

    #[test]
    fn delimiter_detection() {
        let name = |n: &str| -> SourceName { Some(n.into()) };
        for (text, source, want) in [
            ("a,b", name("g.tsv"), b'\t'),
            ("a,b", name("G.TAB"), b'\t'),
            ("a,b;c", name("g.txt"), b','),
            ("a;b;c,d", name("g.csv"), b';'),
            ("\"a;b;c\",d", None, b','),
            ("\n\na b\tc,d,e", None, b'\t'),
            ("", None, b','),
        ] {
            assert_eq!(detect_delimiter(text, &source) as char, want as char, "{text:?}");
        }
    }

    #[test]
    fn column_names() {
        for (header, want) in [
            ("id", Some(Column::Id)),
            ("Cultural-Note", Some(Column::CulturalNote)),
            ("comments", Some(Column::Notes)),
            ("en:POS", Some(Column::TermField("en".into(), TermField::PartOfSpeech))),
            ("ja:part of speech", Some(Column::TermField("ja".into(), TermField::PartOfSpeech))),
            ("en:colour", None),
            ("English", None),
            ("source 1", None),
            ("", None),
        ] {
            assert_eq!(Column::parse(header).unwrap(), want, "{header}");
        }
        for f in TermField::ALL {
            assert_eq!(TermField::parse(f.as_str()), Some(f));
        }
    }
}
