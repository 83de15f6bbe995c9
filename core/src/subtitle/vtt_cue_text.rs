//! WebVTT cue text: the W3C tokenizer and tree builder, and plain text for matching.
//!
//! [`parse`] follows "WebVTT cue text parsing rules" of the W3C WebVTT spec:
//! tags `c i b u ruby rt v lang` (with classes and annotations), HTML character
//! references (all named ones, from the `entities` crate's copy of the HTML
//! table, legacy ones without `;`, numeric ones), and
//! timestamp tags. Unknown tags and mismatched end tags are dropped, as the
//! spec says. [`CueText::tree`] prints the tree in the notation of the W3C
//! tests; [`CueText::plain`] is the text a reader sees, ruby text (`<rt>`) left
//! out, with offsets back into the cue text.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::PlainText;

/// A parsed cue text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CueText {
    /// The top-level nodes.
    pub children: Vec<Node>,
    raw_len: usize,
}

/// A node of a cue-text tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Text, character references decoded.
    Text(TextNode),
    /// An element: `c`, `i`, `b`, `u`, `ruby`, `rt`, `v` or `lang`.
    Element(Element),
    /// A timestamp tag (`<00:00:01.500>`), in milliseconds.
    Timestamp(u64),
}

/// A text node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextNode {
    /// The decoded text.
    pub text: String,
    /// (decoded piece, raw start, raw end) for every character or reference.
    pieces: Vec<(String, usize, usize)>,
}

/// An element of a cue-text tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// The cue-text tag name (`c`, `v`, `lang`…).
    pub name: String,
    /// Its classes (`<c.yellow.big>`).
    pub classes: Vec<String>,
    /// The annotation: the speaker of `<v Name>`, the language of `<lang fr>`.
    pub annotation: Option<String>,
    /// Its children.
    pub children: Vec<Node>,
}

#[derive(Debug)]
enum Token {
    Text(Vec<(String, usize, usize)>),
    Start {
        name: String,
        classes: Vec<String>,
        annotation: Option<String>,
    },
    End(String),
    Timestamp(String),
}

/// The HTML named character references, keyed without the `&`: `amp;`, and
/// `amp` for the legacy ones HTML also accepts without a `;`.
fn named_refs() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        entities::ENTITIES
            .iter()
            .map(|e| (e.entity.strip_prefix('&').unwrap_or(e.entity), e.characters))
            .collect()
    })
}

/// Consumes a character reference at `s` (just after `&`); returns the text
/// and the number of bytes consumed, or `None` (the `&` is then literal).
fn char_ref(s: &str) -> Option<(String, usize)> {
    if let Some(num) = s.strip_prefix('#') {
        let (hex, digits_at) = match num.as_bytes().first() {
            Some(b'x' | b'X') => (true, 1),
            _ => (false, 0),
        };
        let body = num.get(digits_at..)?;
        let len = body
            .bytes()
            .take_while(|b| if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() })
            .count();
        if len == 0 {
            return None;
        }
        let digits = body.get(..len)?;
        let value = u32::from_str_radix(digits, if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        let c = match value {
            0x80..=0x9F => {
                let byte = [u8::try_from(value).unwrap_or(0)];
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(&byte)
                    .0
                    .chars()
                    .next()
                    .unwrap_or('\u{FFFD}')
            }
            _ => char::from_u32(value).filter(|&c| c != '\0').unwrap_or('\u{FFFD}'),
        };
        let semi = usize::from(body.get(len..).is_some_and(|r| r.starts_with(';')));
        return Some((c.to_string(), 1 + digits_at + len + semi));
    }
    // The longest name in the table: with its `;`, or a legacy name without one.
    let run = s.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let table = named_refs();
    if run > 0 && s.get(run..).is_some_and(|r| r.starts_with(';')) {
        if let Some(text) = s.get(..=run).and_then(|name| table.get(name)) {
            return Some((text.to_string(), run + 1));
        }
    }
    (1..=run)
        .rev()
        .find_map(|n| s.get(..n).and_then(|name| table.get(name)).map(|t| (t.to_string(), n)))
}

