//! Safe XML reading shared by the TBX and TMX readers.
//!
//! [`parse`] decodes the bytes (byte order marks, the XML declaration's
//! `encoding=`), then builds a small element tree with [`quick_xml`], refusing
//! anything that could make a reader fetch, expand or grow without bound:
//!
//! - a DOCTYPE that only names an external DTD is ignored (never fetched); one
//!   whose internal subset declares entities is refused with
//!   [`ErrorKind::XmlEntity`] before anything is expanded;
//! - only the five predefined entities and numeric character references are
//!   resolved; any other entity reference is an [`ErrorKind::XmlEntity`] error;
//! - nesting depth, text and attribute size, attribute and element counts and the
//!   input size are bounded by the `MAX_*` constants;
//! - well-formedness errors name the line and column.
//!
//! Nothing is ever read from disk or the network.

use quick_xml::errors::{Error as XmlError, IllFormedError};
use quick_xml::escape::{resolve_predefined_entity, EscapeError};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use crate::error::{Error, ErrorKind, Format, Location, Result};
use crate::sources::SourceName;

/// Largest XML input accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 256 * 1024 * 1024;
/// Deepest element nesting accepted.
pub const MAX_DEPTH: usize = 256;
/// Largest text content of one element (all its text pieces together), in bytes.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;
/// Most attributes on one element.
pub const MAX_ATTRIBUTES: usize = 256;
/// Most elements in one document.
pub const MAX_ELEMENTS: usize = 2_000_000;

/// The limits of [`parse_with`] a user may need to raise for a very large
/// document (a whole termbase); the others are fixed. The default holds
/// [`MAX_INPUT_BYTES`] and [`MAX_ELEMENTS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlLimits {
    /// Largest input accepted, in bytes. The document is held in memory,
    /// decoded, about twice.
    pub max_input_bytes: usize,
    /// Most elements in one document.
    pub max_elements: usize,
}

impl Default for XmlLimits {
    fn default() -> XmlLimits {
        XmlLimits { max_input_bytes: MAX_INPUT_BYTES, max_elements: MAX_ELEMENTS }
    }
}

/// A piece of an element's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A child element.
    Element(Element),
    /// Literal character data, line ends normalized to `\n`. Whitespace in it is
    /// layout unless the format says otherwise.
    Text(String),
    /// Characters that were written explicitly: a character or predefined entity
    /// reference (`&#10;`, `&amp;`) or a CDATA section. Readers keep them as they are.
    Verbatim(String),
}

/// An XML element: name, attributes, content and where it starts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Element {
    /// The qualified name as written (`termSec`, `basic:partOfSpeech`).
    pub name: String,
    /// Attributes in document order, values unescaped and normalized.
    pub attributes: Vec<(String, String)>,
    /// Content in document order.
    pub children: Vec<Node>,
    /// Byte offset of the `<` of the start tag in the decoded text.
    pub pos: usize,
}

impl Element {
    /// The name without its namespace prefix (`partOfSpeech` for `basic:partOfSpeech`).
    pub fn local_name(&self) -> &str {
        self.name.rsplit_once(':').map_or(self.name.as_str(), |(_, local)| local)
    }

    /// The namespace prefix, if the name has one.
    pub fn prefix(&self) -> Option<&str> {
        self.name.split_once(':').map(|(prefix, _)| prefix)
    }

    /// The value of an attribute, by qualified name (`id`, `xml:lang`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            _ => None,
        })
    }

    /// The first child element with this local name.
    pub fn child(&self, local_name: &str) -> Option<&Element> {
        self.elements().find(|e| e.local_name() == local_name)
    }

    /// Whether the element holds character data of its own (not counting
    /// whitespace-only literal text).
    pub fn has_own_text(&self) -> bool {
        self.children.iter().any(|n| match n {
            Node::Text(t) => !t.trim().is_empty(),
            Node::Verbatim(t) => !t.is_empty(),
            Node::Element(_) => false,
        })
    }

    /// All character data of the element and its descendants, as written
    /// (literal text and references alike).
    pub fn raw_text(&self) -> String {
        let mut out = String::new();
        self.collect_raw(&mut out);
        out
    }

    fn collect_raw(&self, out: &mut String) {
        for n in &self.children {
            match n {
                Node::Text(t) | Node::Verbatim(t) => out.push_str(t),
                Node::Element(e) => e.collect_raw(out),
            }
        }
    }

    /// The character data of the element and its descendants, with layout
    /// whitespace normalized: in literal text, a run of whitespace that holds a
    /// line break or tab becomes one space, and literal whitespace at both ends is
    /// trimmed. Characters written as references or in CDATA are kept exactly, so
    /// `&#10;` survives as a line break.
    pub fn text(&self) -> String {
        let mut pieces: Vec<(bool, String)> = Vec::new();
        self.collect_pieces(&mut pieces);
        let mut out = String::new();
        let last = pieces.len().saturating_sub(1);
        for (i, (literal, piece)) in pieces.iter().enumerate() {
            if !*literal {
                out.push_str(piece);
                continue;
            }
            let mut s = collapse_layout(piece);
            if i == 0 {
                s = s.trim_start().to_string();
            }
            if i == last {
                s = s.trim_end().to_string();
            }
            out.push_str(&s);
        }
        out
    }

    fn collect_pieces(&self, out: &mut Vec<(bool, String)>) {
        for n in &self.children {
            match n {
                Node::Text(t) => out.push((true, t.clone())),
                Node::Verbatim(t) => out.push((false, t.clone())),
                Node::Element(e) => e.collect_pieces(out),
            }
        }
    }
}

