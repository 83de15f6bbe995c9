//! TBX (TermBase eXchange, ISO 30042): reading every common dialect, writing TBX v3.
//!
//! [`read_tbx`] reads:
//!
//! - TBX v2 (`<martif>`): `termEntry` / `langSet` / `tig`, or `ntig` + `termGrp`;
//! - TBX v3 (`<tbx xmlns="urn:iso:std:iso:30042:ed-2">`), DCA style
//!   (`conceptEntry` / `langSec` / `termSec` with `<descrip type="…">`) and DCT
//!   style (data categories as namespaced elements, `<basic:partOfSpeech>`);
//! - the pre-standard TBX-Min draft (`<TBX dialect="TBX-Min">`, `entry` /
//!   `langGroup` / `termGroup`).
//!
//! The reader is lenient about structure but never silent: anything the model
//! cannot hold (transactions, back matter, unknown data categories), and every
//! breach of the TBX core structure or of the TBX-Min dialect it notices, becomes
//! a [`Warning`] with its line and column. The header is summarized in one
//! warning. XML safety (entities, DTDs, limits, encodings) is [`super::xml`]'s.
//!
//! Whitespace: in element text, a run of whitespace holding a line break or tab
//! is layout and becomes one space; ends are trimmed. Characters written as
//! references (`&#10;`) are kept, which is how [`write_tbx`] preserves them.
//!
//! [`write_tbx`] writes TBX v3 TBX-Basic in DCA style.

use std::collections::HashSet;
use std::fmt::Write as _;

use unicode_normalization::UnicodeNormalization;

use crate::error::{Error, Format, Result, Warning};
use crate::lang::Lang;
use crate::model::{Concept, Register, Status, Term};
use crate::sources::xml::{self, Document, Element};
use crate::sources::{Imported, SourceName};

/// The TBX v3 namespace (ISO 30042:2019).
pub const TBX_V3_NAMESPACE: &str = "urn:iso:std:iso:30042:ed-2";

/// Data categories allowed by TBX-Min (v3 names, and the 2014 draft's `termStatus` / `customer`).
const MIN_ALLOWED: &[&str] = &[
    "subjectField",
    "note",
    "partOfSpeech",
    "usageStatus",
    "administrativeStatus",
    "termStatus",
    "customerSubset",
    "customer",
];

/// Header elements whose content is elements only: text in them must be in `<p>`.
const HEADER_ELEMENT_ONLY: &[&str] = &[
    "martifHeader",
    "tbxHeader",
    "fileDesc",
    "sourceDesc",
    "encodingDesc",
    "revisionDesc",
    "publicationStmt",
    "titleStmt",
];

/// Most warnings one import returns; beyond it they are counted in one last warning.
pub const MAX_WARNINGS: usize = 10_000;

/// Longest value quoted in a warning.
const QUOTE_LEN: usize = 80;

/// Which TBX family the root element announced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dialect {
    /// TBX v2, `<martif>`.
    V2,
    /// ISO 30042:2019, `<tbx>`.
    V3,
    /// The TBX-Min draft, `<TBX dialect="TBX-Min">`.
    Min2014,
}

/// Where a data category stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Concept,
    Lang,
    Term,
}

/// Reads a TBX document (v2, v3 DCA or DCT, or the TBX-Min draft).
///
/// # Errors
/// - `tbx.encoding`, `tbx.syntax`, `xml.entity`, `limit.exceeded` from the XML layer;
/// - `tbx.invalid` when the root is not `<martif>`, `<tbx>` or `<TBX>`, when a
///   `<tbx>` root has another namespace than [`TBX_V3_NAMESPACE`], or when a
///   language section has no `xml:lang`;
/// - `lang.invalid` for an `xml:lang` that is not BCP 47.
///
/// Every error carries the line and column.
pub fn read_tbx(bytes: &[u8], source: &SourceName) -> Result<Imported> {
    read_tbx_with(bytes, source, &xml::XmlLimits::default())
}

