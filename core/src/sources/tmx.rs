//! TMX 1.4b (Translation Memory eXchange): reading and writing translation units.
//!
//! [`read_tmx`] reads TMX 1.1 to 1.4b: the header (`srclang`, including
//! `*all*`, with its props and notes), `tu` / `tuv` / `seg`, `prop` and `note`
//! at every level, creation and change dates and users. Inline markup (`bpt`,
//! `ept`, `it`, `ph`, `ut`, `hi` and `sub`) becomes structured [`Tag`]s; codes
//! that do not pair (an `ept` with no open `bpt`, two open `bpt` sharing an `i`,
//! a `bpt` never closed) are kept as written and reported, never re-paired.
//!
//! The source of a unit is the `tuv` in the unit's `srclang` (or the header's);
//! with `*all*`, or when no `tuv` is in that language, it is the first `tuv`.
//! Every other `tuv` is a target. Props of the types `x-context-prev`,
//! `x-context-next`, `x-context-id` (and OmegaT's `prev`, `next`, `id`) fill the
//! unit's [`Context`]; `x-origin-file`, `x-project` (OmegaT's `file`) its
//! [`Origin`]; `x-count` on a `tuv` its count.
//!
//! Whitespace inside `<seg>` is kept exactly as written (literal and
//! referenced alike); in notes and props, layout whitespace is collapsed as in
//! the TBX reader.
//!
//! XML safety (no DTD entity expansion, no external entities, limits, UTF-8 and
//! UTF-16 with or without a byte order mark, declared encodings) is
//! [`super::xml`]'s. Reading streams: [`read_tmx_from`] reads from any
//! `BufRead` with [`super::xml::XmlStream`] and hands out one unit per `<tu>`,
//! holding only that `<tu>` in memory, so a 1 GB file needs no more than a
//! `<tu>` (at most [`super::xml::MAX_SUBTREE_BYTES`]) besides what the caller
//! keeps. [`read_tmx`] is the same reader over a byte slice, collecting the units.
//!
//! [`write_tmx`] writes TMX 1.4b that [`read_tmx`] reads back to the same units.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::error::{Error, Format, Location, Result, Warning};
use crate::lang::Lang;
use crate::sources::xml::{self, Element, Node, StreamEvent, XmlStream};
use crate::sources::SourceName;
use crate::tm_model::{Code, Context, Origin, Prop, Segment, SegmentPiece, Tag, TagKind, Unit, Variant};

/// What a TM importer read: units, the file's header, and warnings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedUnits {
    /// The units, in source order.
    pub units: Vec<Unit>,
    /// The TMX header (empty for pairs).
    pub header: TmxHeader,
    /// Data the model cannot hold, repairs made and problems found, with locations.
    pub warnings: Vec<Warning>,
}

/// The parts of a TMX header crosscut keeps.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TmxHeader {
    /// `srclang`: a canonical tag, or `*all*`.
    pub srclang: Option<String>,
    /// `creationtool`.
    pub creation_tool: Option<String>,
    /// Header props.
    pub props: Vec<Prop>,
    /// Header notes.
    pub notes: Vec<String>,
}

/// The `srclang` value meaning "any variant may be the source".
pub const ALL_LANGUAGES: &str = "*all*";

const TU_ATTRS: &[&str] = &["tuid", "srclang", "creationdate", "creationid", "changedate", "changeid"];
const TUV_ATTRS: &[&str] = &["xml:lang", "lang", "creationdate", "creationid", "changedate", "changeid"];