/// Replaces each whitespace run that holds a line break or a tab with one space.
fn collapse_layout(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.contains(['\n', '\r', '\t']) {
            out.push(' ');
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in s.chars() {
        if matches!(c, ' ' | '\n' | '\r' | '\t') {
            run.push(c);
        } else {
            if !run.is_empty() {
                flush(&mut run, &mut out);
            }
            out.push(c);
        }
    }
    if !run.is_empty() {
        flush(&mut run, &mut out);
    }
    out
}

/// A parsed document: the decoded text (for locations) and the root element.
#[derive(Debug, Clone)]
pub struct Document {
    /// The decoded text; element positions are byte offsets into it.
    pub text: String,
    /// The root element.
    pub root: Element,
    /// The input's name, for locations.
    pub source: SourceName,
    /// Things the parser ignored on purpose (an external DTD reference, an
    /// internal subset without entity declarations), with their offsets.
    pub ignored: Vec<(usize, String)>,
    /// Byte offsets where lines start, for fast locations.
    line_starts: Vec<usize>,
}

impl Document {
    /// The location of a byte offset of the decoded text (same result as
    /// [`Location::from_offset`], without rescanning the text).
    pub fn location(&self, pos: usize) -> Location {
        let mut at = pos.min(self.text.len());
        while at > 0 && !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= at).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = self.text.get(start..at).map_or(0, |s| s.chars().count()) as u64 + 1;
        Location { source: self.source.clone(), line: line as u64, column, byte: Some(at as u64) }
    }
}

/// The location (line, column in characters) of byte offset `pos` in `text`.
pub fn location_at(source: &SourceName, text: &str, pos: usize) -> Location {
    Location::from_offset(source.clone(), text, pos)
}

/// Decodes an XML document to a string.
///
/// A UTF-8 or UTF-16 byte order mark wins; otherwise UTF-16 is recognized from
/// `<?` without a mark; otherwise the XML declaration's `encoding=` is honoured
/// (any label `encoding_rs` knows, e.g. `windows-1254`); otherwise UTF-8.
///
/// # Errors
/// [`ErrorKind::Encoding`] for an unknown encoding name, and for bytes that are
/// invalid in the encoding (naming the line and column of the first one).
pub fn decode(bytes: &[u8], format: Format, source: &SourceName) -> Result<String> {
    decode_limited(bytes, format, source, MAX_INPUT_BYTES)
}

fn decode_limited(bytes: &[u8], format: Format, source: &SourceName, max_input: usize) -> Result<String> {
    if bytes.len() > max_input {
        return Err(Error::limit("XML input size in bytes", max_input as u64)
            .at(Location { source: source.clone(), ..Location::default() }));
    }
    let (enc, skip) = detect_encoding(bytes, format, source)?;
    let text = decode_with(enc, bytes.get(skip..).unwrap_or_default(), format, source, max_input)?;
    // XML 1.0 allows no U+0000, not even as a character reference.
    crate::sources::text::refuse_nul(&text, format, source)?;
    Ok(text)
}

/// The encoding of a document from its first bytes (up to 1 KiB is enough), and
/// the length of its byte order mark. The rules are [`decode`]'s.
fn detect_encoding(head: &[u8], format: Format, source: &SourceName) -> Result<(&'static encoding_rs::Encoding, usize)> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(head) {
        return Ok((enc, bom_len));
    }
    if head.starts_with(b"<\0?\0") {
        return Ok((encoding_rs::UTF_16LE, 0));
    }
    if head.starts_with(b"\0<\0?") {
        return Ok((encoding_rs::UTF_16BE, 0));
    }
    let enc = match declared_encoding(head) {
        None => encoding_rs::UTF_8,
        Some(label) => match encoding_rs::Encoding::for_label(label.as_bytes()) {
            // Bytes readable as ASCII cannot be UTF-16: the declaration is wrong.
            Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => encoding_rs::UTF_8,
            Some(e) if e != encoding_rs::REPLACEMENT => e,
            _ => {
                return Err(Error::encoding(format, format!("unknown encoding {label:?} in the XML declaration"))
                    .at(Location::new(source.clone(), 1, 1)))
            }
        },
    };
    Ok((enc, 0))
}

/// The `encoding=` value of an XML declaration at the start of `bytes`.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    if !bytes.starts_with(b"<?xml") {
        return None;
    }
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or_default();
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(head.get(..end)?).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl.get(at + "encoding".len()..)?.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = rest.get(1..)?;
    let close = value.find(quote)?;
    Some(value.get(..close)?.trim().to_string())
}

fn decode_with(
    enc: &'static encoding_rs::Encoding,
    body: &[u8],
    format: Format,
    source: &SourceName,
    max_input: usize,
) -> Result<String> {
    if enc == encoding_rs::UTF_8 {
        return crate::sources::text::utf8(body, format, source);
    }
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder.max_utf8_buffer_length_without_replacement(body.len()).unwrap_or(usize::MAX);
    if cap > max_input.saturating_mul(3) {
        return Err(Error::limit("XML input size in bytes", max_input as u64));
    }
    let mut out = String::with_capacity(cap);
    let (result, _read) = decoder.decode_to_string_without_replacement(body, &mut out, true);
    match result {
        encoding_rs::DecoderResult::InputEmpty => Ok(out),
        encoding_rs::DecoderResult::Malformed(_, _) | encoding_rs::DecoderResult::OutputFull => {
            let at = out.len();
            Err(Error::encoding(format, format!("invalid {} byte sequence", enc.name()))
                .at(Location::from_offset(source.clone(), &out, at)))
        }
    }
}

/// Decodes and parses an XML document into an element tree, safely.
///
/// `format` names errors (`tbx.syntax`, `xml.syntax`, …). See the module
/// documentation for what is refused.
///
/// # Errors
/// [`ErrorKind::Encoding`], [`ErrorKind::Syntax`], [`ErrorKind::XmlEntity`] or
/// [`ErrorKind::Limit`], with the location where it happened.
pub fn parse(bytes: &[u8], format: Format, source: &SourceName) -> Result<Document> {
    parse_with(bytes, format, source, &XmlLimits::default())
}