/// [`read_tbx`] with other limits on the input size and number of elements,
/// for a termbase larger than the defaults allow (`docs/limits.md`).
///
/// # Errors
/// As [`read_tbx`].
pub fn read_tbx_with(bytes: &[u8], source: &SourceName, limits: &xml::XmlLimits) -> Result<Imported> {
    let doc = xml::parse_with(bytes, Format::Tbx, source, limits)?;
    let root = &doc.root;
    let mut reader = TbxReader::new(&doc);
    for (pos, what) in &doc.ignored {
        reader.warn_at(*pos, format!("{what}: ignored"));
    }
    let dialect = match root.local_name() {
        "martif" => Dialect::V2,
        "tbx" => {
            let ns_attr = root.prefix().map_or_else(|| "xmlns".to_string(), |p| format!("xmlns:{p}"));
            match root.attr(&ns_attr) {
                Some(TBX_V3_NAMESPACE) => {}
                Some(other) => {
                    return Err(Error::invalid(
                        Format::Tbx,
                        format!("<tbx> has the unknown namespace {other:?}, so it is not TBX v3"),
                        format!("TBX v3 (ISO 30042:2019) uses xmlns=\"{TBX_V3_NAMESPACE}\""),
                    )
                    .at(doc.location(root.pos)))
                }
                None => reader.warn(
                    root,
                    format!("<tbx> has no namespace; read as TBX v3 ({TBX_V3_NAMESPACE})"),
                ),
            }
            Dialect::V3
        }
        "TBX" => {
            if root.attr("dialect") != Some("TBX-Min") {
                reader.warn(root, "<TBX> without dialect=\"TBX-Min\": read as the TBX-Min draft".to_string());
            }
            Dialect::Min2014
        }
        other => {
            return Err(Error::invalid(
                Format::Tbx,
                format!("not a TBX document: the root element is <{other}>"),
                "a TBX file's root element is <martif> (TBX v2), <tbx> (TBX v3) or <TBX> (TBX-Min)",
            )
            .at(doc.location(root.pos)))
        }
    };
    reader.min = dialect == Dialect::Min2014 || root.attr("type") == Some("TBX-Min");
    if root.has_own_text() {
        reader.warn(root, format!("text directly in <{}> is not imported", root.name));
    }
    for child in root.elements() {
        match (dialect, child.local_name()) {
            (_, "martifHeader" | "tbxHeader" | "header") => reader.header(child),
            (Dialect::V2 | Dialect::V3, "text") => reader.text(child)?,
            (Dialect::Min2014, "body") => reader.body(child)?,
            _ => reader.warn(child, format!("<{}> in <{}> is not imported", child.name, root.name)),
        }
    }
    if let Some((pos, len)) = reader.term_too_long {
        let max = crate::compile::MAX_TERM_LEN;
        return Err(Error::limit(format!("term length in bytes ({len})"), max as u64).at(doc.location(pos)));
    }
    Ok(reader.finish())
}

struct TbxReader<'d> {
    doc: &'d Document,
    min: bool,
    concepts: Vec<Concept>,
    warnings: Vec<Warning>,
    /// Related-concept candidates named by value: (concept index, value, note if not an id).
    pending_related: Vec<(usize, String, String)>,
    entries: usize,
    /// Warnings beyond [`MAX_WARNINGS`], counted.
    suppressed: usize,
    /// Where the first suppressed warning was.
    first_suppressed: usize,
    /// The first `<term>` past [`crate::compile::MAX_TERM_LEN`]: position and length.
    term_too_long: Option<(usize, usize)>,
    /// Concept ids seen so far (a linear search made reading quadratic).
    ids: HashSet<String>,
}

/// Where a value was found, for labels in notes and warnings.
#[derive(Clone, Copy)]
struct At<'a> {
    level: Level,
    lang: Option<&'a str>,
    term: Option<usize>,
}

impl<'d> TbxReader<'d> {
    fn new(doc: &'d Document) -> Self {
        TbxReader {
            doc,
            min: false,
            concepts: Vec::new(),
            warnings: Vec::new(),
            pending_related: Vec::new(),
            entries: 0,
            suppressed: 0,
            first_suppressed: 0,
            term_too_long: None,
            ids: HashSet::new(),
        }
    }

    fn warn_at(&mut self, pos: usize, message: String) {
        if self.warnings.len() >= MAX_WARNINGS {
            if self.suppressed == 0 {
                self.first_suppressed = pos;
            }
            self.suppressed += 1;
            return;
        }
        self.warnings.push(Warning { location: self.doc.location(pos), message });
    }

    fn warn(&mut self, el: &Element, message: String) {
        self.warn_at(el.pos, message);
    }

    fn finish(mut self) -> Imported {
        let ids: HashSet<String> = self.concepts.iter().map(|c| c.id.clone()).collect();
        for (index, value, note) in std::mem::take(&mut self.pending_related) {
            if let Some(concept) = self.concepts.get_mut(index) {
                if ids.contains(&value) {
                    if !concept.related.contains(&value) {
                        concept.related.push(value);
                    }
                } else {
                    concept.notes.push(note);
                }
            }
        }
        if self.suppressed > 0 {
            self.warnings.push(Warning {
                location: self.doc.location(self.first_suppressed),
                message: format!(
                    "{} more warnings from here on are not listed (at most {MAX_WARNINGS} are)",
                    self.suppressed
                ),
            });
        }
        Imported { concepts: self.concepts, warnings: self.warnings, locations: Vec::new() }
    }