/// Reads a TMX document into units.
///
/// # Errors
/// `tmx.encoding`, `tmx.syntax` (with the line), `xml.entity` for DTD entity
/// declarations or unknown entity references, `limit.exceeded`, and
/// `tmx.invalid` when the root is not `<tmx>` or there is no `<body>`.
///
/// # Example
/// ```
/// use crosscut::sources::tmx::read_tmx;
/// let tmx = r#"<tmx version="1.4"><header srclang="en" creationtool="x" creationtoolversion="1"
///   segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/><body>
///   <tu><tuv xml:lang="en"><seg>The <bpt i="1">&lt;b></bpt>cat<ept i="1">&lt;/b></ept></seg></tuv>
///   <tuv xml:lang="fr"><seg>Le <bpt i="1">&lt;b></bpt>chat<ept i="1">&lt;/b></ept></seg></tuv></tu></body></tmx>"#;
/// let read = read_tmx(tmx.as_bytes(), &Some("cats.tmx".into()))?;
/// let unit = &read.units[0];
/// assert_eq!(unit.source.segment.plain(), "The {1}cat{/1}");
/// assert_eq!(unit.targets[0].lang, "fr");
/// assert_eq!(unit.origin.file.as_deref(), Some("cats.tmx"));
/// # Ok::<(), crosscut::Error>(())
/// ```
pub fn read_tmx(bytes: &[u8], source: &SourceName) -> Result<ImportedUnits> {
    let mut units = Vec::new();
    let summary = read_tmx_from(bytes, source, |u| {
        units.push(u);
        Ok(())
    })?;
    Ok(ImportedUnits { units, header: summary.header, warnings: summary.warnings })
}

/// What [`read_tmx_from`] read besides the units.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TmxSummary {
    /// The TMX header.
    pub header: TmxHeader,
    /// Data the model cannot hold, repairs made and problems found, with locations.
    pub warnings: Vec<Warning>,
    /// How many units were handed to the callback.
    pub units: usize,
}