/// [`parse`] with other limits on the input size and the number of elements.
///
/// # Errors
/// As [`parse`].
pub fn parse_with(bytes: &[u8], format: Format, source: &SourceName, limits: &XmlLimits) -> Result<Document> {
    let text = decode_limited(bytes, format, source, limits.max_input_bytes)?;
    let (root, ignored) = build(&text, format, source, limits.max_elements)?;
    let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    Ok(Document { text, root, source: source.clone(), ignored, line_starts })
}

/// Where a byte offset of the decoded text is.
type Locate<'a> = &'a dyn Fn(usize) -> Location;

fn syntax(format: Format, loc: Locate<'_>, pos: usize, msg: impl Into<String>) -> Error {
    Error::syntax(format, msg).at(loc(pos))
}

/// The reader settings of both the tree and the streaming parser: end tags
/// checked, text kept exactly as written.
fn configure<R>(reader: &mut Reader<R>) {
    let config = reader.config_mut();
    config.check_end_names = true;
    config.check_comments = false;
    config.expand_empty_elements = false;
    config.trim_text(false);
}

/// What [`escape`] protects besides `&`, `<`, `>` and `\r`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Escape {
    /// `"` and `'`, for attribute values.
    pub quotes: bool,
    /// Line breaks and tabs, for text a reader collapses as layout.
    pub layout: bool,
    /// A space at either end, likewise.
    pub edges: bool,
}

/// Escapes text for XML; characters XML 1.0 cannot hold become U+FFFD rather
/// than a file no reader accepts.
pub(crate) fn escape(s: &str, how: Escape) -> String {
    let mut out = String::with_capacity(s.len());
    let last = s.chars().count().saturating_sub(1);
    for (i, c) in s.chars().enumerate() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '"' if how.quotes => out.push_str("&quot;"),
            '\'' if how.quotes => out.push_str("&apos;"),
            '\n' if how.layout => out.push_str("&#10;"),
            '\t' if how.layout => out.push_str("&#9;"),
            ' ' if how.edges && (i == 0 || i == last) => out.push_str("&#32;"),
            '\t' | '\n' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Builds the tree of an already decoded document.
fn build(
    text: &str,
    format: Format,
    source: &SourceName,
    max_elements: usize,
) -> Result<(Element, Vec<(usize, String)>)> {
    let mut reader = Reader::from_str(text);
    configure(&mut reader);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut ignored = Vec::new();
    let mut elements = 0usize;
    let mut text_len: Vec<usize> = Vec::new();
    let mut seen_doctype = false;
    let locate = |p: usize| location_at(source, text, p);
    let loc: Locate<'_> = &locate;
    loop {
        let pos = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(pos);
                return Err(convert_error(e, format, loc, at));
            }
        };
        match event {
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::DocType(dt) => {
                if seen_doctype || root.is_some() || !stack.is_empty() {
                    return Err(syntax(format, loc, pos, "a DOCTYPE is only allowed once, before the root element"));
                }
                seen_doctype = true;
                check_doctype(&dt.into_inner(), pos, loc, &mut ignored)?;
            }
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let first = root.as_ref().map_or("", |r| r.name.as_str());
                let msg = format!(
                    "content after the root element: <{}> follows the end of <{first}> (a document has one root element)",
                    start.name().as_ref()
                );
                return Err(syntax(format, loc, pos, msg));
            }
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Error::limit("XML element nesting depth", MAX_DEPTH as u64)
                        .at(loc(pos)));
                }
                let el = element(&start, pos, format, loc, &mut elements, max_elements)?;
                stack.push(el);
                text_len.push(0);
            }
            Event::Empty(start) => {
                let el = element(&start, pos, format, loc, &mut elements, max_elements)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(syntax(format, loc, pos, "an end tag without a start tag"));
                };
                text_len.pop();
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(done)),
                    None => root = Some(done),
                }
            }
            Event::Text(t) => {
                let lead = t.len() - t.trim_start().len();
                let content = t.xml10_content();
                let at = pos.saturating_add(lead);
                push_text(&mut stack, &mut text_len, Node::Text(content.into_owned()), root.is_some(), format, loc, at)?;
            }
            Event::CData(c) => {
                let content = c.xml10_content();
                push_text(&mut stack, &mut text_len, Node::Verbatim(content.into_owned()), root.is_some(), format, loc, pos)?;
            }
            Event::GeneralRef(r) => {
                let resolved = resolve_ref(&r, format, loc, pos)?;
                push_text(&mut stack, &mut text_len, Node::Verbatim(resolved), root.is_some(), format, loc, pos)?;
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(syntax(
                        format,
                        loc,
                        text.len(),
                        format!("unexpected end of input: <{}> is not closed", open.name),
                    ));
                }
                return match root {
                    Some(r) => Ok((r, ignored)),
                    None => Err(syntax(format, loc, text.len(), "no root element")),
                };
            }
        }
    }
}

/// The text of a character reference or of one of the five predefined entities;
/// any other entity is refused.
fn resolve_ref(r: &quick_xml::events::BytesRef<'_>, format: Format, loc: Locate<'_>, pos: usize) -> Result<String> {
    if r.is_char_ref() {
        return match r.resolve_char_ref() {
            Ok(Some(c)) if is_xml_char(c) => Ok(c.to_string()),
            _ => Err(syntax(format, loc, pos, format!("invalid character reference &{};", &**r))),
        };
    }
    let name = &**r;
    match resolve_predefined_entity(name) {
        Some(s) => Ok(s.to_string()),
        None => Err(Error::new(ErrorKind::XmlEntity { message: format!("undeclared entity reference &{name};") }).at(loc(pos))),
    }
}

fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[allow(clippy::too_many_arguments)]
fn push_text(
    stack: &mut [Element],
    text_len: &mut [usize],
    node: Node,
    after_root: bool,
    format: Format,
    loc: Locate<'_>,
    pos: usize,
) -> Result<()> {
    let (Node::Text(s) | Node::Verbatim(s)) = &node else { return Ok(()) };
    let Some(parent) = stack.last_mut() else {
        let literal_ws = matches!(&node, Node::Text(t) if t.trim().is_empty());
        if literal_ws {
            return Ok(());
        }
        let msg = if after_root { "content after the root element" } else { "text before the root element" };
        return Err(syntax(format, loc, pos, msg));
    };
    if let Some(len) = text_len.last_mut() {
        *len = len.saturating_add(s.len());
        if *len > MAX_TEXT_BYTES {
            return Err(Error::limit(format!("text of <{}> in bytes", parent.name), MAX_TEXT_BYTES as u64)
                .at(loc(pos)));
        }
    }
    // Merge with the previous piece of the same kind.
    match (parent.children.last_mut(), node) {
        (Some(Node::Text(prev)), Node::Text(s)) => prev.push_str(&s),
        (Some(Node::Verbatim(prev)), Node::Verbatim(s)) => prev.push_str(&s),
        (_, node) => parent.children.push(node),
    }
    Ok(())
}

fn element(
    start: &BytesStart<'_>,
    pos: usize,
    format: Format,
    loc: Locate<'_>,
    count: &mut usize,
    max: usize,
) -> Result<Element> {
    *count += 1;
    if *count > max {
        return Err(Error::limit("number of XML elements", max as u64).at(loc(pos)));
    }
    let name = start.name().as_ref().to_string();
    let mut attributes = Vec::new();
    for attr in start.attributes().with_checks(true) {
        let attr = attr.map_err(|e| syntax(format, loc, pos, format!("bad attribute in <{name}>: {e}")))?;
        if attributes.len() >= MAX_ATTRIBUTES {
            return Err(Error::limit(format!("number of attributes on <{name}>"), MAX_ATTRIBUTES as u64)
                .at(loc(pos)));
        }
        let key = attr.key.as_ref().to_string();
        if attr.value.len() > MAX_TEXT_BYTES {
            return Err(Error::limit(format!("attribute {key} in bytes"), MAX_TEXT_BYTES as u64)
                .at(loc(pos)));
        }
        let value = match attr.normalized_value_with(XmlVersion::Implicit1_0, 1, resolve_predefined_entity) {
            Ok(v) => v.into_owned(),
            Err(XmlError::Escape(EscapeError::UnrecognizedEntity(_, entity))) => {
                return Err(Error::new(ErrorKind::XmlEntity {
                    message: format!("undeclared entity reference &{entity}; in attribute {key}"),
                })
                .at(loc(pos)))
            }
            Err(e) => return Err(syntax(format, loc, pos, format!("bad value of attribute {key}: {e}"))),
        };
        attributes.push((key, value));
    }
    Ok(Element { name, attributes, children: Vec::new(), pos })
}

/// Applies the DOCTYPE policy to the content of `<!DOCTYPE …>`.
fn check_doctype(
    content: &str,
    pos: usize,
    loc: Locate<'_>,
    ignored: &mut Vec<(usize, String)>,
) -> Result<()> {
    let refuse = |message: String| Err(Error::new(ErrorKind::XmlEntity { message }).at(loc(pos)));
    match content.find('[') {
        None => {
            ignored.push((pos, format!("<!DOCTYPE {}> (the external DTD is never read)", collapse_layout(content.trim()))));
            Ok(())
        }
        Some(open) => {
            let subset = content.get(open..).unwrap_or_default();
            if subset.contains("ENTITY") && (subset.contains("SYSTEM") || subset.contains("PUBLIC")) {
                refuse("the DOCTYPE declares an external entity (SYSTEM/PUBLIC, an XXE risk)".to_string())
            } else if subset.contains("ENTITY") {
                refuse("the DOCTYPE declares entities in its internal subset (entity expansion is refused)".to_string())
            } else if subset.contains('%') {
                refuse("the DOCTYPE's internal subset uses parameter entities".to_string())
            } else {
                ignored.push((pos, "DOCTYPE internal subset (declarations not applied)".to_string()));
                Ok(())
            }
        }
    }
}

fn convert_error(e: XmlError, format: Format, loc: Locate<'_>, pos: usize) -> Error {
    match e {
        XmlError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => syntax(
            format,
            loc,
            pos,
            format!("mismatched end tag: expected </{expected}>, found </{found}>"),
        ),
        XmlError::IllFormed(IllFormedError::UnmatchedEndTag(name)) => {
            syntax(format, loc, pos, format!("end tag </{name}> without a start tag"))
        }
        XmlError::IllFormed(IllFormedError::MissingEndTag(name)) => {
            syntax(format, loc, pos, format!("unexpected end of input: <{name}> is not closed"))
        }
        XmlError::Escape(EscapeError::UnrecognizedEntity(_, entity)) => {
            Error::new(ErrorKind::XmlEntity { message: format!("undeclared entity reference &{entity};") })
                .at(loc(pos))
        }
        XmlError::Syntax(s) => syntax(format, loc, pos, format!("{s} (unexpected end of input?)")),
        other => syntax(format, loc, pos, other.to_string()),
    }
}

/// Largest piece of a streamed document held at once, in decoded bytes: one
/// subtree handed out by [`XmlStream`] (a TMX `<tu>`, a header), or one markup
/// token or text run between subtrees. There is no limit on the whole input.
pub const MAX_SUBTREE_BYTES: usize = 16 * 1024 * 1024;

/// Decoded bytes produced per refill of the streaming decoder.
const DECODE_CHUNK: usize = 64 * 1024;

