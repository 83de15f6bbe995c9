//! `Annotation`: a term found in a text, with code-point offsets.

use pyo3::prelude::*;

use crate::convert::{to_python, Concept, Term};

/// A glossary term found in a text: ``text[a.start:a.end] == a.text``.
#[pyclass(name = "Annotation", module = "crosscut", frozen)]
#[derive(Debug, Clone)]
pub struct Annotation(pub crosscut::Annotation);

#[pymethods]
impl Annotation {
    /// Start, in code points.
    #[getter]
    fn start(&self) -> usize {
        self.0.span.start_char
    }
    /// End (exclusive), in code points.
    #[getter]
    fn end(&self) -> usize {
        self.0.span.end_char
    }
    /// The text as it appears in the input.
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }
    /// `"exact"`, `"normalized"` or `"inflected"`.
    #[getter]
    fn how(&self) -> &'static str {
        match self.0.how {
            crosscut::MatchKind::Exact => "exact",
            crosscut::MatchKind::Normalized => "normalized",
            crosscut::MatchKind::Inflected => "inflected",
        }
    }
    #[getter]
    fn status(&self) -> &'static str {
        self.0.status.as_str()
    }
    #[getter]
    fn term(&self) -> Term {
        Term(self.0.term.clone())
    }
    #[getter]
    fn concept(&self) -> Concept {
        Concept(crosscut::Concept::clone(&self.0.concept))
    }
    #[getter]
    fn translations(&self) -> Vec<Term> {
        self.0.translations.iter().cloned().map(Term).collect()
    }
    /// For a deprecated or forbidden term: the terms to use instead.
    #[getter]
    fn preferred(&self) -> Vec<Term> {
        self.0.preferred.iter().cloned().map(Term).collect()
    }
    /// The match as a plain dict, with `start`/`end` in code points.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let a = &self.0;
        let v = serde_json::json!({
            "start": a.span.start_char, "end": a.span.end_char, "text": a.text,
            "how": a.how, "status": a.status, "term": a.term, "concept": a.concept,
            "translations": a.translations, "preferred": a.preferred,
        });
        to_python(py, &v)
    }
    fn __repr__(&self) -> String {
        format!(
            "Annotation({:?}, start={}, end={}, concept={:?}, status={}, how={})",
            self.0.text,
            self.0.span.start_char,
            self.0.span.end_char,
            self.0.concept.id,
            self.0.status.as_str(),
            self.how()
        )
    }
}