/// Reads a TMX document from a stream, handing each unit to `on_unit` as soon
/// as its `<tu>` ends; only one `<tu>` is held at a time, so memory does not
/// grow with the input.
///
/// Same reading and errors as [`read_tmx`] (which is this, collecting), except
/// that there is no limit on the input size; instead one `<tu>` (or the
/// header) may hold at most [`super::xml::MAX_SUBTREE_BYTES`] (16 MiB) of decoded
/// text. The header must come before the `<body>`, as TMX requires; a header
/// after it is reported and not used. An error from `on_unit` stops the reading
/// and is returned as is.
///
/// # Errors
/// As [`read_tmx`]; a document that is not TMX is refused at its root element,
/// before its content is read.
///
/// # Example
/// ```
/// use crosscut::sources::tmx::read_tmx_from;
/// let tmx = r#"<tmx version="1.4"><header srclang="en"/><body>
///   <tu><tuv xml:lang="en"><seg>Cut!</seg></tuv><tuv xml:lang="fr"><seg>Coupez !</seg></tuv></tu>
/// </body></tmx>"#;
/// let mut seen = Vec::new();
/// let summary = read_tmx_from(std::io::BufReader::new(tmx.as_bytes()), &None, |u| {
///     seen.push(u.targets[0].segment.plain());
///     Ok(())
/// })?;
/// assert_eq!((summary.units, seen), (1, vec!["Coupez !".to_string()]));
/// # Ok::<(), crosscut::Error>(())
/// ```
pub fn read_tmx_from<R: std::io::BufRead>(
    reader: R,
    source: &SourceName,
    mut on_unit: impl FnMut(Unit) -> Result<()>,
) -> Result<TmxSummary> {
    fn is_container(open: &[Element], el: &Element) -> bool {
        open.is_empty() || (open.len() == 1 && el.local_name() == "body")
    }
    let mut stream = XmlStream::new(reader, Format::Tmx, source, is_container)?;
    let mut warnings = Vec::new();
    let mut dropped_attrs = BTreeMap::new();
    let mut header: Option<TmxHeader> = None;
    let mut root_location: Option<Location> = None;
    let mut bodies = 0usize;
    let mut depth = 0usize;
    let mut count = 0usize;
    let file = source.as_deref().map(|s| s.rsplit(['/', '\\']).next().unwrap_or(s).to_string());
    while let Some(event) = stream.next_event()? {
        let locate = |p: usize| stream.location(p);
        let mut r = Reader { locate: &locate, warnings: &mut warnings, dropped_attrs: &mut dropped_attrs };
        match event {
            StreamEvent::Ignored(pos, what) => r.warn_at(pos, format!("{what}: ignored")),
            StreamEvent::Open(root) if depth == 0 => {
                depth += 1;
                if root.local_name() != "tmx" {
                    return Err(Error::invalid(
                        Format::Tmx,
                        format!("not a TMX document: the root element is <{}>", root.name),
                        "a TMX file's root element is <tmx>",
                    )
                    .at(locate(root.pos)));
                }
                root_location = Some(locate(root.pos));
            }
            StreamEvent::Open(body) => {
                depth += 1;
                bodies += 1;
                if bodies > 1 {
                    r.warn(&body, "a second <body> is not read".into());
                }
                if header.is_none() {
                    let location = root_location.clone().unwrap_or_else(|| locate(body.pos));
                    r.warnings.push(Warning { location, message: "no <header>; the first <tuv> of each unit is its source".into() });
                    header = Some(TmxHeader::default());
                }
            }
            StreamEvent::Close(_) => depth = depth.saturating_sub(1),
            StreamEvent::Subtree(el) if depth == 1 => {
                if el.local_name() != "header" {
                    continue;
                }
                if bodies > 0 {
                    r.warn(&el, "a <header> after the <body> is not used".into());
                } else if header.is_none() {
                    header = Some(r.header(&el));
                }
            }
            StreamEvent::Subtree(tu) => {
                if bodies > 1 {
                    continue;
                }
                if tu.local_name() != "tu" {
                    r.warn(&tu, format!("<{}> in <body> is not a <tu>: skipped", tu.name));
                    continue;
                }
                let srclang = header.as_ref().and_then(|h| h.srclang.as_deref());
                if let Some(u) = r.unit(&tu, srclang, file.as_deref()) {
                    count += 1;
                    on_unit(u)?;
                }
            }
        }
    }
    if bodies == 0 {
        return Err(Error::invalid(Format::Tmx, "<tmx> has no <body>", "put the <tu> elements in a <body>")
            .at(root_location.unwrap_or_else(|| Location { source: source.clone(), ..Location::default() })));
    }
    if !dropped_attrs.is_empty() {
        let list: Vec<String> = dropped_attrs.iter().map(|(k, n)| format!("{k} ({n}×)")).collect();
        let w = Warning { location: Location { source: source.clone(), ..Location::default() }, message: format!("attributes not kept: {}", list.join(", ")) };
        warnings.push(w);
    }
    Ok(TmxSummary { header: header.unwrap_or_default(), warnings, units: count })
}

/// Converts elements of one `<tu>` (or the header) to the model, collecting warnings.
struct Reader<'a> {
    locate: &'a dyn Fn(usize) -> Location,
    warnings: &'a mut Vec<Warning>,
    dropped_attrs: &'a mut BTreeMap<String, usize>,
}

