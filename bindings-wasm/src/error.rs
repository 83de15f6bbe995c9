//! The one error mapping: a core error becomes a thrown JS `Error` subclass.
//!
//! ```text
//! Error
//! └── CrosscutError            .code .class .path .line .column .location
//!     ├── ParseError
//!     │   └── LanguageTagError code "lang.invalid"
//!     ├── ArtifactError        a truncated, foreign, too new or corrupt artifact
//!     ├── LimitError
//!     └── QueryError           an invalid query or option
//! ```
//!
//! The classes are the Python binding's, with `CrosscutError` for Python's
//! `crosscut.Error` (a JS class named `Error` would shadow the global one).
//! Every thrown error has `name === "CrosscutError"` whatever its class.
//!
//! Each class is an exported, empty wasm-bindgen struct, so the package exports
//! it and `e instanceof ParseError` works. Before the first error is thrown,
//! their prototypes are chained to each other and to `Error.prototype`; each
//! error is then a real `Error` (with its stack) whose prototype is its class's.

use std::cell::OnceCell;

use crosscut::{ErrorClass, ErrorKind};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

/// Base class of every error crosscut throws (declared in the TypeScript section).
#[wasm_bindgen(skip_typescript)]
#[derive(Debug)]
pub struct CrosscutError {}

/// Bad input data: syntax, content, encoding, a language tag.
#[wasm_bindgen(skip_typescript)]
#[derive(Debug)]
pub struct ParseError {}

/// A language tag that is not valid BCP 47 (`lang.invalid`).
#[wasm_bindgen(skip_typescript)]
#[derive(Debug)]
pub struct LanguageTagError {}

/// A bad artifact: truncated, wrong magic or version, checksum mismatch, corrupt.
#[wasm_bindgen(skip_typescript)]
#[derive(Debug)]
pub struct ArtifactError {}

/// An input exceeded a documented limit.
#[wasm_bindgen(skip_typescript)]
#[derive(Debug)]
pub struct LimitError {}

/// A query or option is invalid.
#[wasm_bindgen(skip_typescript)]
#[derive(Debug)]
pub struct QueryError {}

/// The prototypes of the classes, chained once.
struct Prototypes {
    base: Object,
    parse: Object,
    language_tag: Object,
    artifact: Object,
    limit: Object,
    query: Object,
}

thread_local! {
    // wasm32 is single-threaded: one set per module instance.
    static PROTOTYPES: OnceCell<Prototypes> = const { OnceCell::new() };
}

/// The prototype of an exported class, read from a throwaway instance (the
/// JS wrapper frees its empty box when it is collected).
fn prototype_of(instance: JsValue) -> Object {
    Object::get_prototype_of(&instance)
}

fn prototypes() -> Prototypes {
    let error = Object::get_prototype_of(&js_sys::Error::new(""));
    let base = prototype_of(CrosscutError {}.into());
    let parse = prototype_of(ParseError {}.into());
    let language_tag = prototype_of(LanguageTagError {}.into());
    let artifact = prototype_of(ArtifactError {}.into());
    let limit = prototype_of(LimitError {}.into());
    let query = prototype_of(QueryError {}.into());
    Object::set_prototype_of(&base, &error);
    for child in [&parse, &artifact, &limit, &query] {
        Object::set_prototype_of(child, &base);
    }
    Object::set_prototype_of(&language_tag, &parse);
    for proto in [&base, &parse, &language_tag, &artifact, &limit, &query] {
        set(proto, "name", &"CrosscutError".into());
    }
    Prototypes {
        base,
        parse,
        language_tag,
        artifact,
        limit,
        query,
    }
}

/// Turns a core error into a thrown `Error` of the matching class, with
/// `code`, `class` and, when known, `path`, `line`, `column` and `location`
/// `{source, line, column}`.
pub fn into_error(e: crosscut::Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("CrosscutError");
    PROTOTYPES.with(|cell| {
        let p = cell.get_or_init(prototypes);
        let proto = match e.class() {
            ErrorClass::Parse if matches!(e.kind(), ErrorKind::LanguageTag { .. }) => &p.language_tag,
            ErrorClass::Parse => &p.parse,
            ErrorClass::Artifact => &p.artifact,
            ErrorClass::Limit => &p.limit,
            ErrorClass::Invalid => &p.query,
            // No file I/O happens in wasm; keep the base class should one appear.
            ErrorClass::Io => &p.base,
        };
        Object::set_prototype_of(&err, proto);
    });
    set(&err, "code", &e.code().into());
    set(&err, "class", &e.class().as_str().into());
    if let Some(loc) = e.location() {
        let obj = Object::new();
        if let Some(source) = &loc.source {
            set(&obj, "source", &JsValue::from_str(source));
            set(&err, "path", &JsValue::from_str(source));
        }
        if loc.line > 0 {
            set(&obj, "line", &JsValue::from_f64(loc.line as f64));
            set(&err, "line", &JsValue::from_f64(loc.line as f64));
        }
        if loc.column > 0 {
            set(&obj, "column", &JsValue::from_f64(loc.column as f64));
            set(&err, "column", &JsValue::from_f64(loc.column as f64));
        }
        set(&err, "location", &obj);
    }
    err.into()
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // `Reflect.set` only fails on frozen objects or throwing setters, and these
    // objects were just created here.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}