/// The streaming decoder under [`XmlStream`]: raw bytes in, UTF-8 out, and the
/// sliding window of decoded text that locations are computed from.
///
/// The window holds the decoded bytes from the *pin* (the start of the subtree
/// being built, or of the current token) to the end of what was decoded so far.
/// Bytes before the pin are dropped, after counting their line breaks and the
/// characters since the last one, so a line and column can be computed for any
/// offset at or after the pin without keeping the whole text.
struct Decoded<R> {
    inner: R,
    /// Raw bytes read ahead to detect the encoding, not yet decoded.
    head: Vec<u8>,
    head_at: usize,
    decoder: encoding_rs::Decoder,
    /// Decoded bytes, starting at stream offset `win_offset`.
    win: Vec<u8>,
    win_offset: u64,
    /// Index in `win` up to which the XML reader has consumed.
    read: usize,
    /// Line (1-based) and characters since the line start at `win_offset`.
    base_line: u64,
    base_col: u64,
    /// Stream offset before which decoded bytes are no longer needed.
    pin: u64,
    done: bool,
    error: Option<Error>,
    format: Format,
    source: SourceName,
}

impl<R: std::io::BufRead> Decoded<R> {
    fn location(&self, pos: u64) -> Location {
        let mut idx = usize::try_from(pos.saturating_sub(self.win_offset)).unwrap_or(usize::MAX).min(self.win.len());
        // Back to a character boundary.
        while idx > 0 && self.win.get(idx).is_some_and(|b| b & 0xC0 == 0x80) {
            idx -= 1;
        }
        let before = self.win.get(..idx).unwrap_or_default();
        let chars = |b: &[u8]| b.iter().filter(|&&c| c & 0xC0 != 0x80).count() as u64;
        let (line, column) = match before.iter().rposition(|&b| b == b'\n') {
            None => (self.base_line, self.base_col + chars(before) + 1),
            Some(nl) => {
                let breaks = before.iter().filter(|&&b| b == b'\n').count() as u64;
                (self.base_line + breaks, chars(before.get(nl + 1..).unwrap_or_default()) + 1)
            }
        };
        Location { source: self.source.clone(), line, column, byte: Some(self.win_offset + idx as u64) }
    }

    /// Drops the decoded bytes before the pin (and before what the XML reader
    /// consumed), counting their lines.
    fn release(&mut self) {
        let pinned = usize::try_from(self.pin.saturating_sub(self.win_offset)).unwrap_or(usize::MAX);
        let cut = pinned.min(self.read);
        // Amortized: only move the bytes when at least half the window goes.
        if cut == 0 || cut < self.win.len() / 2 {
            return;
        }
        let gone = self.win.get(..cut).unwrap_or_default();
        match gone.iter().rposition(|&b| b == b'\n') {
            None => self.base_col += gone.iter().filter(|&&c| c & 0xC0 != 0x80).count() as u64,
            Some(nl) => {
                self.base_line += gone.iter().filter(|&&b| b == b'\n').count() as u64;
                self.base_col = gone.get(nl + 1..).unwrap_or_default().iter().filter(|&&c| c & 0xC0 != 0x80).count() as u64;
            }
        }
        self.win.drain(..cut);
        self.read -= cut;
        self.win_offset += cut as u64;
    }

    fn fail(&mut self, error: Error) -> std::io::Error {
        let message = error.to_string();
        self.error = Some(error);
        std::io::Error::other(message)
    }

    /// Decodes more input into the window; `Ok` with nothing new means the end.
    fn refill(&mut self) -> std::io::Result<()> {
        if let Some(e) = &self.error {
            return Err(std::io::Error::other(e.to_string()));
        }
        self.release();
        let live = self.win.len() - usize::try_from(self.pin.saturating_sub(self.win_offset)).unwrap_or(0).min(self.read);
        if live > MAX_SUBTREE_BYTES {
            let at = self.location(self.pin);
            let e = Error::limit("size of one XML element or token in a streamed document, in bytes", MAX_SUBTREE_BYTES as u64)
                .at(at);
            return Err(self.fail(e));
        }
        loop {
            let from_head = self.head_at < self.head.len();
            let src: &[u8] = if from_head { self.head.get(self.head_at..).unwrap_or_default() } else { self.inner.fill_buf()? };
            let last = src.is_empty();
            let start = self.win.len();
            self.win.resize(start + DECODE_CHUNK, 0);
            let out = self.win.get_mut(start..).unwrap_or_default();
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(src, out, last);
            let bad = match result {
                encoding_rs::DecoderResult::Malformed(len, extra) => {
                    src.get(read.saturating_sub(len as usize + extra as usize)).copied()
                }
                _ => None,
            };
            self.win.truncate(start + written);
            if let Some(i) = self.win.get(start..).and_then(|w| w.iter().position(|&b| b == 0)) {
                let at = self.location(self.win_offset + (start + i) as u64);
                return Err(self.fail(Error::encoding(self.format, crate::sources::text::NUL_MESSAGE).at(at)));
            }
            if from_head {
                self.head_at += read;
                if self.head_at >= self.head.len() {
                    self.head = Vec::new();
                    self.head_at = 0;
                }
            } else {
                self.inner.consume(read);
            }
            match result {
                encoding_rs::DecoderResult::Malformed(..) => {
                    let at = self.location(self.win_offset + self.win.len() as u64);
                    let enc = self.decoder.encoding();
                    let message = match bad {
                        Some(b) if enc == encoding_rs::UTF_8 => format!("invalid UTF-8 byte 0x{b:02X}"),
                        _ => format!("invalid {} byte sequence", enc.name()),
                    };
                    let e = Error::encoding(self.format, message).at(at);
                    return Err(self.fail(e));
                }
                encoding_rs::DecoderResult::InputEmpty if last => {
                    self.done = true;
                    return Ok(());
                }
                _ if written > 0 => return Ok(()),
                _ => {}
            }
        }
    }
}

