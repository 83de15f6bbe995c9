//! Arguments in, plain JS objects out.

use crosscut::artifact::Kind;
use crosscut::{
    AnnotateOptions, Annotation, ConcordanceHit, ConcordanceOptions, Context, DiffPart, Error, Info, LookupOptions,
    MatchMode, MemoryInfo, Origin, SearchOptions, Status, TmMatch,
};
use js_sys::Object;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// Results as plain objects: `null` for absent values, numbers for integers.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::query(format!("cannot convert the result to JavaScript: {e}")))
}

/// The options object of `lookup`, as JavaScript passes it.
/// serde-wasm-bindgen reads only the fields it knows, so unknown keys (typos
/// such as `fuzz`) are checked against this list.
const OPTION_KEYS: [&str; 8] = ["lang", "to", "fuzzy", "prefix", "regex", "domain", "status", "limit"];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
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

/// Parses the options object (`undefined` and `null` mean all defaults).
pub fn lookup_options(value: JsValue) -> Result<LookupOptions, Error> {
    if options_object(&value, "lookup", &OPTION_KEYS)?.is_none() {
        return Ok(LookupOptions::default());
    }
    let o: JsLookupOptions =
        serde_wasm_bindgen::from_value(value).map_err(|e| Error::query(format!("invalid lookup options: {e}")))?;
    let mode = MatchMode::from_flags(
        o.fuzzy.unwrap_or(0),
        o.prefix.unwrap_or(false),
        o.regex.unwrap_or(false),
    )?;
    let status = o
        .status
        .unwrap_or_default()
        .iter()
        .map(|s| Status::from_name(s))
        .collect::<Result<Vec<_>, _>>()?;
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

/// Checks that an options object has only known keys; `None` for undefined or null.
fn options_object<'a>(value: &'a JsValue, what: &str, keys: &[&str]) -> Result<Option<&'a Object>, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let Some(object) = value.dyn_ref::<Object>() else {
        return Err(Error::query(format!("{what} options must be an object")));
    };
    for key in Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !keys.contains(&key.as_str()) {
            return Err(Error::query(format!(
                "unknown {what} option {key:?}; expected one of {}",
                keys.join(", ")
            )));
        }
    }
    Ok(Some(object))
}

const ANNOTATE_KEYS: [&str; 4] = ["lang", "to", "overlapping", "status"];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JsAnnotateOptions {
    lang: Option<String>,
    to: Option<Vec<String>>,
    overlapping: Option<bool>,
    status: Option<Vec<String>>,
}

/// Parses the options object of `annotate`.
pub fn annotate_options(value: JsValue) -> Result<AnnotateOptions, Error> {
    if options_object(&value, "annotate", &ANNOTATE_KEYS)?.is_none() {
        return Ok(AnnotateOptions::default());
    }
    let o: JsAnnotateOptions =
        serde_wasm_bindgen::from_value(value).map_err(|e| Error::query(format!("invalid annotate options: {e}")))?;
    Ok(AnnotateOptions {
        lang: o.lang,
        to: o.to.unwrap_or_default(),
        overlapping: o.overlapping.unwrap_or(false),
        status: o
            .status
            .unwrap_or_default()
            .iter()
            .map(|s| Status::from_name(s))
            .collect::<Result<Vec<_>, _>>()?,
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

/// A `findTerms` match: offsets in UTF-16 code units, the concept's and the term's index.
#[derive(Serialize)]
pub struct JsTermSpan {
    start: usize,
    end: usize,
    concept: u32,
    term: u32,
    status: Status,
    inflected: bool,
}

impl From<&crosscut::TermSpan> for JsTermSpan {
    fn from(t: &crosscut::TermSpan) -> JsTermSpan {
        JsTermSpan {
            start: t.span.start_utf16,
            end: t.span.end_utf16,
            concept: t.concept,
            term: t.term,
            status: t.status,
            inflected: t.inflected,
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

const SEARCH_KEYS: [&str; 6] = ["src", "tgt", "top", "minScore", "origin", "context"];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
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
    let o: JsSearchOptions = match options_object(&value, "tmSearch", &SEARCH_KEYS)? {
        None => JsSearchOptions::default(),
        Some(_) => {
            serde_wasm_bindgen::from_value(value).map_err(|e| Error::query(format!("invalid tmSearch options: {e}")))?
        }
    };
    let (Some(src), Some(tgt)) = (o.src, o.tgt) else {
        return Err(Error::query(
            "tmSearch needs the languages of the text and of the translations: { src: \"en\", tgt: \"fr\" }",
        ));
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

const CONCORDANCE_KEYS: [&str; 4] = ["lang", "tgt", "top", "origin"];

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JsConcordanceOptions {
    lang: Option<String>,
    tgt: Option<String>,
    top: Option<usize>,
    origin: Option<String>,
}

/// Parses the options of `tmConcordance`; `lang` is required.
pub fn concordance_options(value: JsValue) -> Result<ConcordanceOptions, Error> {
    let o: JsConcordanceOptions = match options_object(&value, "tmConcordance", &CONCORDANCE_KEYS)? {
        None => JsConcordanceOptions::default(),
        Some(_) => serde_wasm_bindgen::from_value(value)
            .map_err(|e| Error::query(format!("invalid tmConcordance options: {e}")))?,
    };
    let Some(lang) = o.lang else {
        return Err(Error::query(
            "tmConcordance needs the language of the phrase: { lang: \"en\" }",
        ));
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
            .map(|s| JsRange {
                start: s.start_utf16,
                end: s.end_utf16,
            })
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
