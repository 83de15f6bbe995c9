//! The translation-memory model: units, segments with inline codes, plain data.
//!
//! A [`Unit`] is one translation unit: a source [`Variant`] and one or more
//! target variants, each a [`Segment`] in a BCP 47 language, with dates, users,
//! an [`Origin`], a [`Context`], properties and notes. A [`Segment`] keeps
//! TMX inline markup (`bpt ept it ph hi ut sub`) as structured [`Tag`]s, so
//! matching can treat each code as one placeholder token and export can write
//! it back exactly.
//!
//! Like the concept model, these types are stored with `bincode` inside an
//! artifact, so no field is ever skipped during serialization.

use serde::{Deserialize, Serialize};

/// One translation unit: a source segment and its translations.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Unit {
    /// The unit's id in its source (TMX `tuid`), if any.
    pub id: Option<String>,
    /// The source segment.
    pub source: Variant,
    /// Translations, in source order; one per distinct (language, text).
    pub targets: Vec<Variant>,
    /// When the unit was created (TMX date, `YYYYMMDDThhmmssZ`).
    pub created: Option<String>,
    /// Who created it.
    pub creator: Option<String>,
    /// When it was last changed (TMX date).
    pub changed: Option<String>,
    /// Who last changed it.
    pub changer: Option<String>,
    /// Where it came from.
    pub origin: Origin,
    /// The source segments around it, or a context id.
    pub context: Context,
    /// Properties (`<prop type="…">`), in order.
    pub props: Vec<Prop>,
    /// Notes, in order.
    pub notes: Vec<String>,
}

/// A segment in one language with its own metadata (a TMX `tuv`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Variant {
    /// Canonical BCP 47 language tag.
    pub lang: String,
    /// The text with its inline codes.
    pub segment: Segment,
    /// When this variant was created (TMX date).
    pub created: Option<String>,
    /// Who created it.
    pub creator: Option<String>,
    /// When it was last changed (TMX date).
    pub changed: Option<String>,
    /// Who last changed it.
    pub changer: Option<String>,
    /// How many times this translation was seen (merged duplicates add up; at least 1).
    pub count: u32,
    /// Properties, in order.
    pub props: Vec<Prop>,
    /// Notes, in order.
    pub notes: Vec<String>,
}

/// A property: a type and a value (TMX `<prop type="x">value</prop>`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Prop {
    /// The property type (`x-project`, `Txt::FileName`, …).
    pub kind: String,
    /// The value.
    pub value: String,
}

/// Where a unit came from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Origin {
    /// The file it was imported from (its name, not a path).
    pub file: Option<String>,
    /// The project it belongs to (from an `x-project`/`project` property, or given at import).
    pub project: Option<String>,
}

/// The context of a unit: its neighbouring source segments, or an id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
pub struct Context {
    /// The previous source segment, as plain text.
    pub prev: Option<String>,
    /// The next source segment, as plain text.
    pub next: Option<String>,
    /// A context id (a subtitle cue id, a string key).
    pub id: Option<String>,
}

impl Context {
    /// Whether nothing is known about the context.
    pub fn is_empty(&self) -> bool {
        self.prev.is_none() && self.next.is_none() && self.id.is_none()
    }

    /// Whether `self` (a query's context) matches `unit`'s context: every part
    /// the query gives is present in the unit and equal (texts compared after
    /// whitespace collapsing). An empty query context matches nothing.
    pub fn matches(&self, unit: &Context) -> bool {
        if self.is_empty() {
            return false;
        }
        let same = |q: &Option<String>, u: &Option<String>| match (q, u) {
            (None, _) => true,
            (Some(a), Some(b)) => collapse_ws(a) == collapse_ws(b),
            (Some(_), None) => false,
        };
        same(&self.prev, &unit.prev) && same(&self.next, &unit.next) && same(&self.id, &unit.id)
    }
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A segment: text interleaved with inline codes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
pub struct Segment {
    /// The pieces, in order. Adjacent text pieces are merged by the readers.
    pub spans: Vec<SegmentPiece>,
}

/// A piece of a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
pub enum SegmentPiece {
    /// Translatable text.
    Text(String),
    /// An inline code: one placeholder for matching.
    Tag(Tag),
}

/// An inline code of TMX 1.4b.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Hash)]
pub struct Tag {
    /// Which element it is.
    pub kind: TagKind,
    /// Its attributes (`i`, `x`, `type`, `pos`, `assoc`…), in document order.
    pub attrs: Vec<(String, String)>,
    /// Its content: native code, with `<sub>` sub-flows. Empty for `HiEnd`.
    pub code: Vec<Code>,
}

/// The kind of an inline code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum TagKind {
    /// `<bpt>`: the start of a paired native code.
    Bpt,
    /// `<ept>`: the end of a paired native code.
    Ept,
    /// `<it>`: an isolated code whose partner is outside the segment (`pos="begin|end"`).
    It,
    /// `<ph>`: a standalone code.
    #[default]
    Ph,
    /// `<ut>`: an unknown code (deprecated in TMX 1.4b, kept as is).
    Ut,
    /// The start of a `<hi>` element (its text stays in the segment).
    HiStart,
    /// The end of a `<hi>` element.
    HiEnd,
}

impl TagKind {
    /// The TMX element name (`hi` for both ends of a highlight).
    pub fn element(self) -> &'static str {
        match self {
            TagKind::Bpt => "bpt",
            TagKind::Ept => "ept",
            TagKind::It => "it",
            TagKind::Ph => "ph",
            TagKind::Ut => "ut",
            TagKind::HiStart | TagKind::HiEnd => "hi",
        }
    }
}

