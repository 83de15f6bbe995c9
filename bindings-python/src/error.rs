//! The one error mapping: the exception hierarchy and `crosscut::Error` → `PyErr`.
//!
//! ```text
//! Exception
//! └── crosscut.Error                      .code .path .line .column
//!     ├── ParseError (also ValueError)
//!     │   └── LanguageTagError            code "lang.invalid"
//!     ├── ArtifactError (also ValueError)
//!     ├── LimitError
//!     └── QueryError (also ValueError)
//! ```
//! I/O errors become Python's own `OSError` subclasses (`FileNotFoundError`, …).
//! A panic caught at the boundary becomes `crosscut.Error` with code
//! `internal.panic`.

use crosscut::{ErrorClass, ErrorKind};
use pyo3::exceptions::{PyException, PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError, PyValueError};
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
        let parse = new_class(py, "ParseError", "Bad input data: syntax, content, encoding.", &[&base, &value_error])?;
        let language_tag = new_class(py, "LanguageTagError", "A language tag is not valid BCP 47.", &[&parse])?;
        let artifact = new_class(
            py,
            "ArtifactError",
            "A bad artifact: truncated, wrong magic or version, checksum mismatch, corrupt.",
            &[&base, &value_error],
        )?;
        let limit = new_class(py, "LimitError", "An input exceeded a documented limit.", &[&base])?;
        let query = new_class(py, "QueryError", "A query or option is invalid.", &[&base, &value_error])?;
        Ok(Classes {
            base: base.unbind(),
            parse: parse.unbind(),
            language_tag: language_tag.unbind(),
            artifact: artifact.unbind(),
            limit: limit.unbind(),
            query: query.unbind(),
        })
    })
}

/// Adds the exception classes to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let c = classes(m.py())?;
    for class in [&c.base, &c.parse, &c.language_tag, &c.artifact, &c.limit, &c.query] {
        let class = class.bind(m.py());
        m.add(class.name()?, class)?;
    }
    Ok(())
}

/// What a core call can end in besides a value: a core error, or a panic
/// caught at the boundary (see `detach`).
#[derive(Debug)]
pub enum Failure {
    /// A core error.
    Core(crosscut::Error),
    /// A caught panic, with its message.
    Panic(String),
}

impl Failure {
    /// A caught panic's payload as a message.
    pub fn panic(payload: Box<dyn std::any::Any + Send>) -> Failure {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Failure::Panic(message)
    }
}

impl From<crosscut::Error> for Failure {
    fn from(e: crosscut::Error) -> Failure {
        Failure::Core(e)
    }
}

/// Turns a core error (or a caught panic) into the matching Python exception.
pub fn to_py(py: Python<'_>, e: impl Into<Failure>) -> PyErr {
    let e = match e.into() {
        Failure::Core(e) => e,
        Failure::Panic(message) => return panic_exception(py, &message).unwrap_or_else(|err| err),
    };
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

/// `crosscut.Error` with code `internal.panic`: a bug in crosscut, caught.
fn panic_exception(py: Python<'_>, message: &str) -> PyResult<PyErr> {
    let c = classes(py)?;
    let text = format!("internal error (a bug in crosscut, please report it; see docs/security.md): {message}");
    let exc = c.base.bind(py).call1((text,))?;
    exc.setattr("code", "internal.panic")?;
    Ok(PyErr::from_value(exc))
}

/// A `QueryError` for invalid arguments found by the binding itself.
pub fn query(py: Python<'_>, message: impl Into<String>) -> PyErr {
    to_py(py, crosscut::Error::query(message))
}