impl Reader<'_> {
    fn header(&mut self, h: &Element) -> TmxHeader {
        let mut header = TmxHeader { creation_tool: h.attr("creationtool").map(str::to_string), ..TmxHeader::default() };
        header.srclang = match h.attr("srclang") {
            Some(ALL_LANGUAGES) => Some(ALL_LANGUAGES.to_string()),
            Some(tag) => match Lang::parse(tag) {
                Ok(l) => Some(l.as_str().to_string()),
                Err(e) => {
                    self.warn(h, format!("header srclang: {}; the first <tuv> of each unit is its source", e.message()));
                    None
                }
            },
            None => {
                self.warn(h, "the header has no srclang; the first <tuv> of each unit is its source".into());
                None
            }
        };
        for c in h.elements() {
            match c.local_name() {
                "prop" => {
                    if let Some(p) = self.prop(c) {
                        header.props.push(p);
                    }
                }
                "note" => header.notes.push(c.text()),
                other => self.warn(c, format!("<{other}> in the header is not kept")),
            }
        }
        header
    }

    fn warn_at(&mut self, pos: usize, message: String) {
        self.warnings.push(Warning { location: (self.locate)(pos), message });
    }

    fn warn(&mut self, el: &Element, message: String) {
        self.warn_at(el.pos, message);
    }

    fn note_attrs(&mut self, el: &Element, kept: &[&str]) {
        for (k, _) in &el.attributes {
            if !kept.contains(&k.as_str()) {
                *self.dropped_attrs.entry(format!("{}@{k}", el.name)).or_insert(0) += 1;
            }
        }
    }

    fn prop(&mut self, el: &Element) -> Option<Prop> {
        match el.attr("type") {
            Some(t) => Some(Prop { kind: t.to_string(), value: el.text() }),
            None => {
                self.warn(el, "a <prop> without a type attribute is not kept".into());
                None
            }
        }
    }

    fn unit(&mut self, tu: &Element, header_src: Option<&str>, file: Option<&str>) -> Option<Unit> {
        self.note_attrs(tu, TU_ATTRS);
        let mut unit = Unit {
            id: tu.attr("tuid").map(str::to_string),
            created: tu.attr("creationdate").map(str::to_string),
            creator: tu.attr("creationid").map(str::to_string),
            changed: tu.attr("changedate").map(str::to_string),
            changer: tu.attr("changeid").map(str::to_string),
            origin: Origin { file: file.map(str::to_string), project: None },
            ..Unit::default()
        };
        let mut variants: Vec<Variant> = Vec::new();
        for c in tu.elements() {
            match c.local_name() {
                "prop" => {
                    if let Some(p) = self.prop(c) {
                        match p.kind.as_str() {
                            "x-context-prev" | "prev" => unit.context.prev = Some(p.value),
                            "x-context-next" | "next" => unit.context.next = Some(p.value),
                            "x-context-id" | "id" => unit.context.id = Some(p.value),
                            "x-origin-file" | "file" => unit.origin.file = Some(p.value),
                            "x-project" => unit.origin.project = Some(p.value),
                            _ => unit.props.push(p),
                        }
                    }
                }
                "note" => unit.notes.push(c.text()),
                "tuv" => {
                    if let Some(v) = self.variant(c) {
                        variants.push(v);
                    }
                }
                other => self.warn(c, format!("<{other}> in <tu> is not kept")),
            }
        }
        let srclang = match tu.attr("srclang") {
            Some(ALL_LANGUAGES) => None,
            Some(tag) => match Lang::parse(tag) {
                Ok(l) => Some(l.as_str().to_string()),
                Err(e) => {
                    self.warn(tu, format!("<tu> srclang: {}; its first <tuv> is its source", e.message()));
                    None
                }
            },
            None => header_src.filter(|s| *s != ALL_LANGUAGES).map(str::to_string),
        };
        if variants.is_empty() {
            self.warn(tu, "a <tu> without a usable <tuv> is skipped".into());
            return None;
        }
        let src_index = match &srclang {
            None => 0,
            Some(s) => match variants.iter().position(|v| &v.lang == s) {
                Some(i) => i,
                None => {
                    self.warn(tu, format!("no <tuv> in the source language {s}; the first <tuv> ({}) is the source", variants.first().map_or("", |v| v.lang.as_str())));
                    0
                }
            },
        };
        let source = variants.remove(src_index);
        if variants.is_empty() {
            self.warn(tu, format!("a <tu> with only its source ({}) and no translation is skipped", source.lang));
            return None;
        }
        unit.source = source;
        unit.targets = variants;
        self.check_pairing(tu, &unit);
        Some(unit)
    }

    fn variant(&mut self, tuv: &Element) -> Option<Variant> {
        self.note_attrs(tuv, TUV_ATTRS);
        let Some(tag) = tuv.attr("xml:lang").or_else(|| tuv.attr("lang")) else {
            self.warn(tuv, "a <tuv> without xml:lang is skipped".into());
            return None;
        };
        let lang = match Lang::parse(tag) {
            Ok(l) => l.as_str().to_string(),
            Err(e) => {
                self.warn(tuv, format!("{}; the <tuv> is skipped", e.message()));
                return None;
            }
        };
        let mut v = Variant {
            lang,
            created: tuv.attr("creationdate").map(str::to_string),
            creator: tuv.attr("creationid").map(str::to_string),
            changed: tuv.attr("changedate").map(str::to_string),
            changer: tuv.attr("changeid").map(str::to_string),
            count: 1,
            ..Variant::default()
        };
        let mut seg = None;
        for c in tuv.elements() {
            match c.local_name() {
                "prop" => {
                    if let Some(p) = self.prop(c) {
                        match (p.kind.as_str(), p.value.trim().parse::<u32>()) {
                            ("x-count", Ok(n)) if n > 0 => v.count = n,
                            _ => v.props.push(p),
                        }
                    }
                }
                "note" => v.notes.push(c.text()),
                "seg" if seg.is_none() => seg = Some(self.segment(c)),
                other => self.warn(c, format!("<{other}> in <tuv> is not kept")),
            }
        }
        match seg {
            Some(s) => v.segment = s,
            None => {
                self.warn(tuv, "a <tuv> without <seg> is skipped".into());
                return None;
            }
        }
        Some(v)
    }

    fn segment(&mut self, el: &Element) -> Segment {
        let mut seg = Segment::default();
        self.segment_into(el, &mut seg);
        seg
    }

    fn segment_into(&mut self, el: &Element, seg: &mut Segment) {
        for n in &el.children {
            match n {
                Node::Text(t) | Node::Verbatim(t) => seg.push_text(t),
                Node::Element(c) => {
                    let kind = match c.local_name() {
                        "bpt" => TagKind::Bpt,
                        "ept" => TagKind::Ept,
                        "it" => TagKind::It,
                        "ph" => TagKind::Ph,
                        "ut" => TagKind::Ut,
                        "hi" => {
                            let attrs = c.attributes.clone();
                            seg.spans.push(SegmentPiece::Tag(Tag { kind: TagKind::HiStart, attrs: attrs.clone(), code: Vec::new() }));
                            self.segment_into(c, seg);
                            seg.spans.push(SegmentPiece::Tag(Tag { kind: TagKind::HiEnd, attrs, code: Vec::new() }));
                            continue;
                        }
                        other => {
                            self.warn(c, format!("<{other}> is not TMX inline markup; its text is kept, the element is not"));
                            self.segment_into(c, seg);
                            continue;
                        }
                    };
                    let code = self.code(c);
                    seg.spans.push(SegmentPiece::Tag(Tag { kind, attrs: c.attributes.clone(), code }));
                }
            }
        }
    }

    fn code(&mut self, el: &Element) -> Vec<Code> {
        let mut out: Vec<Code> = Vec::new();
        for n in &el.children {
            match n {
                Node::Text(t) | Node::Verbatim(t) => match out.last_mut() {
                    Some(Code::Native(prev)) => prev.push_str(t),
                    _ => out.push(Code::Native(t.clone())),
                },
                Node::Element(c) if c.local_name() == "sub" => {
                    let segment = self.segment(c);
                    out.push(Code::Sub { attrs: c.attributes.clone(), segment });
                }
                Node::Element(c) => {
                    self.warn(c, format!("<{}> inside <{}> is not allowed; its text is kept as code", c.name, el.name));
                    let t = c.raw_text();
                    match out.last_mut() {
                        Some(Code::Native(prev)) => prev.push_str(&t),
                        _ => out.push(Code::Native(t)),
                    }
                }
            }
        }
        out
    }

    /// Reports `bpt`/`ept` that do not pair, per variant. Nothing is re-paired.
    fn check_pairing(&mut self, tu: &Element, unit: &Unit) {
        for v in std::iter::once(&unit.source).chain(&unit.targets) {
            for problem in pairing_problems(&v.segment) {
                self.warn(tu, format!("{} segment: {problem}; the codes are kept as written", v.lang));
            }
        }
    }
}

