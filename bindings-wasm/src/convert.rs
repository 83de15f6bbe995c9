//! Arguments in, plain JS objects out, both through JSON: one string crosses
//! the boundary each way, instead of one call per field (`JSON.parse` builds the
//! result objects in JS far faster than setting their fields from wasm).

use crosscut::artifact::Kind;
use crosscut::{
    AnnotateOptions, Annotation, ConcordanceHit, ConcordanceOptions, Context, DiffPart, Error, Info, LookupOptions,
    MatchMode, MemoryInfo, Origin, SearchOptions, Status, TmMatch,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// Results as plain objects: `null` for absent values, numbers for integers.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    let json = serde_json::to_string(value)
        .map_err(|e| Error::query(format!("cannot convert the result to JavaScript: {e}")))?;
    js_sys::JSON::parse(&json).map_err(|_| Error::query("cannot convert the result to JavaScript"))
}

/// Reads an options object; `undefined` and `null` mean all defaults. The
/// structs deny unknown fields, so a typo such as `fuzz` is refused by name.
fn options<T: DeserializeOwned + Default>(value: JsValue, what: &str) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() || js_sys::Array::is_array(&value) {
        return Err(Error::query(format!("{what} options must be an object")));
    }
    let json = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| Error::query(format!("{what} options must be a plain object")))?;
    serde_json::from_str(&json).map_err(|e| Error::query(format!("invalid {what} options: {e}")))
}

/// The options object of `lookup`, as JavaScript passes it.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct JsLookupOptions {
    lang: Option<String>,
    to: Option<Vec<String>>,
    fuzzy: Option<u32>,
    prefix: Option<bool>,
    regex: Option<bool>,
    domain: Option<String>,
    status: Option<Vec<String>>,
    limit: Option<usize>,
}

/// Parses the options object of `lookup`.
pub fn lookup_options(value: JsValue) -> Result<LookupOptions, Error> {
    let o: JsLookupOptions = options(value, "lookup")?;
    let mode = MatchMode::from_flags(o.fuzzy.unwrap_or(0), o.prefix.unwrap_or(false), o.regex.unwrap_or(false))?;
    let status = o.status.unwrap_or_default().iter().map(|s| Status::from_name(s)).collect::<Result<Vec<_>, _>>()?;
    let defaults = LookupOptions::default();
    Ok(LookupOptions {
        lang: o.lang,
        to: o.to.unwrap_or_default(),
        mode,
        domain: o.domain,
        status,
        limit: o.limit.unwrap_or(defaults.limit),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct JsAnnotateOptions {
    lang: Option<String>,
    to: Option<Vec<String>>,
    overlapping: Option<bool>,
    status: Option<Vec<String>>,
}

/// Parses the options object of `annotate`.
pub fn annotate_options(value: JsValue) -> Result<AnnotateOptions, Error> {
    let o: JsAnnotateOptions = options(value, "annotate")?;
    Ok(AnnotateOptions {
        lang: o.lang,
        to: o.to.unwrap_or_default(),
        overlapping: o.overlapping.unwrap_or(false),
        status: o.status.unwrap_or_default().iter().map(|s| Status::from_name(s)).collect::<Result<Vec<_>, _>>()?,
    })
}

/// A match as JavaScript sees it: offsets in UTF-16 code units, so
/// `text.slice(start, end)` is the match.
#[derive(Serialize)]
pub struct JsAnnotation<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    how: crosscut::MatchKind,
    status: Status,
    term: &'a crosscut::Term,
    concept: &'a crosscut::Concept,
    translations: &'a [crosscut::Term],
    preferred: &'a [crosscut::Term],
}

impl<'a> From<&'a Annotation> for JsAnnotation<'a> {
    fn from(a: &'a Annotation) -> JsAnnotation<'a> {
        JsAnnotation {
            text: &a.text,
            start: a.span.start_utf16,
            end: a.span.end_utf16,
            how: a.how,
            status: a.status,
            term: &a.term,
            concept: &a.concept,
            translations: &a.translations,
            preferred: &a.preferred,
        }
    }
}

/// The name of an artifact kind, as `Artifact.kind` and `info().kind` give it.
pub fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Glossary => "glossary",
        Kind::Memory => "memory",
        Kind::Bundle => "bundle",
    }
}