    /// Summarizes the header in one warning, plus one per text outside `<p>`.
    fn header(&mut self, el: &Element) {
        self.warn(el, format!("<{}> is not imported: {}", el.name, quote(&el.text())));
        self.header_text_check(el);
    }

    fn header_text_check(&mut self, el: &Element) {
        if HEADER_ELEMENT_ONLY.contains(&el.local_name()) && el.has_own_text() {
            self.warn(el, format!("text directly in <{}> must be wrapped in <p>", el.name));
        }
        for child in el.elements() {
            self.header_text_check(child);
        }
    }

    fn text(&mut self, el: &Element) -> Result<()> {
        if el.has_own_text() {
            self.warn(el, "text directly in <text> is not imported".to_string());
        }
        for child in el.elements() {
            match child.local_name() {
                "body" => self.body(child)?,
                "back" => {
                    let summary = quote(&child.text());
                    self.warn(child, format!("back matter <{}> is not imported: {summary}", child.name));
                }
                _ => self.warn(
                    child,
                    format!("<{}> is not allowed directly in <text>; skipped: {}", child.name, quote(&child.text())),
                ),
            }
        }
        Ok(())
    }

    fn body(&mut self, el: &Element) -> Result<()> {
        if el.has_own_text() {
            self.warn(el, format!("text directly in <{}> is not imported", el.name));
        }
        for child in el.elements() {
            match child.local_name() {
                "termEntry" | "conceptEntry" | "entry" => self.entry(child)?,
                _ => self.warn(child, format!("<{}> in <{}> is not imported", child.name, el.name)),
            }
        }
        Ok(())
    }

    fn entry(&mut self, el: &Element) -> Result<()> {
        self.entries += 1;
        let id = match el.attr("id").map(str::trim).filter(|s| !s.is_empty()) {
            Some(id) => id.to_string(),
            None => {
                let id = format!("tbx-{}", self.entries);
                self.warn(el, format!("<{}> has no id; it was given the id {id:?}", el.name));
                id
            }
        };
        if !self.ids.insert(id.clone()) {
            self.warn(el, format!("duplicate concept id {id:?}"));
        }
        let index = self.concepts.len();
        let mut concept = Concept { id, ..Concept::default() };
        if el.has_own_text() {
            self.warn(el, format!("text directly in <{}> is not imported", el.name));
        }
        let at = At { level: Level::Concept, lang: None, term: None };
        for child in el.elements() {
            match child.local_name() {
                "langSet" | "langSec" | "langGroup" => self.lang_section(child, &mut concept, index)?,
                _ => self.item(child, &mut concept, index, at),
            }
        }
        if concept.terms.is_empty() {
            self.warn(el, format!("concept {:?} has no terms; skipped", concept.id));
            self.pending_related.retain(|(i, _, _)| *i != index);
            return Ok(());
        }
        self.concepts.push(concept);
        Ok(())
    }

    fn lang_section(&mut self, el: &Element, concept: &mut Concept, index: usize) -> Result<()> {
        let Some(tag) = el.attr("xml:lang").or_else(|| el.attr("lang")) else {
            return Err(Error::invalid(
                Format::Tbx,
                format!("<{}> has no xml:lang", el.name),
                "name its language with an xml:lang attribute, e.g. xml:lang=\"en\"",
            )
            .at(self.doc.location(el.pos)));
        };
        let lang = Lang::parse(tag).map_err(|e| e.at(self.doc.location(el.pos)))?;
        let lang = lang.as_str().to_string();
        if el.has_own_text() {
            self.warn(el, format!("text directly in <{}> is not imported", el.name));
        }
        let at = At { level: Level::Lang, lang: Some(&lang), term: None };
        for child in el.elements() {
            match child.local_name() {
                "tig" | "termSec" | "termGroup" => self.term_section(child, concept, index, &lang),
                "ntig" => self.ntig(child, concept, index, &lang),
                _ => self.item(child, concept, index, at),
            }
        }
        Ok(())
    }

    /// TBX v2 `ntig`: a `termGrp` (term and term notes), then term-level information.
    fn ntig(&mut self, el: &Element, concept: &mut Concept, index: usize, lang: &str) {
        let Some(group) = el.child("termGrp") else {
            self.warn(el, "<ntig> has no <termGrp>; skipped".to_string());
            return;
        };
        let before = concept.terms.len();
        self.term_section(group, concept, index, lang);
        let Some(term) = concept.terms.len().checked_sub(1).filter(|&t| t >= before) else { return };
        let at = At { level: Level::Term, lang: Some(lang), term: Some(term) };
        for child in el.elements() {
            if std::ptr::eq(child, group) {
                continue;
            }
            if child.local_name() == "termGrp" {
                self.warn(child, "only one <termGrp> per <ntig>; skipped".to_string());
                continue;
            }
            self.item(child, concept, index, at);
        }
    }