/// What is wrong with the pairing of `bpt`/`ept` codes in a segment (empty when they pair).
pub fn pairing_problems(seg: &Segment) -> Vec<String> {
    let mut problems = Vec::new();
    let mut open: Vec<String> = Vec::new();
    for t in seg.tags() {
        let i = t.attr("i").unwrap_or("").to_string();
        match t.kind {
            TagKind::Bpt => {
                if open.contains(&i) {
                    problems.push(format!("two open <bpt> share i=\"{i}\""));
                }
                open.push(i);
            }
            TagKind::Ept => match open.iter().rposition(|o| *o == i) {
                Some(p) => {
                    open.remove(p);
                }
                None => problems.push(format!("<ept i=\"{i}\"> has no open <bpt> before it")),
            },
            _ => {}
        }
    }
    for i in open {
        problems.push(format!("<bpt i=\"{i}\"> is never closed by an <ept>"));
    }
    problems
}

/// Writes units as TMX 1.4b; `srclang` goes in the header (`*all*` when the
/// units' source languages differ, or pass it explicitly).
///
/// Each unit's source is written first, with a `srclang` attribute on its `tu`
/// when it differs from the header's. Context, origin and counts become props
/// (`x-context-prev`, `x-context-next`, `x-context-id`, `x-origin-file`,
/// `x-project`, `x-count`), which [`read_tmx`] reads back.
///
/// # Example
/// ```
/// use crosscut::sources::tmx::{read_tmx, write_tmx};
/// use crosscut::{Segment, Unit, Variant};
/// let unit = Unit {
///     source: Variant::new("en", Segment::text("Cut!")),
///     targets: vec![Variant::new("fr", Segment::text("Coupez !"))],
///     ..Unit::default()
/// };
/// let tmx = write_tmx(&[unit.clone()], Some("en"));
/// assert_eq!(read_tmx(tmx.as_bytes(), &None)?.units, vec![unit]);
/// # Ok::<(), crosscut::Error>(())
/// ```
pub fn write_tmx(units: &[Unit], srclang: Option<&str>) -> String {
    let header_src = srclang.map(str::to_string).unwrap_or_else(|| {
        let first = units.first().map(|u| u.source.lang.as_str());
        match first {
            Some(f) if units.iter().all(|u| u.source.lang == f) => f.to_string(),
            _ => ALL_LANGUAGES.to_string(),
        }
    });
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n");
    let _ = writeln!(
        out,
        "  <header creationtool=\"crosscut\" creationtoolversion=\"{}\" segtype=\"sentence\" o-tmf=\"crosscut\" adminlang=\"en\" srclang=\"{}\" datatype=\"plaintext\"/>",
        env!("CARGO_PKG_VERSION"),
        attr_escape(&header_src)
    );
    out.push_str("  <body>\n");
    for u in units {
        out.push_str("    <tu");
        opt_attr(&mut out, "tuid", &u.id);
        if u.source.lang != header_src {
            opt_attr(&mut out, "srclang", &Some(u.source.lang.clone()));
        }
        opt_attr(&mut out, "creationdate", &u.created);
        opt_attr(&mut out, "creationid", &u.creator);
        opt_attr(&mut out, "changedate", &u.changed);
        opt_attr(&mut out, "changeid", &u.changer);
        out.push_str(">\n");
        for n in &u.notes {
            let _ = writeln!(out, "      <note>{}</note>", text_escape(n, true));
        }
        let Context { prev, next, id } = &u.context;
        let Origin { file, project } = &u.origin;
        let special = [
            ("x-context-prev", prev),
            ("x-context-next", next),
            ("x-context-id", id),
            ("x-origin-file", file),
            ("x-project", project),
        ];
        for (kind, value) in special {
            if let Some(v) = value {
                write_prop(&mut out, "      ", kind, v);
            }
        }
        for p in &u.props {
            write_prop(&mut out, "      ", &p.kind, &p.value);
        }
        for v in std::iter::once(&u.source).chain(&u.targets) {
            out.push_str("      <tuv");
            opt_attr(&mut out, "xml:lang", &Some(v.lang.clone()));
            opt_attr(&mut out, "creationdate", &v.created);
            opt_attr(&mut out, "creationid", &v.creator);
            opt_attr(&mut out, "changedate", &v.changed);
            opt_attr(&mut out, "changeid", &v.changer);
            out.push_str(">\n");
            for n in &v.notes {
                let _ = writeln!(out, "        <note>{}</note>", text_escape(n, true));
            }
            if v.count != 1 {
                write_prop(&mut out, "        ", "x-count", &v.count.to_string());
            }
            for p in &v.props {
                write_prop(&mut out, "        ", &p.kind, &p.value);
            }
            out.push_str("        <seg>");
            write_segment(&mut out, &v.segment);
            out.push_str("</seg>\n      </tuv>\n");
        }
        out.push_str("    </tu>\n");
    }
    out.push_str("  </body>\n</tmx>\n");
    out
}

