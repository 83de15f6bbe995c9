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
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Error::limit("XML input size in bytes", MAX_INPUT_BYTES as u64)
            .at(Location { source: source.clone(), ..Location::default() }));
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        return decode_with(enc, bytes.get(bom_len..).unwrap_or_default(), format, source);
    }
    if bytes.starts_with(b"<\0?\0") {
        return decode_with(encoding_rs::UTF_16LE, bytes, format, source);
    }
    if bytes.starts_with(b"\0<\0?") {
        return decode_with(encoding_rs::UTF_16BE, bytes, format, source);
    }
    let enc = match declared_encoding(bytes) {
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
    decode_with(enc, bytes, format, source)
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
) -> Result<String> {
    if enc == encoding_rs::UTF_8 {
        return match std::str::from_utf8(body) {
            Ok(s) => Ok(s.to_owned()),
            Err(e) => {
                let valid = e.valid_up_to();
                let prefix = std::str::from_utf8(body.get(..valid).unwrap_or_default()).unwrap_or_default();
                let bad = body.get(valid).copied().unwrap_or(0);
                Err(Error::encoding(format, format!("invalid UTF-8 byte 0x{bad:02X}"))
                    .at(Location::from_offset(source.clone(), prefix, valid)))
            }
        };
    }
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder.max_utf8_buffer_length_without_replacement(body.len()).unwrap_or(usize::MAX);
    if cap > MAX_INPUT_BYTES.saturating_mul(3) {
        return Err(Error::limit("XML input size in bytes", MAX_INPUT_BYTES as u64));
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
    let text = decode(bytes, format, source)?;
    let (root, ignored) = build(&text, format, source)?;
    let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    Ok(Document { text, root, source: source.clone(), ignored, line_starts })
}

fn syntax(format: Format, source: &SourceName, text: &str, pos: usize, msg: impl Into<String>) -> Error {
    Error::syntax(format, msg).at(location_at(source, text, pos))
}

/// Builds the tree of an already decoded document.
fn build(text: &str, format: Format, source: &SourceName) -> Result<(Element, Vec<(usize, String)>)> {
    let mut reader = Reader::from_str(text);
    {
        let config = reader.config_mut();
        config.check_end_names = true;
        config.check_comments = false;
        config.expand_empty_elements = false;
        config.trim_text(false);
    }
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut ignored = Vec::new();
    let mut elements = 0usize;
    let mut text_len: Vec<usize> = Vec::new();
    let mut seen_doctype = false;
    loop {
        let pos = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(pos);
                return Err(convert_error(e, format, source, text, at));
            }
        };
        match event {
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::DocType(dt) => {
                if seen_doctype || root.is_some() || !stack.is_empty() {
                    return Err(syntax(format, source, text, pos, "a DOCTYPE is only allowed once, before the root element"));
                }
                seen_doctype = true;
                check_doctype(&dt.into_inner(), pos, source, text, &mut ignored)?;
            }
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let first = root.as_ref().map_or("", |r| r.name.as_str());
                let msg = format!(
                    "content after the root element: <{}> follows the end of <{first}> (a document has one root element)",
                    start.name().as_ref()
                );
                return Err(syntax(format, source, text, pos, msg));
            }
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Error::limit("XML element nesting depth", MAX_DEPTH as u64)
                        .at(location_at(source, text, pos)));
                }
                let el = element(&start, pos, format, source, text, &mut elements)?;
                stack.push(el);
                text_len.push(0);
            }
            Event::Empty(start) => {
                let el = element(&start, pos, format, source, text, &mut elements)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(syntax(format, source, text, pos, "an end tag without a start tag"));
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
                push_text(&mut stack, &mut text_len, Node::Text(content.into_owned()), root.is_some(), format, source, text, at)?;
            }
            Event::CData(c) => {
                let content = c.xml10_content();
                push_text(&mut stack, &mut text_len, Node::Verbatim(content.into_owned()), root.is_some(), format, source, text, pos)?;
            }
            Event::GeneralRef(r) => {
                let resolved: String = if r.is_char_ref() {
                    match r.resolve_char_ref() {
                        Ok(Some(c)) if is_xml_char(c) => c.to_string(),
                        _ => {
                            return Err(syntax(
                                format,
                                source,
                                text,
                                pos,
                                format!("invalid character reference &{};", r.into_inner()),
                            ))
                        }
                    }
                } else {
                    let name = r.into_inner();
                    match resolve_predefined_entity(&name) {
                        Some(s) => s.to_string(),
                        None => {
                            return Err(Error::new(ErrorKind::XmlEntity {
                                message: format!("undeclared entity reference &{name};"),
                            })
                            .at(location_at(source, text, pos)))
                        }
                    }
                };
                push_text(&mut stack, &mut text_len, Node::Verbatim(resolved), root.is_some(), format, source, text, pos)?;
            }
            Event::Eof => {
                if let Some(open) = stack.last() {
                    return Err(syntax(
                        format,
                        source,
                        text,
                        text.len(),
                        format!("unexpected end of input: <{}> is not closed", open.name),
                    ));
                }
                return match root {
                    Some(r) => Ok((r, ignored)),
                    None => Err(syntax(format, source, text, text.len(), "no root element")),
                };
            }
        }
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
    source: &SourceName,
    text: &str,
    pos: usize,
) -> Result<()> {
    let (Node::Text(s) | Node::Verbatim(s)) = &node else { return Ok(()) };
    let Some(parent) = stack.last_mut() else {
        let literal_ws = matches!(&node, Node::Text(t) if t.trim().is_empty());
        if literal_ws {
            return Ok(());
        }
        let msg = if after_root { "content after the root element" } else { "text before the root element" };
        return Err(syntax(format, source, text, pos, msg));
    };
    if let Some(len) = text_len.last_mut() {
        *len = len.saturating_add(s.len());
        if *len > MAX_TEXT_BYTES {
            return Err(Error::limit(format!("text of <{}> in bytes", parent.name), MAX_TEXT_BYTES as u64)
                .at(location_at(source, text, pos)));
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
    source: &SourceName,
    text: &str,
    count: &mut usize,
) -> Result<Element> {
    *count += 1;
    if *count > MAX_ELEMENTS {
        return Err(Error::limit("number of XML elements", MAX_ELEMENTS as u64).at(location_at(source, text, pos)));
    }
    let name = start.name().as_ref().to_string();
    let mut attributes = Vec::new();
    for attr in start.attributes().with_checks(true) {
        let attr = attr.map_err(|e| syntax(format, source, text, pos, format!("bad attribute in <{name}>: {e}")))?;
        if attributes.len() >= MAX_ATTRIBUTES {
            return Err(Error::limit(format!("number of attributes on <{name}>"), MAX_ATTRIBUTES as u64)
                .at(location_at(source, text, pos)));
        }
        let key = attr.key.as_ref().to_string();
        if attr.value.len() > MAX_TEXT_BYTES {
            return Err(Error::limit(format!("attribute {key} in bytes"), MAX_TEXT_BYTES as u64)
                .at(location_at(source, text, pos)));
        }
        let value = match attr.normalized_value_with(XmlVersion::Implicit1_0, 1, resolve_predefined_entity) {
            Ok(v) => v.into_owned(),
            Err(XmlError::Escape(EscapeError::UnrecognizedEntity(_, entity))) => {
                return Err(Error::new(ErrorKind::XmlEntity {
                    message: format!("undeclared entity reference &{entity}; in attribute {key}"),
                })
                .at(location_at(source, text, pos)))
            }
            Err(e) => return Err(syntax(format, source, text, pos, format!("bad value of attribute {key}: {e}"))),
        };
        attributes.push((key, value));
    }
    Ok(Element { name, attributes, children: Vec::new(), pos })
}

/// Applies the DOCTYPE policy to the content of `<!DOCTYPE …>`.
fn check_doctype(
    content: &str,
    pos: usize,
    source: &SourceName,
    text: &str,
    ignored: &mut Vec<(usize, String)>,
) -> Result<()> {
    let refuse = |message: String| Err(Error::new(ErrorKind::XmlEntity { message }).at(location_at(source, text, pos)));
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

fn convert_error(e: XmlError, format: Format, source: &SourceName, text: &str, pos: usize) -> Error {
    match e {
        XmlError::IllFormed(IllFormedError::MismatchedEndTag { expected, found }) => syntax(
            format,
            source,
            text,
            pos,
            format!("mismatched end tag: expected </{expected}>, found </{found}>"),
        ),
        XmlError::IllFormed(IllFormedError::UnmatchedEndTag(name)) => {
            syntax(format, source, text, pos, format!("end tag </{name}> without a start tag"))
        }
        XmlError::IllFormed(IllFormedError::MissingEndTag(name)) => {
            syntax(format, source, text, pos, format!("unexpected end of input: <{name}> is not closed"))
        }
        XmlError::Escape(EscapeError::UnrecognizedEntity(_, entity)) => {
            Error::new(ErrorKind::XmlEntity { message: format!("undeclared entity reference &{entity};") })
                .at(location_at(source, text, pos))
        }
        XmlError::Syntax(s) => syntax(format, source, text, pos, format!("{s} (unexpected end of input?)")),
        other => syntax(format, source, text, pos, other.to_string()),
    }
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

    #[test]
    fn layout_whitespace_collapses() {
        assert_eq!(collapse_layout("a\n    b  c\td"), "a b  c d");
    }
}
