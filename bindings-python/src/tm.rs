//! `TmMatch` and `ConcordanceHit`: translation-memory results, with code-point offsets.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::convert::{char_offset, to_python};

/// A fuzzy match: a unit whose source resembles the query, with one translation.
#[pyclass(name = "TmMatch", module = "crosscut", frozen)]
#[derive(Debug, Clone)]
pub struct TmMatch(pub crosscut::TmMatch);

#[pymethods]
impl TmMatch {
    /// 0–100, or 101 for an identical source in the same context.
    #[getter]
    fn score(&self) -> u8 {
        self.0.score
    }
    /// The band of the score, as CAT tools report them: `"100"`, `"95-99"`, …
    #[getter]
    fn band(&self) -> &'static str {
        self.0.band.as_str()
    }
    /// The matched source segment, as plain text (inline codes as `{1}` placeholders).
    #[getter]
    fn source(&self) -> String {
        self.0.source.plain()
    }
    #[getter]
    fn source_lang(&self) -> &str {
        &self.0.unit.source.lang
    }
    /// The suggested translation, repaired when `repaired` is set.
    #[getter]
    fn target(&self) -> String {
        self.0.target.segment.plain()
    }
    #[getter]
    fn target_lang(&self) -> &str {
        &self.0.target.lang
    }
    /// Whether numbers or inline codes of the query were substituted into the target.
    #[getter]
    fn repaired(&self) -> bool {
        self.0.repaired
    }
    /// Word-level diff of the query against the matched source: `[{"op", "text"}]`.
    #[getter]
    fn diff<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.diff)
    }
    /// The unit's id in this memory.
    #[getter]
    fn id(&self) -> u32 {
        self.0.id
    }
    /// How many times this translation was seen.
    #[getter]
    fn count(&self) -> u32 {
        self.0.target.count
    }
    /// Where the unit came from: `{"file", "project"}`.
    #[getter]
    fn origin<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.unit.origin)
    }
    /// When the translation was last changed (TMX date), if known.
    #[getter]
    fn changed(&self) -> Option<&str> {
        self.0.target.changed.as_deref().or(self.0.unit.changed.as_deref())
    }
    /// The whole unit, as stored, as a dict.
    #[getter]
    fn unit<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.unit)
    }
    /// The match as a plain dict (the fields of `crosscut tm search --json`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let m = &self.0;
        let v = serde_json::json!({
            "score": m.score, "band": m.band.as_str(),
            "source": m.source.plain(), "source_lang": m.unit.source.lang,
            "target": m.target.segment.plain(), "target_lang": m.target.lang,
            "repaired": m.repaired, "diff": m.diff, "id": m.id, "count": m.target.count,
            "origin": m.unit.origin, "context": m.unit.context, "changed": self.changed(),
        });
        to_python(py, &v)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "TmMatch({}, score={}, source={}, target_lang={})",
            PyString::new(py, &self.target()).repr()?,
            self.0.score,
            PyString::new(py, &self.source()).repr()?,
            PyString::new(py, &self.0.target.lang).repr()?,
        ))
    }
}

/// A concordance hit: a segment holding the phrase.
#[pyclass(name = "ConcordanceHit", module = "crosscut", frozen)]
#[derive(Debug, Clone)]
pub struct ConcordanceHit(pub crosscut::ConcordanceHit);

impl ConcordanceHit {
    fn highlight_chars(&self) -> Vec<(usize, usize)> {
        let text = &self.0.text;
        self.0
            .highlights
            .iter()
            .map(|&(s, e)| (char_offset(text, s), char_offset(text, e)))
            .collect()
    }
}

#[pymethods]
impl ConcordanceHit {
    /// Whether the phrase was found in the source (else in a target).
    #[getter]
    fn in_source(&self) -> bool {
        self.0.in_source
    }
    /// The segment holding the phrase, as plain text.
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }
    /// `(start, end)` of each occurrence of the phrase in `text`, in code points.
    #[getter]
    fn highlights(&self) -> Vec<(usize, usize)> {
        self.highlight_chars()
    }
    /// The other side: the translation when the phrase is in the source, else the source.
    #[getter]
    fn other(&self) -> Option<&str> {
        self.0.other.as_deref()
    }
    #[getter]
    fn id(&self) -> u32 {
        self.0.id
    }
    #[getter]
    fn origin<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.unit.origin)
    }
    /// The whole unit, as a dict.
    #[getter]
    fn unit<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.0.unit)
    }
    /// The hit as a plain dict, highlights in code points.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let h = &self.0;
        let v = serde_json::json!({
            "in_source": h.in_source, "text": h.text,
            "highlights": self.highlight_chars().iter().map(|(s, e)| serde_json::json!({"start": s, "end": e})).collect::<Vec<_>>(),
            "other": h.other, "id": h.id, "origin": h.unit.origin,
        });
        to_python(py, &v)
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "ConcordanceHit({}, in_source={}, id={})",
            PyString::new(py, &self.0.text).repr()?,
            if self.0.in_source { "True" } else { "False" },
            self.0.id
        ))
    }
}

/// Calls a `crosscut._results` list class with the items and a `query`.
fn with_query<'py>(
    py: Python<'py>,
    class: &str,
    items: Bound<'py, PyList>,
    query: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = PyDict::new(py);
    kwargs.set_item("query", query)?;
    crate::convert::results(py, class)?.call((items,), Some(&kwargs))
}

/// The options of `tm_search`, as both `Artifact` and `ShardedMemory` take them.
pub fn search_options(src: String, tgt: String, top: usize, min_score: u8, origin: Option<String>) -> crosscut::SearchOptions {
    crosscut::SearchOptions { origin, ..crosscut::SearchOptions::new(src, tgt).top(top).min_score(min_score) }
}

/// The matches as a `crosscut.TmMatches` list that remembers its query.
pub fn matches<'py>(py: Python<'py>, query: &str, found: Vec<crosscut::TmMatch>) -> PyResult<Bound<'py, PyAny>> {
    with_query(py, "TmMatches", PyList::new(py, found.into_iter().map(TmMatch))?, query)
}

/// The hits as a `crosscut.ConcordanceHits` list that remembers its phrase.
pub fn concordance<'py>(
    py: Python<'py>,
    phrase: &str,
    found: Vec<crosscut::ConcordanceHit>,
) -> PyResult<Bound<'py, PyAny>> {
    with_query(
        py,
        "ConcordanceHits",
        PyList::new(py, found.into_iter().map(ConcordanceHit))?,
        phrase,
    )
}