fn is_ws(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\x0C' | ' ' | '\r')
}

/// The tokenizer: the next token from `pos`, and the position after it.
fn next_token(text: &str, mut pos: usize) -> Option<(Token, usize)> {
    #[derive(Clone, Copy)]
    enum State {
        Data,
        Tag,
        StartTag,
        Class,
        Annotation,
        EndTag,
        Timestamp,
    }
    if pos >= text.len() {
        return None;
    }
    let mut state = State::Data;
    let mut pieces: Vec<(String, usize, usize)> = Vec::new();
    let mut result = String::new();
    let mut buffer = String::new();
    let mut classes: Vec<String> = Vec::new();
    let annotation = |b: &str| Some(b.split(is_ws).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" "));
    loop {
        let c = text.get(pos..).and_then(|r| r.chars().next());
        let width = c.map_or(0, char::len_utf8);
        match state {
            State::Data => match c {
                Some('&') => {
                    let rest = text.get(pos + 1..).unwrap_or_default();
                    match char_ref(rest) {
                        Some((s, n)) => {
                            pieces.push((s, pos, pos + 1 + n));
                            pos += 1 + n;
                        }
                        None => {
                            pieces.push(("&".into(), pos, pos + 1));
                            pos += 1;
                        }
                    }
                    continue;
                }
                Some('<') if pieces.is_empty() => state = State::Tag,
                Some('<') | None => return Some((Token::Text(pieces), pos)),
                Some('\0') => pieces.push(("\u{FFFD}".into(), pos, pos + 1)),
                Some(c) => pieces.push((c.to_string(), pos, pos + width)),
            },
            State::Tag => match c {
                Some(c) if is_ws(c) => state = State::Annotation,
                Some('.') => state = State::Class,
                Some('/') => state = State::EndTag,
                Some(d) if d.is_ascii_digit() => {
                    result.push(d);
                    state = State::Timestamp;
                }
                Some('>') => {
                    return Some((
                        Token::Start {
                            name: String::new(),
                            classes,
                            annotation: None,
                        },
                        pos + 1,
                    ))
                }
                None => {
                    return Some((
                        Token::Start {
                            name: String::new(),
                            classes,
                            annotation: None,
                        },
                        pos,
                    ))
                }
                Some(c) => {
                    result.push(c);
                    state = State::StartTag;
                }
            },
            State::StartTag => match c {
                Some(c) if is_ws(c) => state = State::Annotation,
                Some('.') => state = State::Class,
                Some('>') => {
                    return Some((
                        Token::Start {
                            name: result,
                            classes,
                            annotation: None,
                        },
                        pos + 1,
                    ))
                }
                None => {
                    return Some((
                        Token::Start {
                            name: result,
                            classes,
                            annotation: None,
                        },
                        pos,
                    ))
                }
                Some(c) => result.push(c),
            },
            State::Class => match c {
                Some(c) if is_ws(c) => {
                    classes.push(std::mem::take(&mut buffer));
                    state = State::Annotation;
                }
                Some('.') => classes.push(std::mem::take(&mut buffer)),
                Some('>') | None => {
                    classes.push(std::mem::take(&mut buffer));
                    let next = if c.is_some() { pos + 1 } else { pos };
                    return Some((
                        Token::Start {
                            name: result,
                            classes,
                            annotation: None,
                        },
                        next,
                    ));
                }
                Some(c) => buffer.push(c),
            },
            State::Annotation => match c {
                Some('&') => {
                    let rest = text.get(pos + 1..).unwrap_or_default();
                    match char_ref(rest) {
                        Some((s, n)) => {
                            buffer.push_str(&s);
                            pos += 1 + n;
                        }
                        None => {
                            buffer.push('&');
                            pos += 1;
                        }
                    }
                    continue;
                }
                Some('>') => {
                    return Some((
                        Token::Start {
                            name: result,
                            classes,
                            annotation: annotation(&buffer),
                        },
                        pos + 1,
                    ))
                }
                None => {
                    return Some((
                        Token::Start {
                            name: result,
                            classes,
                            annotation: annotation(&buffer),
                        },
                        pos,
                    ))
                }
                Some(c) => buffer.push(c),
            },
            State::EndTag => match c {
                Some('>') => return Some((Token::End(result), pos + 1)),
                None => return Some((Token::End(result), pos)),
                Some(c) => result.push(c),
            },
            State::Timestamp => match c {
                Some('>') => return Some((Token::Timestamp(result), pos + 1)),
                None => return Some((Token::Timestamp(result), pos)),
                Some(c) => result.push(c),
            },
        }
        pos += width;
    }
}

