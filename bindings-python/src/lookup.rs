//! `open` and `Glossary`: an opened artifact and its lookups.

use std::path::PathBuf;

use crosscut::LookupOptions;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyMemoryView};

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

    /// Counts, languages and settings, as a dict.
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_python(py, self.inner.info())
    }

    fn __repr__(&self) -> String {
        let info = self.inner.info();
        format!("<crosscut.Glossary: {} concepts, {} terms>", info.concepts, info.terms)
    }
}