    /// `tig`, `termSec`, `termGroup` (TBX-Min draft) or `termGrp`: one term and its data.
    fn term_section(&mut self, el: &Element, concept: &mut Concept, index: usize, lang: &str) {
        let Some(first) = el.elements().find(|c| c.local_name() == "term") else {
            self.warn(el, format!("<{}> has no <term>; skipped", el.name));
            return;
        };
        if el.has_own_text() {
            self.warn(el, format!("text directly in <{}> is not imported", el.name));
        }
        let Some(mut current) = self.new_term(first, concept, lang) else { return };
        let mut seen_term = false;
        let mut warned_order = false;
        for child in el.elements() {
            if child.local_name() == "term" {
                if std::ptr::eq(child, first) {
                    seen_term = true;
                    continue;
                }
                self.warn(
                    child,
                    format!(
                        "only one <term> is allowed per <{}>: {} imported as another term",
                        el.name,
                        quote(&child.text())
                    ),
                );
                if let Some(t) = self.new_term(child, concept, lang) {
                    current = t;
                }
                continue;
            }
            if !seen_term && !warned_order {
                warned_order = true;
                self.warn(
                    child,
                    format!("<term> must come first in <{}>; <{}> before it is read as data of that term", el.name, child.name),
                );
            }
            let at = At { level: Level::Term, lang: Some(lang), term: Some(current) };
            self.item(child, concept, index, at);
        }
    }

    fn new_term(&mut self, el: &Element, concept: &mut Concept, lang: &str) -> Option<usize> {
        if el.elements().next().is_some() {
            self.warn(el, "markup inside <term> is dropped; its text is kept".to_string());
        }
        let text: String = el.text().nfc().collect();
        if text.len() > crate::compile::MAX_TERM_LEN {
            self.term_too_long.get_or_insert((el.pos, text.len()));
        }
        if text.trim().is_empty() {
            self.warn(el, "empty <term> skipped".to_string());
            return None;
        }
        concept.terms.push(Term { text, lang: lang.to_string(), ..Term::default() });
        Some(concept.terms.len() - 1)
    }

    /// One child of an entry, a language section or a term section.
    fn item(&mut self, el: &Element, concept: &mut Concept, index: usize, at: At<'_>) {
        let name = el.local_name();
        if el.prefix().is_some_and(|p| p != "xml") {
            // DCT style: the element name is the data category.
            self.datcat(name, el, concept, index, at, None);
            return;
        }
        match name {
            "descrip" | "admin" | "termNote" => match el.attr("type") {
                Some(kind) => self.datcat(kind, el, concept, index, at, None),
                None => self.warn(el, format!("<{}> has no type attribute; skipped: {}", el.name, quote(&el.text()))),
            },
            "note" | "ref" | "xref" => self.datcat(name, el, concept, index, at, None),
            "descripGrp" | "adminGrp" | "termNoteGrp" => self.group(el, concept, index, at),
            "transacGrp" => {
                let summary = quote(&el.text());
                self.warn(el, format!("transaction not imported: {summary}"));
            }
            "term" => self.warn(el, format!("<term> outside a term section skipped: {}", quote(&el.text()))),
            _ if is_element_datcat(name) => self.datcat(name, el, concept, index, at, None),
            _ => self.warn(el, format!("<{}> is not imported: {}", el.name, quote(&el.text()))),
        }
    }

    /// `descripGrp`, `adminGrp`, `termNoteGrp`: one main data category plus
    /// information about it (its source, a note).
    fn group(&mut self, el: &Element, concept: &mut Concept, index: usize, at: At<'_>) {
        let main_tag = match el.local_name() {
            "descripGrp" => "descrip",
            "adminGrp" => "admin",
            _ => "termNote",
        };
        let mut main: Option<(&Element, String)> = None;
        for child in el.elements() {
            let dct = child.prefix().is_some_and(|p| p != "xml");
            if child.local_name() == main_tag || (dct && main.is_none()) {
                if let Some((first, _)) = main {
                    if !std::ptr::eq(first, child) {
                        self.warn(
                            child,
                            format!(
                                "only one <{main_tag}> is allowed per <{}>; this one is read as if outside the group",
                                el.name
                            ),
                        );
                        self.item(child, concept, index, at);
                        continue;
                    }
                }
                let kind = if dct { child.local_name().to_string() } else { child.attr("type").unwrap_or("").to_string() };
                main = Some((child, kind));
                self.item(child, concept, index, at);
                continue;
            }
            let about = main.as_ref().map(|(_, k)| k.clone());
            let kind = match child.local_name() {
                "admin" => child.attr("type").unwrap_or(""),
                other if child.prefix().is_some() => other,
                other => other,
            };
            match (about, kind) {
                (Some(about), "source" | "note" | "sourceIdentifier") => {
                    self.datcat(kind, child, concept, index, at, Some(&about));
                }
                _ => self.item(child, concept, index, at),
            }
        }
        if main.is_none() {
            self.warn(el, format!("<{}> has no <{main_tag}>", el.name));
        }
    }

