//! Arguments in, plain JS objects out.

use crosscut::artifact::Kind;
use crosscut::{
    AnnotateOptions, Annotation, ConcordanceHit, ConcordanceOptions, Context, DiffPart, Error, Info, LookupOptions,
    MatchMode, MemoryInfo, Origin, SearchOptions, Status, TmMatch,
};
use js_sys::{Array, Number, Object};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// Results as plain objects: `null` for absent values, numbers for integers.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::query(format!("cannot convert the result to JavaScript: {e}")))
}

/// The options object of `lookup`, as JavaScript passes it. Only the known
/// fields are read, so unknown keys (typos such as `fuzz`) are checked
/// against this list.
const OPTION_KEYS: [&str; 8] = ["lang", "to", "fuzzy", "prefix", "regex", "domain", "status", "limit"];

#[derive(Debug, Default)]
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
    let Some(object) = options_object(&value, "lookup", &OPTION_KEYS)? else {
        return Ok(LookupOptions::default());
    };
    let f = Fields { object, what: "lookup" };
    let o = JsLookupOptions {
        lang: f.string("lang")?,
        to: f.strings("to")?,
        fuzzy: f.unsigned("fuzzy", u32::MAX.into(), false)?.map(|n| n as u32),
        prefix: f.boolean("prefix")?,
        regex: f.boolean("regex")?,
        domain: f.string("domain")?,
        status: f.strings("status")?,
        limit: f.unsigned("limit", usize::MAX as u64, true)?.map(|n| n as usize),
    };
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
    // Functions are instances of Object too, but not options.
    let Some(object) = value.dyn_ref::<Object>().filter(|_| value.is_object()) else {
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

/// The fields of an options object, read by hand (serde-wasm-bindgen's
/// deserializer and the derived visitors cost 2.9 KB gzipped of the npm
/// module): every field is optional, `undefined` and `null` mean absent,
/// inherited properties count, and the values accepted are those
/// serde-wasm-bindgen accepted (a BigInt for a `usize`, any iterable for a list).
struct Fields<'a> {
    object: &'a Object,
    /// The method, for messages.
    what: &'static str,
}

impl Fields<'_> {
    /// The value of `key`, `None` when absent (`undefined` or `null`).
    fn get(&self, key: &str) -> Option<JsValue> {
        get(self.object, key)
    }

    /// The error for a value of the wrong type.
    fn expected(&self, key: &str, expected: &str, value: &JsValue) -> Error {
        let what = self.what;
        Error::query(format!("invalid {what} options: {key} must be {expected}, not {}", describe(value)))
    }

    fn string(&self, key: &str) -> Result<Option<String>, Error> {
        self.get(key).map(|v| v.as_string().ok_or_else(|| self.expected(key, "a string", &v))).transpose()
    }

    fn boolean(&self, key: &str) -> Result<Option<bool>, Error> {
        self.get(key).map(|v| v.as_bool().ok_or_else(|| self.expected(key, "true or false", &v))).transpose()
    }

    /// A whole number from 0 to `max`; a BigInt too when `bigint`.
    fn unsigned(&self, key: &str, max: u64, bigint: bool) -> Result<Option<u64>, Error> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let n = if v.is_bigint() && bigint {
            u64::try_from(v.clone()).ok()
        } else if Number::is_safe_integer(&v) {
            // A safe integer converts exactly; -0 is 0.
            v.as_f64().filter(|&f| f >= 0.0).map(|f| f as u64)
        } else {
            None
        };
        match n {
            Some(n) if n <= max => Ok(Some(n)),
            _ => Err(self.expected(key, &format!("a whole number from 0 to {max}"), &v)),
        }
    }

    /// An array of strings, or any other iterable object of strings.
    fn strings(&self, key: &str) -> Result<Option<Vec<String>>, Error> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let bad = |item: &JsValue| self.expected(key, "an array of strings", item);
        let items: Vec<JsValue> = if let Some(array) = v.dyn_ref::<Array>() {
            array.iter().collect()
        } else if v.is_object() || v.is_function() {
            match js_sys::try_iter(&v) {
                Ok(Some(iter)) => iter.collect::<Result<_, _>>().map_err(|e| bad(&e))?,
                Ok(None) => return Err(bad(&v)),
                Err(e) => return Err(bad(&e)),
            }
        } else {
            return Err(bad(&v));
        };
        items.iter().map(|item| item.as_string().ok_or_else(|| bad(item))).collect::<Result<_, _>>().map(Some)
    }

    /// `{ prev, next, id }`, each an optional string; other keys are ignored.
    fn context(&self, key: &str) -> Result<Option<Context>, Error> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        // Any object, even one without a prototype.
        if !v.is_object() {
            return Err(self.expected(key, "an object { prev, next, id } of strings", &v));
        }
        let object = v.unchecked_ref::<Object>();
        let part = |name: &str| match get(object, name) {
            None => Ok(None),
            Some(p) => p.as_string().map(Some).ok_or_else(|| self.expected(&format!("{key}.{name}"), "a string", &p)),
        };
        Ok(Some(Context { prev: part("prev")?, next: part("next")?, id: part("id")? }))
    }
}

