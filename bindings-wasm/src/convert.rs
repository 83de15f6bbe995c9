//! Arguments in, plain JS objects out.

use crosscut::{AnnotateOptions, Annotation, Error, LookupOptions, MatchMode, Status};
use serde::{Deserialize, Serialize};
use js_sys::Object;
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
            return Err(Error::query(format!("unknown {what} option {key:?}; expected one of {}", keys.join(", "))));
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