impl<R: std::io::BufRead> std::io::Read for Decoded<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = {
            let available = std::io::BufRead::fill_buf(self)?;
            let n = available.len().min(out.len());
            if let (Some(dst), Some(src)) = (out.get_mut(..n), available.get(..n)) {
                dst.copy_from_slice(src);
            }
            n
        };
        std::io::BufRead::consume(self, n);
        Ok(n)
    }
}

impl<R: std::io::BufRead> std::io::BufRead for Decoded<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        while self.read >= self.win.len() && !self.done {
            self.refill()?;
        }
        Ok(self.win.get(self.read..).unwrap_or_default())
    }

    fn consume(&mut self, n: usize) {
        self.read = (self.read + n).min(self.win.len());
    }
}

/// What [`XmlStream::next_event`] hands out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamEvent {
    /// A container element started (its children follow as events). No children.
    Open(Element),
    /// The innermost open container ended.
    Close(Element),
    /// A complete element whose parent is a container, with all its content.
    Subtree(Element),
    /// Something ignored on purpose (as in [`Document::ignored`]).
    Ignored(usize, String),
}

/// Which elements a stream keeps open instead of building: called with the
/// open containers (outermost first) and a new element whose parent is the
/// innermost of them. The root is always asked with no containers.
pub type IsContainer = fn(&[Element], &Element) -> bool;

/// A streaming, equally safe counterpart of [`parse`]: reads from any
/// [`std::io::BufRead`] and hands out one subtree at a time.
///
/// Container elements (the root, say, and a TMX `<body>`) are only opened and
/// closed; every other child of a container is built whole and handed out as a
/// [`StreamEvent::Subtree`], then forgotten. Memory is bounded by the largest
/// subtree ([`MAX_SUBTREE_BYTES`]), not by the input.
///
/// The safety rules are [`parse`]'s: DOCTYPE entity declarations are refused
/// before anything is expanded, only predefined entities and character
/// references are resolved (in containers too), the depth, text, attribute
/// and (per subtree) element limits apply, well-formedness errors name the
/// line and column. The encoding is detected from the first KiB as in
/// [`decode`] and decoded on the fly with `encoding_rs`; bytes invalid in it are
/// an [`ErrorKind::Encoding`] error at their line. Offsets ([`Element::pos`])
/// are in the decoded text, without the byte order mark.
pub struct XmlStream<R: std::io::BufRead> {
    reader: Reader<Decoded<R>>,
    buf: Vec<u8>,
    format: Format,
    is_container: IsContainer,
    containers: Vec<Element>,
    building: Vec<Element>,
    text_len: Vec<usize>,
    elements: usize,
    seen_doctype: bool,
    /// The root's name, once it has ended.
    root_done: Option<String>,
    pending: Option<StreamEvent>,
    finished: bool,
}

