//! Arguments in, plain JS objects out.

use crosscut::{Error, LookupOptions, MatchMode, Status};
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
    if value.is_undefined() || value.is_null() {
        return Ok(LookupOptions::default());
    }
    let Some(object) = value.dyn_ref::<Object>() else {
        return Err(Error::query("lookup options must be an object"));
    };
    for key in Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !OPTION_KEYS.contains(&key.as_str()) {
            return Err(Error::query(format!(
                "unknown lookup option {key:?}; expected one of {}",
                OPTION_KEYS.join(", ")
            )));
        }
    }
    let o: JsLookupOptions =
        serde_wasm_bindgen::from_value(value).map_err(|e| Error::query(format!("invalid lookup options: {e}")))?;
    let mode = match_mode(o.fuzzy.unwrap_or(0), o.prefix.unwrap_or(false), o.regex.unwrap_or(false))?;
    let status = o.status.unwrap_or_default().iter().map(|s| status(s)).collect::<Result<Vec<_>, _>>()?;
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

fn match_mode(fuzzy: u32, prefix: bool, regex: bool) -> Result<MatchMode, Error> {
    match (fuzzy, prefix, regex) {
        (0, false, false) => Ok(MatchMode::Exact),
        (d, false, false) => Ok(MatchMode::Fuzzy(d)),
        (0, true, false) => Ok(MatchMode::Prefix),
        (0, false, true) => Ok(MatchMode::Regex),
        _ => Err(Error::query("choose at most one of `fuzzy`, `prefix` and `regex`")),
    }
}

fn status(name: &str) -> Result<Status, Error> {
    Status::parse(name).ok_or_else(|| {
        Error::query(format!("unknown status {name:?}; use preferred, admitted, deprecated or forbidden"))
    })
}
