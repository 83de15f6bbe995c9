//! The one error mapping: the exception hierarchy and `crosscut::Error` → `PyErr`.
//!
//! ```text
//! Exception
//! └── crosscut.Error                      .code .path .line .column
//!     ├── ParseError (also ValueError)
//!     │   └── LanguageTagError            code "lang.invalid"
//!     ├── ArtifactError (also ValueError)
//!     ├── LimitError
//!     ├── QueryError (also ValueError)
//!     └── InternalError                   code "internal.panic": a bug, please report it
//! ```
//! I/O errors become Python's own `OSError` subclasses (`FileNotFoundError`, …).
//!
//! Every core call goes through [`call`]: it releases the GIL and turns a Rust
//! panic into an `InternalError`, so no input can take the interpreter down and
//! `except crosscut.Error` catches everything crosscut raises.

use crosscut::{ErrorClass, ErrorKind};
use pyo3::exceptions::{
    PyException, PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError, PyValueError,
};
use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyTuple, PyType};

struct Classes {
    base: Py<PyType>,
    parse: Py<PyType>,
    language_tag: Py<PyType>,
    artifact: Py<PyType>,
    limit: Py<PyType>,
    query: Py<PyType>,
    internal: Py<PyType>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

fn new_class<'py>(
    py: Python<'py>,
    name: &str,
    doc: &str,
    bases: &[&Bound<'py, PyType>],
) -> PyResult<Bound<'py, PyType>> {
    let dict = PyDict::new(py);
    dict.set_item("__module__", "crosscut")?;
    dict.set_item("__doc__", doc)?;
    for attr in ["code", "path", "line", "column"] {
        dict.set_item(attr, py.None())?;
    }
    let bases = PyTuple::new(py, bases)?;
    let class = py.get_type::<PyType>().call1((name, bases, dict))?;
    Ok(class.cast_into::<PyType>()?)
}

fn classes(py: Python<'_>) -> PyResult<&Classes> {
    CLASSES.get_or_try_init(py, || {
        let exception = py.get_type::<PyException>();
        let value_error = py.get_type::<PyValueError>();
        let base = new_class(py, "Error", "Base class of every crosscut error.", &[&exception])?;
        let parse = new_class(
            py,
            "ParseError",
            "Bad input data: syntax, content, encoding.",
            &[&base, &value_error],
        )?;
        let language_tag = new_class(py, "LanguageTagError", "A language tag is not valid BCP 47.", &[&parse])?;
        let artifact = new_class(
            py,
            "ArtifactError",
            "A bad artifact: truncated, wrong magic or version, checksum mismatch, corrupt.",
            &[&base, &value_error],
        )?;
        let limit = new_class(py, "LimitError", "An input exceeded a documented limit.", &[&base])?;
        let query = new_class(
            py,
            "QueryError",
            "A query or option is invalid.",
            &[&base, &value_error],
        )?;
        let internal = new_class(
            py,
            "InternalError",
            "A bug in crosscut (a Rust panic), caught at the boundary; please report it with the input.",
            &[&base],
        )?;
        Ok(Classes {
            base: base.unbind(),
            parse: parse.unbind(),
            language_tag: language_tag.unbind(),
            artifact: artifact.unbind(),
            limit: limit.unbind(),
            query: query.unbind(),
            internal: internal.unbind(),
        })
    })
}

/// Adds the exception classes to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let c = classes(m.py())?;
    for class in [
        &c.base,
        &c.parse,
        &c.language_tag,
        &c.artifact,
        &c.limit,
        &c.query,
        &c.internal,
    ] {
        let class = class.bind(m.py());
        m.add(class.name()?, class)?;
    }
    Ok(())
}

/// Turns a core error into the matching Python exception.
pub fn to_py(py: Python<'_>, e: crosscut::Error) -> PyErr {
    if let ErrorKind::Io { kind, .. } = e.kind() {
        let message = e.to_string();
        return match kind {
            std::io::ErrorKind::NotFound => PyFileNotFoundError::new_err(message),
            std::io::ErrorKind::PermissionDenied => PyPermissionError::new_err(message),
            std::io::ErrorKind::IsADirectory => PyIsADirectoryError::new_err(message),
            _ => PyOSError::new_err(message),
        };
    }
    match crosscut_exception(py, &e) {
        Ok(err) => err,
        Err(err) => err,
    }
}

fn crosscut_exception(py: Python<'_>, e: &crosscut::Error) -> PyResult<PyErr> {
    let c = classes(py)?;
    let class = match e.class() {
        ErrorClass::Parse if matches!(e.kind(), ErrorKind::LanguageTag { .. }) => &c.language_tag,
        ErrorClass::Parse => &c.parse,
        ErrorClass::Artifact => &c.artifact,
        ErrorClass::Limit => &c.limit,
        ErrorClass::Invalid => &c.query,
        ErrorClass::Io => &c.base,
    };
    let exc = class.bind(py).call1((e.to_string(),))?;
    exc.setattr("code", e.code())?;
    if let Some(loc) = e.location() {
        exc.setattr("path", loc.source.as_deref())?;
        exc.setattr("line", (loc.line > 0).then_some(loc.line))?;
        exc.setattr("column", (loc.column > 0).then_some(loc.column))?;
    }
    Ok(PyErr::from_value(exc))
}

/// A `QueryError` for invalid arguments found by the binding itself.
pub fn query(py: Python<'_>, message: impl Into<String>) -> PyErr {
    to_py(py, crosscut::Error::query(message))
}

/// Runs a core call without the GIL (other Python threads run meanwhile) and
/// maps its error; a panic becomes an `InternalError` instead of a
/// `PanicException`, which is a `BaseException` that `except Exception` misses.
pub fn call<T: Send>(py: Python<'_>, f: impl FnOnce() -> crosscut::Result<T> + Send) -> PyResult<T> {
    match py.detach(|| catch_unwind(AssertUnwindSafe(f))) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(e)) => Err(to_py(py, e)),
        Err(payload) => Err(panicked(py, payload.as_ref())),
    }
}

/// The `InternalError` for a caught panic, with its message.
fn panicked(py: Python<'_>, payload: &(dyn std::any::Any + Send)) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    let message = format!("internal error (a bug in crosscut): {what}; please report it with the input that caused it");
    let made = classes(py).and_then(|c| {
        let exc = c.internal.bind(py).call1((message.clone(),))?;
        exc.setattr("code", "internal.panic")?;
        Ok(PyErr::from_value(exc))
    });
    made.unwrap_or_else(|e| e)
}

/// Panics inside [`call`], so the tests can check that a panic becomes an
/// `InternalError` and leaves the interpreter working. Not public API.
#[pyfunction]
#[pyo3(name = "_panic_for_tests")]
pub fn panic_for_tests(py: Python<'_>, message: String) -> PyResult<()> {
    #[allow(clippy::panic)] // the point of this function
    call(py, || -> crosscut::Result<()> { panic!("{message}") })
}