impl<R: std::io::BufRead> std::fmt::Debug for XmlStream<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlStream")
            .field("position", &self.reader.buffer_position())
            .field("containers", &self.containers.iter().map(|e| e.name.as_str()).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl<R: std::io::BufRead> XmlStream<R> {
    /// Starts reading: reads up to 1 KiB to detect the encoding.
    ///
    /// # Errors
    /// [`ErrorKind::Encoding`] for an unknown declared encoding; I/O errors.
    pub fn new(mut input: R, format: Format, source: &SourceName, is_container: IsContainer) -> Result<Self> {
        let mut head = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(&mut input, 1024), &mut head)?;
        let (enc, skip) = detect_encoding(&head, format, source)?;
        let decoded = Decoded {
            inner: input,
            head,
            head_at: skip,
            decoder: enc.new_decoder_without_bom_handling(),
            win: Vec::new(),
            win_offset: 0,
            read: 0,
            base_line: 1,
            base_col: 0,
            pin: 0,
            done: false,
            error: None,
            format,
            source: source.clone(),
        };
        let mut reader = Reader::from_reader(decoded);
        configure(&mut reader);
        Ok(XmlStream {
            reader,
            buf: Vec::new(),
            format,
            is_container,
            containers: Vec::new(),
            building: Vec::new(),
            text_len: Vec::new(),
            elements: 0,
            seen_doctype: false,
            root_done: None,
            pending: None,
            finished: false,
        })
    }

    /// The location of an offset of the decoded text. Exact for offsets in the
    /// last event handed out (any element of a subtree, an opened container);
    /// earlier offsets are clamped to the oldest text still held.
    pub fn location(&self, pos: usize) -> Location {
        self.reader.get_ref().location(pos as u64)
    }

    /// The next event, or `None` after the root element has ended and the
    /// input is exhausted.
    ///
    /// # Errors
    /// As [`parse`], plus [`ErrorKind::Limit`] for a subtree or token larger
    /// than [`MAX_SUBTREE_BYTES`] and I/O errors.
    pub fn next_event(&mut self) -> Result<Option<StreamEvent>> {
        if let Some(ev) = self.pending.take() {
            return Ok(Some(ev));
        }
        if self.finished {
            return Ok(None);
        }
        let format = self.format;
        loop {
            let pos_u64 = self.reader.buffer_position();
            let pos = usize::try_from(pos_u64).unwrap_or(usize::MAX);
            self.reader.get_mut().pin = self.building.first().map_or(pos_u64, |e| e.pos as u64);
            self.buf.clear();
            let XmlStream { reader, buf, containers, building, text_len, .. } = self;
            let event = match reader.read_event_into(buf) {
                Ok(ev) => ev,
                Err(XmlError::Io(io)) => {
                    return Err(match reader.get_mut().error.take() {
                        Some(e) => e,
                        None => Error::from(std::io::Error::new(io.kind(), io.to_string())),
                    })
                }
                Err(e) => {
                    let at = usize::try_from(reader.error_position()).unwrap_or(pos);
                    let locate = |p: usize| reader.get_ref().location(p as u64);
                    return Err(convert_error(e, format, &locate, at));
                }
            };
            let decoded = reader.get_ref();
            let locate = |p: usize| decoded.location(p as u64);
            let loc: Locate<'_> = &locate;
            let root_seen = self.root_done.is_some() || !containers.is_empty() || !building.is_empty();
            match event {
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::DocType(dt) => {
                    if self.seen_doctype || root_seen {
                        return Err(syntax(format, loc, pos, "a DOCTYPE is only allowed once, before the root element"));
                    }
                    self.seen_doctype = true;
                    let mut ignored = Vec::new();
                    check_doctype(&dt.into_inner(), pos, loc, &mut ignored)?;
                    if let Some((at, what)) = ignored.pop() {
                        return Ok(Some(StreamEvent::Ignored(at, what)));
                    }
                }
                Event::Start(start) | Event::Empty(start) if self.root_done.is_some() => {
                    let first = self.root_done.as_deref().unwrap_or("");
                    let msg = format!(
                        "content after the root element: <{}> follows the end of <{first}> (a document has one root element)",
                        start.name().as_ref()
                    );
                    return Err(syntax(format, loc, pos, msg));
                }
                Event::Start(start) => {
                    if containers.len() + building.len() >= MAX_DEPTH {
                        return Err(Error::limit("XML element nesting depth", MAX_DEPTH as u64).at(loc(pos)));
                    }
                    if building.is_empty() {
                        self.elements = 0;
                    }
                    let el = element(&start, pos, format, loc, &mut self.elements, MAX_ELEMENTS)?;
                    if building.is_empty() && (self.is_container)(containers, &el) {
                        containers.push(el.clone());
                        return Ok(Some(StreamEvent::Open(el)));
                    }
                    building.push(el);
                    text_len.push(0);
                }
                Event::Empty(start) => {
                    if building.is_empty() {
                        self.elements = 0;
                    }
                    let el = element(&start, pos, format, loc, &mut self.elements, MAX_ELEMENTS)?;
                    if let Some(parent) = building.last_mut() {
                        parent.children.push(Node::Element(el));
                    } else if (self.is_container)(containers, &el) {
                        if containers.is_empty() {
                            self.root_done = Some(el.name.clone());
                        }
                        self.pending = Some(StreamEvent::Close(el.clone()));
                        return Ok(Some(StreamEvent::Open(el)));
                    } else {
                        if containers.is_empty() {
                            self.root_done = Some(el.name.clone());
                        }
                        return Ok(Some(StreamEvent::Subtree(el)));
                    }
                }
                Event::End(_) => {
                    if let Some(done) = building.pop() {
                        text_len.pop();
                        match building.last_mut() {
                            Some(parent) => parent.children.push(Node::Element(done)),
                            None => {
                                if containers.is_empty() {
                                    self.root_done = Some(done.name.clone());
                                }
                                return Ok(Some(StreamEvent::Subtree(done)));
                            }
                        }
                    } else {
                        let Some(done) = containers.pop() else {
                            return Err(syntax(format, loc, pos, "an end tag without a start tag"));
                        };
                        if containers.is_empty() {
                            self.root_done = Some(done.name.clone());
                        }
                        return Ok(Some(StreamEvent::Close(done)));
                    }
                }
                Event::Text(t) => {
                    let lead = t.len() - t.trim_start().len();
                    let node = Node::Text(t.xml10_content().into_owned());
                    stream_text(building, text_len, containers, node, self.root_done.is_some(), format, loc, pos.saturating_add(lead))?;
                }
                Event::CData(c) => {
                    let node = Node::Verbatim(c.xml10_content().into_owned());
                    stream_text(building, text_len, containers, node, self.root_done.is_some(), format, loc, pos)?;
                }
                Event::GeneralRef(r) => {
                    let node = Node::Verbatim(resolve_ref(&r, format, loc, pos)?);
                    stream_text(building, text_len, containers, node, self.root_done.is_some(), format, loc, pos)?;
                }
                Event::Eof => {
                    if let Some(open) = building.last().or(containers.last()) {
                        let msg = format!("unexpected end of input: <{}> is not closed", open.name);
                        return Err(syntax(format, loc, pos, msg));
                    }
                    if self.root_done.is_none() {
                        return Err(syntax(format, loc, pos, "no root element"));
                    }
                    self.finished = true;
                    return Ok(None);
                }
            }
        }
    }
}