    /// A label for notes: `definition (es)`, `context (es, “galactic cluster”)`.
    fn label(&self, kind: &str, concept: &Concept, at: At<'_>, about: Option<&str>) -> String {
        let mut label = match about {
            Some(about) => format!("{kind} of {about}"),
            None => kind.to_string(),
        };
        let term = at.term.and_then(|t| concept.terms.get(t)).map(|t| t.text.as_str());
        match (at.lang, term) {
            (Some(lang), Some(term)) => {
                let _ = write!(label, " ({lang}, {term:?})");
            }
            (Some(lang), None) => {
                let _ = write!(label, " ({lang})");
            }
            _ => {}
        }
        label
    }

    /// Applies one data category. `about` names the main data category when this
    /// one stands in a group (the source of a definition).
    fn datcat(&mut self, kind: &str, el: &Element, concept: &mut Concept, index: usize, at: At<'_>, about: Option<&str>) {
        let value = el.text();
        if self.min && !MIN_ALLOWED.contains(&kind) {
            self.warn(el, format!("data category {kind:?} (<{}>) is not allowed in TBX-Min", el.name));
        }
        if kind == "ref" || kind == "xref" {
            self.reference(kind, el, &value, concept, index, at);
            return;
        }
        if value.is_empty() {
            self.warn(el, format!("empty {kind:?} (<{}>) skipped", el.name));
            return;
        }
        let term = at.term.filter(|t| *t < concept.terms.len());
        let label = self.label(kind, concept, at, about);
        match (kind, term) {
            ("subjectField", _) => {
                if !concept.domains.contains(&value) {
                    concept.domains.push(value);
                }
            }
            ("definition", _) if about.is_none() => {
                if concept.definition.is_none() {
                    concept.definition = Some(value);
                } else {
                    concept.notes.push(format!("{label}: {value}"));
                }
            }
            ("note", None) if about.is_none() && at.level == Level::Concept => concept.notes.push(value),
            ("note" | "usageNote", Some(t)) if about.is_none() => {
                if let Some(term) = concept.terms.get_mut(t) {
                    match &mut term.usage {
                        Some(usage) => {
                            usage.push('\n');
                            usage.push_str(&value);
                        }
                        None => term.usage = Some(value),
                    }
                }
            }
            ("source", _) if about.is_none() && at.level == Level::Concept && concept.source.is_none() => {
                concept.source = Some(value);
            }
            ("source", _)
                if about == Some("definition") && at.level != Level::Term && concept.source.is_none() =>
            {
                concept.source = Some(value);
            }
            ("context", Some(t)) if about.is_none() => {
                if let Some(term) = concept.terms.get_mut(t) {
                    if term.context.is_none() {
                        term.context = Some(value);
                    } else {
                        concept.notes.push(format!("{label}: {value}"));
                    }
                }
            }
            ("partOfSpeech" | "grammaticalGender" | "termType", Some(t)) => {
                let value = if value == "otherGender" { "other".to_string() } else { value };
                if let Some(term) = concept.terms.get_mut(t) {
                    let slot = match kind {
                        "partOfSpeech" => &mut term.part_of_speech,
                        "grammaticalGender" => &mut term.gender,
                        _ => &mut term.term_type,
                    };
                    if slot.is_none() {
                        *slot = Some(value);
                    } else {
                        self.warn(el, format!("second {kind} of a term ignored: {}", quote(&value)));
                    }
                }
            }
            ("administrativeStatus" | "usageStatus" | "termStatus" | "normativeAuthorization", Some(t)) => {
                match Status::parse(&value) {
                    Some(status) => {
                        if let Some(term) = concept.terms.get_mut(t) {
                            term.status = status;
                        }
                    }
                    None => self.warn(
                        el,
                        format!("{kind} has the unknown value {}; the term keeps the status it had", quote(&value)),
                    ),
                }
            }
            ("register", Some(t)) => match Register::parse(&value) {
                Some(register) => {
                    if let Some(term) = concept.terms.get_mut(t) {
                        term.register = Some(register);
                    }
                }
                None => self.warn(el, format!("register has the unknown value {}; ignored", quote(&value))),
            },
            ("relatedConcept" | "relatedConceptBroader" | "relatedConceptNarrower" | "crossReference", _) => {
                match el.attr("target") {
                    Some(target) if is_id(target) => push_related(concept, target),
                    _ => self.pending_related.push((index, value.clone(), format!("{label}: {value}"))),
                }
            }
            (
                "source" | "note" | "context" | "definition" | "customerSubset" | "customer" | "projectSubset"
                | "productSubset" | "businessUnitSubset" | "sourceIdentifier" | "originatingPerson"
                | "originatingInstitution" | "geographicalUsage" | "usageNote" | "entrySource" | "explanation"
                | "example" | "environmentSubset" | "securitySubset" | "transferComment",
                _,
            ) => concept.notes.push(format!("{label}: {value}")),
            _ => self.warn(el, format!("data category {kind:?} (<{}>) is not imported: {}", el.name, quote(&value))),
        }
    }