/// `object[key]`, `None` when `undefined` or `null`.
fn get(object: &Object, key: &str) -> Option<JsValue> {
    let value = object.unchecked_ref::<Indexable>().get(&JsValue::from_str(key));
    (!value.is_undefined() && !value.is_null()).then_some(value)
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// Any object, read with `object[key]` (a getter that throws throws to the caller).
    type Indexable;

    #[wasm_bindgen(method, indexing_getter)]
    fn get(this: &Indexable, key: &JsValue) -> JsValue;
}

/// A value for a message, as `JsValue`'s `Debug` shows it (strings quoted),
/// without the `JsValue(…)` around it.
fn describe(value: &JsValue) -> String {
    let debug = format!("{value:?}");
    match debug.strip_prefix("JsValue(").and_then(|d| d.strip_suffix(')')) {
        Some(inner) => inner.to_string(),
        None => debug,
    }
}

const ANNOTATE_KEYS: [&str; 4] = ["lang", "to", "overlapping", "status"];

#[derive(Debug, Default)]
struct JsAnnotateOptions {
    lang: Option<String>,
    to: Option<Vec<String>>,
    overlapping: Option<bool>,
    status: Option<Vec<String>>,
}

/// Parses the options object of `annotate`.
pub fn annotate_options(value: JsValue) -> Result<AnnotateOptions, Error> {
    let Some(object) = options_object(&value, "annotate", &ANNOTATE_KEYS)? else {
        return Ok(AnnotateOptions::default());
    };
    let f = Fields { object, what: "annotate" };
    let o = JsAnnotateOptions {
        lang: f.string("lang")?,
        to: f.strings("to")?,
        overlapping: f.boolean("overlapping")?,
        status: f.strings("status")?,
    };
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

#[derive(Debug, Default)]
struct JsSearchOptions {
    src: Option<String>,
    tgt: Option<String>,
    top: Option<usize>,
    min_score: Option<u8>,
    origin: Option<String>,
    context: Option<Context>,
}

/// Parses the options of `tmSearch`; `src` and `tgt` are required.
pub fn search_options(value: JsValue) -> Result<SearchOptions, Error> {
    let o = match options_object(&value, "tmSearch", &SEARCH_KEYS)? {
        None => JsSearchOptions::default(),
        Some(object) => {
            let f = Fields { object, what: "tmSearch" };
            JsSearchOptions {
                src: f.string("src")?,
                tgt: f.string("tgt")?,
                top: f.unsigned("top", usize::MAX as u64, true)?.map(|n| n as usize),
                min_score: f.unsigned("minScore", u8::MAX.into(), false)?.map(|n| n as u8),
                origin: f.string("origin")?,
                context: f.context("context")?,
            }
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

#[derive(Debug, Default)]
struct JsConcordanceOptions {
    lang: Option<String>,
    tgt: Option<String>,
    top: Option<usize>,
    origin: Option<String>,
}

/// Parses the options of `tmConcordance`; `lang` is required.
pub fn concordance_options(value: JsValue) -> Result<ConcordanceOptions, Error> {
    let o = match options_object(&value, "tmConcordance", &CONCORDANCE_KEYS)? {
        None => JsConcordanceOptions::default(),
        Some(object) => {
            let f = Fields { object, what: "tmConcordance" };
            JsConcordanceOptions {
                lang: f.string("lang")?,
                tgt: f.string("tgt")?,
                top: f.unsigned("top", usize::MAX as u64, true)?.map(|n| n as usize),
                origin: f.string("origin")?,
            }
        }
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