fn write_prop(out: &mut String, indent: &str, kind: &str, value: &str) {
    let _ = writeln!(out, "{indent}<prop type=\"{}\">{}</prop>", attr_escape(kind), text_escape(value, true));
}

fn opt_attr(out: &mut String, name: &str, value: &Option<String>) {
    if let Some(v) = value {
        let _ = write!(out, " {name}=\"{}\"", attr_escape(v));
    }
}

fn write_attrs(out: &mut String, attrs: &[(String, String)]) {
    for (k, v) in attrs {
        let _ = write!(out, " {k}=\"{}\"", attr_escape(v));
    }
}

/// Writes a segment's content. `hi` ends must nest: the reader produces them so.
fn write_segment(out: &mut String, seg: &Segment) {
    for s in &seg.spans {
        match s {
            SegmentPiece::Text(t) => out.push_str(&text_escape(t, false)),
            SegmentPiece::Tag(tag) => match tag.kind {
                TagKind::HiStart => {
                    out.push_str("<hi");
                    write_attrs(out, &tag.attrs);
                    out.push('>');
                }
                TagKind::HiEnd => out.push_str("</hi>"),
                kind => {
                    let name = kind.element();
                    let _ = write!(out, "<{name}");
                    write_attrs(out, &tag.attrs);
                    if tag.code.is_empty() {
                        out.push_str("/>");
                        continue;
                    }
                    out.push('>');
                    for c in &tag.code {
                        match c {
                            Code::Native(t) => out.push_str(&text_escape(t, false)),
                            Code::Sub { attrs, segment } => {
                                out.push_str("<sub");
                                write_attrs(out, attrs);
                                out.push('>');
                                write_segment(out, segment);
                                out.push_str("</sub>");
                            }
                        }
                    }
                    let _ = write!(out, "</{name}>");
                }
            },
        }
    }
}

/// Escapes character data. Segment text is read back exactly, so only `\r` (which
/// XML turns into `\n`) needs a reference there; note and prop text is
/// layout-collapsed on reading, so `layout` protects its line breaks, tabs and
/// edge spaces with references.
fn text_escape(s: &str, layout: bool) -> String {
    xml::escape(s, xml::Escape { quotes: false, layout, edges: layout })
}

fn attr_escape(s: &str) -> String {
    xml::escape(s, xml::Escape { quotes: true, layout: true, edges: false })
}