    /// `ref` (to another entry of the file) and `xref` (to an external resource).
    fn reference(&mut self, kind: &str, el: &Element, value: &str, concept: &mut Concept, index: usize, at: At<'_>) {
        let target = el.attr("target").unwrap_or("").trim();
        let ty = el.attr("type").unwrap_or(kind);
        if kind == "ref" && is_id(target) {
            push_related(concept, target);
            return;
        }
        if target.is_empty() && value.is_empty() {
            self.warn(el, format!("empty <{}> skipped", el.name));
            return;
        }
        let label = self.label(ty, concept, at, None);
        let note = match (value.is_empty(), target.is_empty()) {
            (false, false) => format!("{label}: {value} <{target}>"),
            (true, _) => format!("{label}: <{target}>"),
            (false, true) => format!("{label}: {value}"),
        };
        if kind == "ref" {
            self.pending_related.push((index, value.to_string(), note));
        } else {
            concept.notes.push(note);
        }
    }
}

fn push_related(concept: &mut Concept, id: &str) {
    if !concept.related.iter().any(|r| r == id) {
        concept.related.push(id.to_string());
    }
}

/// Whether a string looks like a concept id (no spaces, not a URL).
fn is_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 256 && !s.contains(char::is_whitespace) && !s.contains("://")
}

/// Data categories written as elements of their own in the TBX-Min draft.
fn is_element_datcat(name: &str) -> bool {
    matches!(
        name,
        "subjectField" | "definition" | "partOfSpeech" | "termStatus" | "customer" | "context" | "source"
            | "usageStatus" | "administrativeStatus" | "grammaticalGender" | "termType" | "register"
    )
}

/// A value for a warning: quoted, shortened.
fn quote(s: &str) -> String {
    let s = s.trim();
    if s.chars().count() <= QUOTE_LEN {
        return format!("{s:?}");
    }
    let short: String = s.chars().take(QUOTE_LEN).collect();
    format!("{short:?}…")
}

/// Writes concepts as TBX v3 TBX-Basic, DCA style, that [`read_tbx`] reads back.
///
/// Written: id, domains (`subjectField`), definition, source (`admin
/// type="source"`), related ids (`ref type="crossReference"`), notes, and for
/// each term its text, language, status (`administrativeStatus`), part of
/// speech, gender, term type, register, context and usage note (a `note` on the
/// term). Terms are grouped by language in order of first appearance.
///
/// Not written, because TBX-Basic has no data category for them: the cultural
/// note, kinds, sensitivity, idiom data, literal glosses and the
/// do-not-translate and case-sensitive flags. Use crosscut's own format to keep them.
///
/// [`read_tbx`] gives back the same concepts, except that it skips (with a
/// warning) concepts without terms and empty values, merges duplicate domains,
/// and groups each concept's terms by language.
pub fn write_tbx(concepts: &[Concept]) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<tbx type=\"TBX-Basic\" style=\"dca\" xml:lang=\"en\" xmlns=\"{TBX_V3_NAMESPACE}\">");
    out.push_str("  <tbxHeader>\n    <fileDesc>\n      <sourceDesc>\n        <p>crosscut glossary</p>\n      </sourceDesc>\n    </fileDesc>\n  </tbxHeader>\n");
    out.push_str("  <text>\n    <body>\n");
    for c in concepts {
        let _ = writeln!(out, "      <conceptEntry id=\"{}\">", escape(&c.id));
        for d in &c.domains {
            let _ = writeln!(out, "        <descrip type=\"subjectField\">{}</descrip>", escape(d));
        }
        if let Some(def) = &c.definition {
            let _ = writeln!(out, "        <descrip type=\"definition\">{}</descrip>", escape(def));
        }
        if let Some(src) = &c.source {
            let _ = writeln!(out, "        <admin type=\"source\">{}</admin>", escape(src));
        }
        for r in &c.related {
            let _ = writeln!(out, "        <ref type=\"crossReference\" target=\"{0}\">{0}</ref>", escape(r));
        }
        for n in &c.notes {
            let _ = writeln!(out, "        <note>{}</note>", escape(n));
        }
        let mut langs: Vec<&str> = Vec::new();
        for t in &c.terms {
            if !langs.contains(&t.lang.as_str()) {
                langs.push(&t.lang);
            }
        }
        for lang in langs {
            let _ = writeln!(out, "        <langSec xml:lang=\"{}\">", escape(lang));
            for t in c.terms.iter().filter(|t| t.lang == lang) {
                write_term(&mut out, t);
            }
            out.push_str("        </langSec>\n");
        }
        out.push_str("      </conceptEntry>\n");
    }
    out.push_str("    </body>\n  </text>\n</tbx>\n");
    out
}