/// Adds text to the subtree being built; in a container it is dropped (after
/// the checks), outside the root only whitespace is allowed.
#[allow(clippy::too_many_arguments)]
fn stream_text(
    building: &mut [Element],
    text_len: &mut [usize],
    containers: &[Element],
    node: Node,
    after_root: bool,
    format: Format,
    loc: Locate<'_>,
    pos: usize,
) -> Result<()> {
    if building.is_empty() && !containers.is_empty() {
        return Ok(());
    }
    push_text(building, text_len, node, after_root, format, loc, pos)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn src() -> SourceName {
        Some("t.xml".into())
    }

    fn err(input: &[u8]) -> Error {
        parse(input, Format::Xml, &src()).unwrap_err()
    }

    #[test]
    fn parses_text_refs_and_attributes() {
        let doc = parse(b"<a x='1 &amp; 2'>\n  b &lt; c&#10;d <![CDATA[<e>]]>\n</a>", Format::Xml, &src()).unwrap();
        assert_eq!(doc.root.attr("x"), Some("1 & 2"));
        assert_eq!(doc.root.text(), "b < c\nd <e>");
        assert!(doc.root.has_own_text());
    }

    #[test]
    fn errors_have_codes_and_lines() {
        for (input, code, line) in [
            (&b"<a>\n<b></c></a>"[..], "xml.syntax", 2),
            (b"<a></a>\n<b/>", "xml.syntax", 2),
            (b"<a></a>\ntext", "xml.syntax", 2),
            (b"<a>\n<b>", "xml.syntax", 2),
            (b"<a>&foo;</a>", "xml.entity", 1),
            (b"<a x='&foo;'/>", "xml.entity", 1),
            (b"<!DOCTYPE a [\n<!ENTITY e 'x'>]>\n<a>&e;</a>", "xml.entity", 1),
            (b"<!DOCTYPE a [<!ENTITY % p SYSTEM 'http://x/'> %p;]><a/>", "xml.entity", 1),
            (b"<a>ok\ncaf\xE9</a>", "xml.encoding", 2),
            (b"<?xml version='1.0' encoding='klingon'?><a/>", "xml.encoding", 1),
            (b"", "xml.syntax", 1),
        ] {
            let e = err(input);
            assert_eq!(e.code(), code, "{}: {e}", String::from_utf8_lossy(input));
            assert_eq!(e.location().map(|l| l.line), Some(line), "{}: {e}", String::from_utf8_lossy(input));
        }
    }

    #[test]
    fn external_dtd_is_ignored() {
        let doc = parse(b"<!DOCTYPE martif SYSTEM \"TBXcoreStructV02.dtd\">\n<martif/>", Format::Xml, &src()).unwrap();
        assert_eq!(doc.root.name, "martif");
        assert_eq!(doc.ignored.len(), 1);
    }

    #[test]
    fn decodes_declared_encodings_and_boms() {
        let doc = parse(b"<?xml version='1.0' encoding='windows-1254'?><a>\xDD\xFD</a>", Format::Xml, &src()).unwrap();
        assert_eq!(doc.root.text(), "İı");
        let doc = parse(b"\xFF\xFE<\0a\0/\0>\0", Format::Xml, &src()).unwrap();
        assert_eq!(doc.root.name, "a");
        let doc = parse(b"\xEF\xBB\xBF<a>\xC3\xA9</a>", Format::Xml, &src()).unwrap();
        assert_eq!(doc.root.text(), "é");
        // A declaration claiming UTF-16 on ASCII-compatible bytes is read as UTF-8.
        let doc = parse(b"<?xml version='1.0' encoding='UTF-16'?><a/>", Format::Xml, &src()).unwrap();
        assert_eq!(doc.root.name, "a");
    }

    #[test]
    fn limits_are_enforced() {
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert_eq!(err(deep.as_bytes()).code(), "limit.exceeded");
        let big = format!("<a>{}</a>", "x".repeat(MAX_TEXT_BYTES + 1));
        assert_eq!(err(big.as_bytes()).code(), "limit.exceeded");
    }

    #[test]
    fn document_locations_match_from_offset() {
        let doc = parse("<a>\n  <b>ç</b>\n<c/></a>".as_bytes(), Format::Xml, &src()).unwrap();
        for pos in 0..=doc.text.len() + 2 {
            assert_eq!(doc.location(pos), Location::from_offset(src(), &doc.text, pos), "{pos}");
        }
    }

    /// Reads a whole document through [`XmlStream`], the root as the only container.
    fn stream_all(input: &[u8]) -> Result<Vec<StreamEvent>> {
        fn root_only(open: &[Element], _: &Element) -> bool {
            open.is_empty()
        }
        // A tiny buffer so that tokens straddle refills.
        let mut s = XmlStream::new(std::io::BufReader::with_capacity(3, input), Format::Xml, &src(), root_only)?;
        let mut out = Vec::new();
        while let Some(ev) = s.next_event()? {
            out.push(ev);
        }
        Ok(out)
    }

    #[test]
    fn stream_errors_match_parse() {
        for input in [
            &b"<a>\n<b></c></a>"[..],
            b"<a></a>\n<b/>",
            b"<a></a>\ntext",
            b"<a>\n<b>",
            b"<a>&foo;</a>",
            b"<a x='&foo;'/>",
            b"<!DOCTYPE a [\n<!ENTITY e 'x'>]>\n<a>&e;</a>",
            b"<!DOCTYPE a [<!ENTITY % p SYSTEM 'http://x/'> %p;]><a/>",
            b"<a>ok\ncaf\xE9</a>",
            b"<a>\n\n<b>ok</b>\n  caf\xC3\xA9 \xFF</a>",
            b"\xFF\xFE<\0a\0>\0\n\0\0\xD8</\0a\0>\0",
            b"<?xml version='1.0' encoding='klingon'?><a/>",
            b"",
        ] {
            let expected = parse(input, Format::Xml, &src()).unwrap_err();
            let got = stream_all(input).unwrap_err();
            let shown = String::from_utf8_lossy(input);
            assert_eq!(got.code(), expected.code(), "{shown}: {got}");
            let (g, e) = (got.location().unwrap(), expected.location().unwrap());
            assert_eq!((g.line, g.column), (e.line, e.column), "{shown}: {got} / {expected}");
            assert_eq!(got.to_string(), expected.to_string(), "{shown}");
        }
    }

    #[test]
    fn stream_hands_out_subtrees_with_locations() {
        let input = "\u{FEFF}<r>\n <a x='1'>é<b/></a>\n <c>&#10;</c></r>".as_bytes();
        let events = stream_all(input).unwrap();
        let doc = parse(input, Format::Xml, &src()).unwrap();
        let subtrees: Vec<&Element> = events.iter().filter_map(|e| match e { StreamEvent::Subtree(el) => Some(el), _ => None }).collect();
        let expected: Vec<&Element> = doc.root.elements().collect();
        assert_eq!(subtrees, expected);
        assert!(matches!(events.first(), Some(StreamEvent::Open(r)) if r.name == "r"));
        assert!(matches!(events.last(), Some(StreamEvent::Close(r)) if r.name == "r"));
    }

    #[test]
    fn layout_whitespace_collapses() {
        assert_eq!(collapse_layout("a\n    b  c\td"), "a b  c d");
    }
}