/// A piece of an inline code's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Hash)]
pub enum Code {
    /// Native code, as text (`<b>`, `{\b `).
    Native(String),
    /// A `<sub>` sub-flow: translatable text inside the code (an `alt` attribute…).
    Sub {
        /// Its attributes (`datatype`, `type`).
        attrs: Vec<(String, String)>,
        /// Its content.
        segment: Segment,
    },
}

impl Tag {
    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The placeholder shown in plain text: `{1}` opens, `{/1}` closes, `{1/}`
    /// stands alone. The number is the `i` (pairing) or `x` attribute, else `ordinal`.
    pub fn placeholder(&self, ordinal: usize) -> String {
        let n = self.attr("i").or_else(|| self.attr("x")).map_or_else(|| ordinal.to_string(), str::to_string);
        match self.kind {
            TagKind::Bpt | TagKind::HiStart => format!("{{{n}}}"),
            TagKind::Ept | TagKind::HiEnd => format!("{{/{n}}}"),
            TagKind::It if self.attr("pos") == Some("end") => format!("{{/{n}}}"),
            TagKind::It => format!("{{{n}}}"),
            TagKind::Ph | TagKind::Ut => format!("{{{n}/}}"),
        }
    }

    /// What identifies the code for matching and repair: kind and `i`/`x`.
    pub fn identity(&self) -> (TagKind, Option<&str>, Option<&str>) {
        (self.kind, self.attr("i"), self.attr("x"))
    }

    /// The native code as text (sub-flows inlined), e.g. `<b>`.
    pub fn native(&self) -> String {
        let mut out = String::new();
        for c in &self.code {
            match c {
                Code::Native(s) => out.push_str(s),
                Code::Sub { segment, .. } => out.push_str(&segment.plain()),
            }
        }
        out
    }
}

impl Segment {
    /// A segment of plain text, without codes.
    pub fn text(text: impl Into<String>) -> Segment {
        let text = text.into();
        if text.is_empty() {
            return Segment::default();
        }
        Segment { spans: vec![SegmentPiece::Text(text)] }
    }

    /// The text with each code rendered as its placeholder (`{1}bold{/1}`).
    pub fn plain(&self) -> String {
        let mut out = String::new();
        let mut ordinal = 0;
        for s in &self.spans {
            match s {
                SegmentPiece::Text(t) => out.push_str(t),
                SegmentPiece::Tag(tag) => {
                    ordinal += 1;
                    out.push_str(&tag.placeholder(ordinal));
                }
            }
        }
        out
    }

    /// The text only, codes dropped.
    pub fn text_only(&self) -> String {
        let mut out = String::new();
        for s in &self.spans {
            if let SegmentPiece::Text(t) = s {
                out.push_str(t);
            }
        }
        out
    }

    /// The inline codes, in order.
    pub fn tags(&self) -> impl Iterator<Item = &Tag> {
        self.spans.iter().filter_map(|s| match s {
            SegmentPiece::Tag(t) => Some(t),
            SegmentPiece::Text(_) => None,
        })
    }

    /// Whether the segment has neither text (other than white space) nor codes.
    pub fn is_blank(&self) -> bool {
        self.spans.iter().all(|s| matches!(s, SegmentPiece::Text(t) if t.trim().is_empty()))
    }

    /// Appends text, merging it with a preceding text piece.
    pub fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.spans.last_mut() {
            Some(SegmentPiece::Text(prev)) => prev.push_str(text),
            _ => self.spans.push(SegmentPiece::Text(text.to_string())),
        }
    }
}

impl Unit {
    /// A unit of one plain-text source and one plain-text translation.
    pub fn pair(src: impl Into<String>, source: &str, tgt: impl Into<String>, target: &str) -> Unit {
        Unit {
            source: Variant::new(src, Segment::text(source)),
            targets: vec![Variant::new(tgt, Segment::text(target))],
            ..Unit::default()
        }
    }
}

impl Variant {
    /// A variant of plain text in `lang`, seen once.
    pub fn new(lang: impl Into<String>, segment: Segment) -> Variant {
        Variant { lang: lang.into(), segment, count: 1, ..Variant::default() }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn plain_renders_placeholders() {
        let tag = |kind, attrs: &[(&str, &str)]| {
            SegmentPiece::Tag(Tag {
                kind,
                attrs: attrs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
                code: vec![Code::Native("<b>".into())],
            })
        };
        let seg = Segment {
            spans: vec![
                SegmentPiece::Text("The ".into()),
                tag(TagKind::Bpt, &[("i", "1")]),
                SegmentPiece::Text("big".into()),
                tag(TagKind::Ept, &[("i", "1")]),
                SegmentPiece::Text(" cat".into()),
                tag(TagKind::Ph, &[]),
            ],
        };
        assert_eq!(seg.plain(), "The {1}big{/1} cat{3/}");
        assert_eq!(seg.text_only(), "The big cat");
        assert_eq!(seg.tags().count(), 3);
    }

    #[test]
    fn context_matching() {
        let unit = Context { prev: Some("Hello  there".into()), next: Some("Bye".into()), id: None };
        assert!(Context { prev: Some("Hello there".into()), ..Context::default() }.matches(&unit));
        assert!(!Context { prev: Some("Hello".into()), ..Context::default() }.matches(&unit));
        assert!(!Context::default().matches(&unit));
        assert!(!Context { id: Some("c1".into()), ..Context::default() }.matches(&unit));
    }
}