fn write_term(out: &mut String, t: &Term) {
    out.push_str("          <termSec>\n");
    let _ = writeln!(out, "            <term>{}</term>", escape(&t.text));
    let note = |out: &mut String, ty: &str, v: &str| {
        let _ = writeln!(out, "            <termNote type=\"{ty}\">{}</termNote>", escape(v));
    };
    if let Some(v) = &t.part_of_speech {
        note(out, "partOfSpeech", v);
    }
    if let Some(v) = &t.gender {
        note(out, "grammaticalGender", v);
    }
    if let Some(v) = &t.term_type {
        note(out, "termType", v);
    }
    let status = match t.status {
        Status::Preferred => "preferredTerm-admn-sts",
        Status::Admitted => "admittedTerm-admn-sts",
        Status::Deprecated => "deprecatedTerm-admn-sts",
        Status::Forbidden => "forbidden",
    };
    note(out, "administrativeStatus", status);
    if let Some(r) = t.register {
        note(out, "register", &format!("{}Register", r.as_str()));
    }
    if let Some(v) = &t.context {
        let _ = writeln!(out, "            <descrip type=\"context\">{}</descrip>", escape(v));
    }
    if let Some(v) = &t.usage {
        let _ = writeln!(out, "            <note>{}</note>", escape(v));
    }
    out.push_str("          </termSec>\n");
}

