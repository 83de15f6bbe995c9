//! `open` and `Glossary`: an opened artifact and its lookups.

use std::path::PathBuf;

use crosscut::{AnnotateOptions, LookupOptions};
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView};

use crate::annotate::Annotation;
use crate::convert::{self, Hit};
use crate::{detach, error};

/// Opens a glossary artifact from a path (memory-mapped) or from bytes.
#[pyfunction]
pub fn open(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Glossary> {
    let opened = if let Ok(b) = source.cast::<PyBytes>() {
        let bytes = b.as_bytes().to_vec();
        detach(py, || crosscut::Glossary::from_bytes(bytes))
    } else if let Ok(b) = source.cast::<PyByteArray>() {
        let bytes = b.to_vec();
        detach(py, || crosscut::Glossary::from_bytes(bytes))
    } else if source.cast::<PyMemoryView>().is_ok() {
        let bytes: Vec<u8> = source.call_method0("tobytes")?.cast_into::<PyBytes>()?.as_bytes().to_vec();
        detach(py, || crosscut::Glossary::from_bytes(bytes))
    } else {
        let path: PathBuf = source.extract()?;
        detach(py, || crosscut::Glossary::open(&path))
    };
    opened.map(|inner| Glossary { inner }).map_err(|e| error::to_py(py, e))
}

/// An opened glossary artifact.
#[pyclass(name = "Glossary", module = "crosscut", frozen)]
#[derive(Debug)]
pub struct Glossary {
    inner: crosscut::Glossary,
}

#[pymethods]
impl Glossary {
    /// Looks a term up; returns the hits, best first.
    #[pyo3(signature = (term, lang, to=None, fuzzy=0, prefix=false, regex=false, domain=None, status=None, limit=20))]
    #[allow(clippy::too_many_arguments)]
    fn lookup(
        &self,
        py: Python<'_>,
        term: &str,
        lang: Option<String>,
        to: Option<Vec<String>>,
        fuzzy: u32,
        prefix: bool,
        regex: bool,
        domain: Option<String>,
        status: Option<Vec<String>>,
        limit: usize,
    ) -> PyResult<Vec<Hit>> {
        let options = LookupOptions {
            lang,
            to: to.unwrap_or_default(),
            mode: convert::match_mode(py, fuzzy, prefix, regex)?,
            domain,
            status: convert::statuses(py, status)?,
            limit,
        };
        let hits = detach(py, || self.inner.lookup(term, &options)).map_err(|e| error::to_py(py, e))?;
        Ok(hits.into_iter().map(Hit).collect())
    }

    /// Finds the glossary's terms in `text`; `start`/`end` are code points.
    #[pyo3(signature = (text, lang, to=None, overlapping=false, status=None))]
    fn annotate(
        &self,
        py: Python<'_>,
        text: &str,
        lang: Option<String>,
        to: Option<Vec<String>>,
        overlapping: bool,
        status: Option<Vec<String>>,
    ) -> PyResult<Vec<Annotation>> {
        let options = AnnotateOptions { lang, to: to.unwrap_or_default(), overlapping, status: convert::statuses(py, status)? };
        let found = detach(py, || self.inner.annotate(text, &options)).map_err(|e| error::to_py(py, e))?;
        Ok(found.into_iter().map(Annotation).collect())
    }

    /// Annotates many texts (the lines of a subtitle file) with the same options.
    #[pyo3(signature = (texts, lang, to=None, overlapping=false, status=None))]
    fn annotate_batch(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        lang: Option<String>,
        to: Option<Vec<String>>,
        overlapping: bool,
        status: Option<Vec<String>>,
    ) -> PyResult<Vec<Vec<Annotation>>> {
        let options = AnnotateOptions { lang, to: to.unwrap_or_default(), overlapping, status: convert::statuses(py, status)? };
        let found = detach(py, || self.inner.annotate_batch(&texts, &options)).map_err(|e| error::to_py(py, e))?;
        Ok(found.into_iter().map(|line| line.into_iter().map(Annotation).collect()).collect())
    }

    /// Counts, languages and settings, as a dict.
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_python(py, self.inner.info())
    }

    fn __repr__(&self) -> String {
        let info = self.inner.info();
        format!("<crosscut.Glossary: {} concepts, {} terms>", info.concepts, info.terms)
    }
}