/// `Artifact.info()`: the glossary's info at the top level (when there is a
/// glossary), the memory's under `memory` (when there is one).
#[derive(Serialize)]
pub struct JsInfo<'a> {
    pub kind: &'static str,
    #[serde(flatten)]
    pub glossary: Option<&'a Info>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<&'a MemoryInfo>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct JsSearchOptions {
    src: Option<String>,
    tgt: Option<String>,
    top: Option<usize>,
    #[serde(rename = "minScore")]
    min_score: Option<u8>,
    origin: Option<String>,
    context: Option<Context>,
}

/// Parses the options of `tmSearch`; `src` and `tgt` are required.
pub fn search_options(value: JsValue) -> Result<SearchOptions, Error> {
    let o: JsSearchOptions = options(value, "tmSearch")?;
    let (Some(src), Some(tgt)) = (o.src, o.tgt) else {
        return Err(Error::query("tmSearch needs the languages of the text and of the translations: { src: \"en\", tgt: \"fr\" }"));
    };
    let mut options = SearchOptions::new(src, tgt);
    if let Some(top) = o.top {
        options = options.top(top);
    }
    if let Some(min_score) = o.min_score {
        if min_score > 101 {
            return Err(Error::query(format!("minScore is 0–101, not {min_score}")));
        }
        options = options.min_score(min_score);
    }
    if let Some(origin) = o.origin {
        options = options.origin(origin);
    }
    if let Some(context) = o.context {
        options = options.context(context);
    }
    Ok(options)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct JsConcordanceOptions {
    lang: Option<String>,
    tgt: Option<String>,
    top: Option<usize>,
    origin: Option<String>,
}

/// Parses the options of `tmConcordance`; `lang` is required.
pub fn concordance_options(value: JsValue) -> Result<ConcordanceOptions, Error> {
    let o: JsConcordanceOptions = options(value, "tmConcordance")?;
    let Some(lang) = o.lang else {
        return Err(Error::query("tmConcordance needs the language of the phrase: { lang: \"en\" }"));
    };
    let mut options = ConcordanceOptions::new(lang);
    if let Some(tgt) = o.tgt {
        options = options.tgt(tgt);
    }
    if let Some(top) = o.top {
        options.top = top;
    }
    options.origin = o.origin;
    Ok(options)
}

/// A translation-memory match as JavaScript sees it: plain strings (inline
/// codes as placeholders), the fields of the CLI's `tm search --json`.
#[derive(Serialize)]
pub struct JsTmMatch<'a> {
    score: u8,
    band: &'static str,
    source: String,
    source_lang: &'a str,
    target: String,
    target_lang: &'a str,
    repaired: bool,
    diff: &'a [DiffPart],
    id: u32,
    count: u32,
    origin: &'a Origin,
    context: &'a Context,
    changed: Option<&'a str>,
}

impl<'a> From<&'a TmMatch> for JsTmMatch<'a> {
    fn from(m: &'a TmMatch) -> JsTmMatch<'a> {
        JsTmMatch {
            score: m.score,
            band: m.band.as_str(),
            source: m.source.plain(),
            source_lang: &m.unit.source.lang,
            target: m.target.segment.plain(),
            target_lang: &m.target.lang,
            repaired: m.repaired,
            diff: &m.diff,
            id: m.id,
            count: m.target.count,
            origin: &m.unit.origin,
            context: &m.unit.context,
            changed: m.target.changed.as_deref().or(m.unit.changed.as_deref()),
        }
    }
}

/// A range of a string in UTF-16 code units: `text.slice(start, end)`.
#[derive(Serialize)]
pub struct JsRange {
    start: usize,
    end: usize,
}

/// A concordance hit, its highlights in UTF-16 code units.
#[derive(Serialize)]
pub struct JsConcordanceHit<'a> {
    in_source: bool,
    text: &'a str,
    highlights: Vec<JsRange>,
    other: Option<&'a str>,
    id: u32,
    origin: &'a Origin,
}

impl<'a> From<&'a ConcordanceHit> for JsConcordanceHit<'a> {
    fn from(h: &'a ConcordanceHit) -> JsConcordanceHit<'a> {
        let highlights = crosscut::span::spans_for(&h.text, &h.highlights)
            .iter()
            .map(|s| JsRange { start: s.start_utf16, end: s.end_utf16 })
            .collect();
        JsConcordanceHit {
            in_source: h.in_source,
            text: &h.text,
            highlights,
            other: h.other.as_deref(),
            id: h.id,
            origin: &h.unit.origin,
        }
    }
}
