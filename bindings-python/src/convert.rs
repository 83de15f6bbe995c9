//! Arguments in; results out as light classes with `to_dict()`.

use crosscut::{MatchMode, Status};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};
use serde::Serialize;

use crate::error;

/// The match mode from the `fuzzy`, `prefix` and `regex` arguments.
pub fn match_mode(py: Python<'_>, fuzzy: u32, prefix: bool, regex: bool) -> PyResult<MatchMode> {
    MatchMode::from_flags(fuzzy, prefix, regex).map_err(|e| error::to_py(py, e))
}

/// Status names (`"preferred"`, …) to statuses.
pub fn statuses(py: Python<'_>, names: Option<Vec<String>>) -> PyResult<Vec<Status>> {
    names
        .unwrap_or_default()
        .iter()
        .map(|name| Status::from_name(name).map_err(|e| error::to_py(py, e)))
        .collect()
}

/// Wraps result objects in one of the list subclasses of `crosscut._results`
/// (`Hits`, `Annotations`, …), which add `to_pandas()`, `to_dicts()` and
/// `_repr_html_()`.
pub fn collection<'py, T>(py: Python<'py>, class: &str, items: Vec<T>) -> PyResult<Bound<'py, PyAny>>
where
    T: IntoPyObject<'py>,
{
    let list = PyList::new(py, items)?;
    results(py, class)?.call1((list,))
}

static RESULTS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// An attribute of `crosscut._results`, imported once (an import per call costs
/// about a microsecond, a third of a lookup).
pub fn results<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    let module = RESULTS.get_or_try_init(py, || py.import("crosscut._results").map(Bound::unbind))?;
    module.bind(py).getattr(name)
}

/// A byte offset in `text` as a code-point offset (offsets past the end or
/// inside a character count the characters before them).
pub fn char_offset(text: &str, byte: usize) -> usize {
    let mut at = byte.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text.get(..at).map_or(0, |s| s.chars().count())
}

/// Any serializable core value as plain Python data (dict, list, str, int, float, bool, None).
pub fn to_python<'py, T: Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value)
        .map_err(|e| error::query(py, format!("cannot convert the result to Python: {e}")))?;
    json_to_python(py, &json)
}

fn json_to_python<'py>(py: Python<'py>, value: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use serde_json::Value;
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.into_pyobject(py)?.into_any(),
            (None, Some(i)) => i.into_pyobject(py)?.into_any(),
            (None, None) => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, json_to_python(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

fn repr(py: Python<'_>, s: &str) -> PyResult<String> {
    Ok(PyString::new(py, s).repr()?.to_string())
}

/// A designation of a concept in one language.
#[pyclass(name = "Term", module = "crosscut", frozen)]
#[derive(Debug, Clone)]
pub struct Term(pub crosscut::Term);

#[pymethods]
impl Term {
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }
    #[getter]
    fn lang(&self) -> &str {
        &self.0.lang
    }
    #[getter]
    fn status(&self) -> &'static str {
        self.0.status.as_str()
    }
    #[getter]
    fn part_of_speech(&self) -> Option<&str> {
        self.0.part_of_speech.as_deref()
    }
    #[getter]
    fn gender(&self) -> Option<&str> {
        self.0.gender.as_deref()
    }
    #[getter]
    fn register(&self) -> Option<&'static str> {
        self.0.register.map(|r| r.as_str())
    }
    #[getter]
    fn usage(&self) -> Option<&str> {
        self.0.usage.as_deref()
    }
    #[getter]
    fn literal(&self) -> Option<&str> {
        self.0.literal.as_deref()
    }
    #[getter]
    fn term_type(&self) -> Option<&str> {
        self.0.term_type.as_deref()
    }
    #[getter]
    fn context(&self) -> Option<&str> {
        self.0.context.as_deref()
    }
    #[getter]
    fn do_not_translate(&self) -> bool {
        self.0.do_not_translate
    }
    #[getter]
    fn case_sensitive(&self) -> bool {
        self.0.case_sensitive
    }
    /// The term as a plain dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Term({}, lang={}, status={})",
            repr(py, &self.0.text)?,
            repr(py, &self.0.lang)?,
            repr(py, self.0.status.as_str())?
        ))
    }
}

/// One meaning, with its terms in every language and its notes.
#[pyclass(name = "Concept", module = "crosscut", frozen)]
#[derive(Debug, Clone)]
pub struct Concept(pub crosscut::Concept);

#[pymethods]
impl Concept {
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }
    #[getter]
    fn domains(&self) -> Vec<String> {
        self.0.domains.clone()
    }
    #[getter]
    fn definition(&self) -> Option<&str> {
        self.0.definition.as_deref()
    }
    #[getter]
    fn cultural_note(&self) -> Option<&str> {
        self.0.cultural_note.as_deref()
    }
    #[getter]
    fn kinds(&self) -> Vec<String> {
        self.0.kinds.clone()
    }
    #[getter]
    fn sensitivity<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.sensitivity)
    }
    #[getter]
    fn related(&self) -> Vec<String> {
        self.0.related.clone()
    }
    #[getter]
    fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    #[getter]
    fn idiom<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.idiom)
    }
    #[getter]
    fn notes(&self) -> Vec<String> {
        self.0.notes.clone()
    }
    #[getter]
    fn terms(&self) -> Vec<Term> {
        self.0.terms.iter().cloned().map(Term).collect()
    }
    /// The concept as a plain dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Concept({}, terms={})",
            repr(py, &self.0.id)?,
            self.0.terms.len()
        ))
    }
}

/// One lookup result: the term that matched, its concept and the translations asked for.
#[pyclass(name = "Hit", module = "crosscut", frozen)]
#[derive(Debug, Clone)]
pub struct Hit(pub crosscut::Hit);

#[pymethods]
impl Hit {
    #[getter]
    fn key(&self) -> &str {
        &self.0.key
    }
    #[getter]
    fn term(&self) -> Term {
        Term(self.0.term.clone())
    }
    #[getter]
    fn concept(&self) -> Concept {
        Concept(self.0.concept.clone())
    }
    #[getter]
    fn translations(&self) -> Vec<Term> {
        self.0.translations.iter().cloned().map(Term).collect()
    }
    #[getter]
    fn distance(&self) -> u32 {
        self.0.distance
    }
    /// The hit as a plain dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Hit({}, lang={}, concept={}, translations={}, distance={})",
            repr(py, &self.0.term.text)?,
            repr(py, &self.0.term.lang)?,
            repr(py, &self.0.concept.id)?,
            self.0.translations.len(),
            self.0.distance
        ))
    }
}