/// Escapes text for element content and attribute values. Line breaks and tabs,
/// and spaces at either end, are written as character references so that the
/// reader does not take them for layout.
fn escape(s: &str) -> String {
    xml::escape(s, xml::Escape { quotes: true, layout: true, edges: true })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::model::Register;

    fn v3(body: &str) -> String {
        format!(
            "<tbx type=\"TBX-Basic\" style=\"dca\" xmlns=\"{TBX_V3_NAMESPACE}\"><tbxHeader/>\n<text><body>\n{body}\n</body></text></tbx>"
        )
    }

    fn read(s: &str) -> Result<Imported> {
        read_tbx(s.as_bytes(), &Some("t.tbx".into()))
    }

    #[test]
    fn errors_name_code_and_line() {
        for (input, code, line) in [
            ("<html/>".to_string(), "tbx.invalid", 1),
            ("<tbx xmlns='urn:iso:std:iso:30042:ed-32'/>".to_string(), "tbx.invalid", 1),
            (v3("<conceptEntry id='a'>\n<langSec><termSec><term>x</term></termSec></langSec></conceptEntry>"), "tbx.invalid", 4),
            (v3("<conceptEntry id='a'>\n<langSec xml:lang='english!'/></conceptEntry>"), "lang.invalid", 4),
            (v3("<conceptEntry id='a'><langSec xml:lang='en'><termSec>\n<term>&nbsp;</term></termSec></langSec></conceptEntry>"), "xml.entity", 4),
            (v3("<conceptEntry id='a'>\n</langSec>"), "tbx.syntax", 4),
            ("<martif><text><body>".to_string(), "tbx.syntax", 1),
            (format!("{}<martif/>", "<x>".repeat(300)), "limit.exceeded", 1),
        ] {
            let e = read(&input).unwrap_err();
            assert_eq!(e.code(), code, "{input}: {e}");
            assert_eq!(e.location().map(|l| l.line), Some(line), "{input}: {e}");
        }
    }

    #[test]
    fn data_categories_map_to_the_model() {
        let imp = read(&v3(r#"<conceptEntry>
  <descrip type="subjectField">film</descrip>
  <descrip type="relatedConcept">k2</descrip>
  <langSec xml:lang="ZH_hant_tw"><termSec><term>哥哥</term>
    <termNote type="register">formalRegister</termNote>
    <termNote type="usageStatus">preferred</termNote>
    <termNote type="grammaticalGender">otherGender</termNote>
    <termNote type="usageStatus">sometimes</termNote>
    <termNote type="frequency">high</termNote>
  </termSec></langSec>
</conceptEntry>
<conceptEntry id="k2"><langSec xml:lang="en"><termSec><term>elder brother</term></termSec></langSec></conceptEntry>
<conceptEntry id="k3"><descrip type="subjectField">empty</descrip></conceptEntry>"#))
        .unwrap();
        assert_eq!(imp.concepts.len(), 2);
        let c = &imp.concepts[0];
        assert_eq!(c.id, "tbx-1");
        assert_eq!(c.domains, ["film"]);
        assert_eq!(c.related, ["k2"], "relatedConcept naming an id of the file");
        let t = &c.terms[0];
        assert_eq!((t.lang.as_str(), t.status, t.register), ("zh-Hant-TW", Status::Preferred, Some(Register::Formal)));
        assert_eq!(t.gender.as_deref(), Some("other"));
        let messages: Vec<&str> = imp.warnings.iter().map(|w| w.message.as_str()).collect();
        for needle in ["has no id", "unknown value \"sometimes\"", "\"frequency\"", "\"k3\" has no terms"] {
            assert!(messages.iter().any(|m| m.contains(needle)), "{needle}: {messages:#?}");
        }
    }

    #[test]
    fn namespaceless_tbx_root_is_read_with_a_warning() {
        let imp = read("<tbx><text><body><conceptEntry id='a'><langSec xml:lang='en'><termSec><term>x</term></termSec></langSec></conceptEntry></body></text></tbx>").unwrap();
        assert_eq!(imp.concepts.len(), 1);
        assert!(imp.warnings[0].message.contains("no namespace"));
    }

    #[test]
    fn writer_round_trips_every_representable_field() {
        let concepts = vec![
            Concept {
                id: "kinship.elder-brother".into(),
                domains: vec!["kinship".into(), "film & TV".into()],
                definition: Some("An older brother; <used> \"as\" an 'address'.".into()),
                related: vec!["kinship.elder-sister".into()],
                source: Some("Style guide, p. 4".into()),
                notes: vec!["line one\nline two".into(), "  padded\ttab  ".into()],
                terms: vec![
                    Term {
                        text: "hyung".into(),
                        lang: "ko-Latn".into(),
                        status: Status::Preferred,
                        part_of_speech: Some("noun".into()),
                        gender: Some("masculine".into()),
                        register: Some(Register::Informal),
                        usage: Some("male speakers only".into()),
                        term_type: Some("transliteration".into()),
                        context: Some("Hyung, wait!".into()),
                        ..Term::default()
                    },
                    Term { text: "elder brother".into(), lang: "en".into(), status: Status::Forbidden, ..Term::default() },
                    Term { text: "형".into(), lang: "ko".into(), status: Status::Deprecated, ..Term::default() },
                    Term { text: "big bro".into(), lang: "en".into(), register: Some(Register::Slang), ..Term::default() },
                ],
                ..Concept::default()
            },
            Concept {
                id: "kinship.elder-sister".into(),
                terms: vec![Term { text: "noona".into(), lang: "ko-Latn".into(), ..Term::default() }],
                ..Concept::default()
            },
        ];
        let written = write_tbx(&concepts);
        let back = read_tbx(written.as_bytes(), &None).unwrap();
        // Terms come back grouped by language, in order of first appearance.
        let order: Vec<&str> = back.concepts[0].terms.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(order, ["hyung", "elder brother", "big bro", "형"]);
        let mut sorted_want = concepts[0].terms.clone();
        sorted_want.sort_by(|a, b| a.text.cmp(&b.text));
        let mut sorted_back = back.concepts[0].terms.clone();
        sorted_back.sort_by(|a, b| a.text.cmp(&b.text));
        assert_eq!(sorted_back, sorted_want);
        let strip = |c: &Concept| Concept { terms: Vec::new(), ..c.clone() };
        assert_eq!(strip(&back.concepts[0]), strip(&concepts[0]));
        assert_eq!(back.concepts[1], concepts[1]);
        assert_eq!(back.warnings.len(), 1, "{:#?}", back.warnings);
    }

    #[test]
    fn warnings_are_bounded() {
        let entries = format!(
            "<conceptEntry id='a'><langSec xml:lang='en'><termSec><term>x</term>{}</termSec></langSec></conceptEntry>",
            "<foo/>".repeat(MAX_WARNINGS + 5)
        );
        let imp = read(&v3(&entries)).unwrap();
        assert_eq!(imp.warnings.len(), MAX_WARNINGS + 1);
        assert!(imp.warnings.last().unwrap().message.starts_with("6 more warnings"), "{:?}", imp.warnings.last());
    }

    #[test]
    fn escape_protects_layout_whitespace() {
        assert_eq!(escape(" a\nb "), "&#32;a&#10;b&#32;");
        assert_eq!(escape("a  b"), "a  b");
        assert_eq!(quote(&"x".repeat(200)).chars().count(), QUOTE_LEN + 3);
    }
}
