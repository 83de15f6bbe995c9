//! The one error mapping: a core error becomes a thrown JS `Error`.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// Turns a core error into an `Error` named `CrosscutError` with `code`,
/// `class` and, when known, `location` `{source, line, column}`.
pub fn into_error(e: crosscut::Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("CrosscutError");
    set(&err, "code", &e.code().into());
    set(&err, "class", &e.class().as_str().into());
    if let Some(loc) = e.location() {
        let obj = Object::new();
        if let Some(source) = &loc.source {
            set(&obj, "source", &JsValue::from_str(source));
        }
        if loc.line > 0 {
            set(&obj, "line", &JsValue::from_f64(loc.line as f64));
        }
        if loc.column > 0 {
            set(&obj, "column", &JsValue::from_f64(loc.column as f64));
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
