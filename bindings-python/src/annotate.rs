//! `Annotation`: a term found in a text, with code-point offsets; `TermSpan`:
//! where one is and which, without its concept (`find_terms`).

use crosscut::AnnotateOptions;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::convert::{self, to_python, Concept, Term};

/// The annotate options from the keyword arguments.
pub fn options(
    py: Python<'_>,
    lang: Option<String>,
    to: Option<Vec<String>>,
    overlapping: bool,
    status: Option<Vec<String>>,
) -> PyResult<AnnotateOptions> {
    Ok(AnnotateOptions {
        lang,
        to: to.unwrap_or_default(),
        overlapping,
        status: convert::statuses(py, status)?,
    })
}

/// The matches of one text as a `crosscut.Annotations` list.
pub fn annotations(py: Python<'_>, found: Vec<crosscut::Annotation>) -> PyResult<Bound<'_, PyAny>> {
    convert::collection(py, "Annotations", found.into_iter().map(Annotation).collect())
}

/// The matches of many texts as a `crosscut.AnnotationBatch` of `Annotations`.
pub fn batch(py: Python<'_>, found: Vec<Vec<crosscut::Annotation>>) -> PyResult<Bound<'_, PyAny>> {
    let lists = found
        .into_iter()
        .map(|one| annotations(py, one))
        .collect::<PyResult<Vec<_>>>()?;
    convert::results(py, "AnnotationBatch")?.call1((PyList::new(py, lists)?,))
}

/// The matches of many texts as columns (see `Artifact.annotate_columns`).
pub fn columns(py: Python<'_>, found: Vec<Vec<crosscut::Annotation>>) -> PyResult<Bound<'_, pyo3::types::PyDict>> {
    let n: usize = found.iter().map(Vec::len).sum();
    let (mut row, mut start, mut end) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut text, mut concept, mut term) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
    let (mut status, mut how) = (Vec::with_capacity(n), Vec::with_capacity(n));
    for (i, one) in found.into_iter().enumerate() {
        for a in one {
            row.push(i);
            start.push(a.span.start_char);
            end.push(a.span.end_char);
            concept.push(a.concept.id.clone());
            term.push(a.term.text.clone());
            status.push(a.status.as_str());
            how.push(match a.how {
                crosscut::MatchKind::Exact => "exact",
                crosscut::MatchKind::Normalized => "normalized",
                crosscut::MatchKind::Inflected => "inflected",
            });
            text.push(a.text);
        }
    }
    let d = pyo3::types::PyDict::new(py);
    d.set_item("row", row)?;
    d.set_item("start", start)?;
    d.set_item("end", end)?;
    d.set_item("text", text)?;
    d.set_item("concept", concept)?;
    d.set_item("term", term)?;
    d.set_item("status", status)?;
    d.set_item("how", how)?;
    Ok(d)
}

/// A glossary term found in a text: ``text[a.start:a.end] == a.text``.
#[pyclass(name = "Annotation", module = "crosscut", frozen)]
#[derive(Debug, Clone)]
pub struct Annotation(pub crosscut::Annotation);

#[pymethods]
impl Annotation {
    /// Start, in code points.
    #[getter]
    #[allow(clippy::misnamed_getters)] // the span's code-point offset, not its byte offset
    fn start(&self) -> usize {
        self.0.span.start_char
    }
    /// End (exclusive), in code points.
    #[getter]
    #[allow(clippy::misnamed_getters)] // as `start`
    fn end(&self) -> usize {
        self.0.span.end_char
    }
    /// The text as it appears in the input.
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }
    /// The concept's id: `a.concept.id` without converting the whole concept
    /// (for tables of millions of matches).
    #[getter]
    fn concept_id(&self) -> &str {
        &self.0.concept.id
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
        Term(crosscut::Term::clone(&self.0.term))
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

/// Where a glossary term is in a text and which one, without its concept
/// (`Artifact.find_terms`): `artifact.concept(t.concept).terms[t.term]` is the term.
#[pyclass(name = "TermSpan", module = "crosscut", frozen)]
#[derive(Debug, Clone)]
pub struct TermSpan(pub crosscut::TermSpan);

#[pymethods]
impl TermSpan {
    /// Start, in code points.
    #[getter]
    #[allow(clippy::misnamed_getters)] // the span's code-point offset, not its byte offset
    fn start(&self) -> usize {
        self.0.span.start_char
    }
    /// End (exclusive), in code points.
    #[getter]
    #[allow(clippy::misnamed_getters)] // as `start`
    fn end(&self) -> usize {
        self.0.span.end_char
    }
    /// The concept's index (`Artifact.concept(index)`).
    #[getter]
    fn concept(&self) -> u32 {
        self.0.concept
    }
    /// The matched term's index in the concept's `terms`.
    #[getter]
    fn term(&self) -> u32 {
        self.0.term
    }
    #[getter]
    fn status(&self) -> &'static str {
        self.0.status.as_str()
    }
    /// Only the stems matched (`how == "inflected"` in `annotate`).
    #[getter]
    fn inflected(&self) -> bool {
        self.0.inflected
    }
    /// The match as a plain dict, with `start`/`end` in code points.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
        let d = pyo3::types::PyDict::new(py);
        d.set_item("start", self.start())?;
        d.set_item("end", self.end())?;
        d.set_item("concept", self.0.concept)?;
        d.set_item("term", self.0.term)?;
        d.set_item("status", self.status())?;
        d.set_item("inflected", self.0.inflected)?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!(
            "TermSpan(start={}, end={}, concept={}, term={}, status={}, inflected={})",
            self.start(),
            self.end(),
            self.0.concept,
            self.0.term,
            self.status(),
            if self.0.inflected { "True" } else { "False" }
        )
    }
    fn __eq__(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