/// An element under construction: (name, classes, annotation, children, parent).
struct Building {
    element: Element,
    parent: usize,
}

/// Parses cue text by the W3C rules (see the module docs).
///
/// # Example
/// ```
/// use crosscut::subtitle::vtt_cue_text::parse;
/// let t = parse("<v Mei>Hello <c.loud>there</c> &amp; bye");
/// assert_eq!(t.tree(), "| <span>\n|   title=\"Mei\"\n|   \"Hello \"\n|   <span>\n|     class=\"loud\"\n|     \"there\"\n|   \" & bye\"\n");
/// assert_eq!(t.plain().text, "Hello there & bye");
/// ```
pub fn parse(text: &str) -> CueText {
    // Index 0 is the root; `current` walks the open elements.
    let mut arena = vec![Building {
        element: Element {
            name: String::new(),
            classes: vec![],
            annotation: None,
            children: vec![],
        },
        parent: 0,
    }];
    // Children are built as placeholders pointing into the arena, then assembled.
    let mut kids: Vec<Vec<Slot>> = vec![Vec::new()];
    enum Slot {
        Leaf(Node),
        Child(usize),
    }
    let mut current = 0usize;
    let mut pos = 0;
    while let Some((token, next)) = next_token(text, pos) {
        pos = next;
        match token {
            Token::Text(pieces) => {
                let text: String = pieces.iter().map(|p| p.0.as_str()).collect();
                if let Some(k) = kids.get_mut(current) {
                    k.push(Slot::Leaf(Node::Text(TextNode { text, pieces })));
                }
            }
            Token::Start {
                name,
                classes,
                annotation,
            } => {
                let is_ruby = arena.get(current).is_some_and(|b| b.element.name == "ruby");
                let keep = match name.as_str() {
                    "c" | "i" | "b" | "u" | "ruby" => true,
                    "rt" => is_ruby,
                    "v" | "lang" => true,
                    _ => false,
                };
                if !keep {
                    continue;
                }
                let annotation = match name.as_str() {
                    "v" | "lang" => Some(annotation.unwrap_or_default()),
                    _ => None,
                };
                let classes = classes.into_iter().filter(|c| !c.is_empty()).collect();
                arena.push(Building {
                    element: Element {
                        name,
                        classes,
                        annotation,
                        children: vec![],
                    },
                    parent: current,
                });
                kids.push(Vec::new());
                let id = arena.len() - 1;
                if let Some(k) = kids.get_mut(current) {
                    k.push(Slot::Child(id));
                }
                current = id;
            }
            Token::End(name) => {
                let Some(node) = arena.get(current) else { continue };
                if current != 0 && node.element.name == name {
                    current = node.parent;
                } else if name == "ruby" && node.element.name == "rt" {
                    current = arena.get(node.parent).map_or(0, |p| p.parent);
                }
            }
            Token::Timestamp(s) => {
                if let Some(ms) = super::vtt::parse_timestamp(&s) {
                    if let Some(k) = kids.get_mut(current) {
                        k.push(Slot::Leaf(Node::Timestamp(ms)));
                    }
                }
            }
        }
    }
    // Assemble bottom-up: children always have larger indexes than their parents.
    let mut built: Vec<Option<Vec<Node>>> = (0..arena.len()).map(|_| None).collect();
    for i in (0..arena.len()).rev() {
        let slots = kids.get_mut(i).map(std::mem::take).unwrap_or_default();
        let mut nodes = Vec::with_capacity(slots.len());
        for s in slots {
            match s {
                Slot::Leaf(n) => nodes.push(n),
                Slot::Child(c) => {
                    let children = built.get_mut(c).and_then(Option::take).unwrap_or_default();
                    if let Some(b) = arena.get_mut(c) {
                        let mut e = std::mem::replace(
                            &mut b.element,
                            Element {
                                name: String::new(),
                                classes: vec![],
                                annotation: None,
                                children: vec![],
                            },
                        );
                        e.children = children;
                        nodes.push(Node::Element(e));
                    }
                }
            }
        }
        if let Some(slot) = built.get_mut(i) {
            *slot = Some(nodes);
        }
    }
    let children = built.into_iter().next().flatten().unwrap_or_default();
    CueText {
        children,
        raw_len: text.len(),
    }
}

impl CueText {
    /// The tree in the notation of the W3C tests (html5lib style).
    pub fn tree(&self) -> String {
        let mut out = String::new();
        for n in &self.children {
            write_node(n, 0, &mut out);
        }
        out
    }

    /// The text without markup (ruby text left out), with offsets into the cue text.
    pub fn plain(&self) -> PlainText {
        let mut pieces = Vec::new();
        collect(&self.children, &mut pieces);
        PlainText::from_pieces(&pieces, self.raw_len)
    }
}

fn collect(nodes: &[Node], out: &mut Vec<(String, usize, usize)>) {
    for n in nodes {
        match n {
            Node::Text(t) => out.extend(t.pieces.iter().cloned()),
            Node::Element(e) if e.name == "rt" => {}
            Node::Element(e) => collect(&e.children, out),
            Node::Timestamp(_) => {}
        }
    }
}

fn write_node(node: &Node, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    match node {
        Node::Text(t) => out.push_str(&format!("| {pad}\"{}\"\n", t.text)),
        Node::Timestamp(ms) => out.push_str(&format!("| {pad}<?timestamp {}>\n", super::timing::format_vtt(*ms))),
        Node::Element(e) => {
            let tag = match e.name.as_str() {
                "c" | "v" | "lang" => "span",
                other => other,
            };
            out.push_str(&format!("| {pad}<{tag}>\n"));
            let mut attrs: Vec<(&str, String)> = Vec::new();
            if !e.classes.is_empty() {
                attrs.push(("class", e.classes.join(" ")));
            }
            match (e.name.as_str(), &e.annotation) {
                ("v", Some(a)) => attrs.push(("title", a.clone())),
                ("lang", Some(a)) => attrs.push(("lang", a.clone())),
                _ => {}
            }
            attrs.sort();
            for (k, v) in attrs {
                out.push_str(&format!("| {pad}  {k}=\"{v}\"\n"));
            }
            for c in &e.children {
                write_node(c, depth + 1, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    macro_rules! t {
        ($raw:expr, $plain:expr) => {
            assert_eq!(parse($raw).plain().text, $plain, "{:?}", $raw)
        };
    }

    #[test]
    fn plain_text() {
        t!("<i>Hi</i> &lt;there&gt;", "Hi <there>");
        t!("<ruby>漢字<rt>かんじ</rt></ruby>です", "漢字です");
        t!("a<00:00:01.000>b", "ab");
        t!("<lang fr>déjà vu</lang>", "déjà vu");
        t!("&notit;", "¬it;");
    }

    #[test]
    fn offsets_map_back() {
        let raw = "<b>fish &amp; chips</b>";
        let p = parse(raw).plain();
        assert_eq!(p.text, "fish & chips");
        assert_eq!(p.raw_range(0, 4), (3, 7));
        assert_eq!(p.raw_range(5, 6), (8, 13));
        assert_eq!(p.raw_range(7, 12), (14, 19));
    }
}
