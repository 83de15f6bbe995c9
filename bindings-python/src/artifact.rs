//! `open` and `Artifact`: an opened glossary, translation memory, or bundle of both.
//!
//! The methods only parse arguments, call one core method through
//! [`error::call`] (GIL released, panics caught) and convert the result; the
//! lookup, annotate and TM conversions live in the files named after their core
//! modules.

use std::path::PathBuf;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crosscut::artifact::Kind;
use crosscut::sources;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyMemoryView, PyTuple};

use crate::convert::{self, Concept};
use crate::{annotate, error, lookup, tm};

/// Opens an artifact from a path (memory-mapped) or from bytes.
#[pyfunction]
pub fn open(py: Python<'_>, source: &Bound<'_, PyAny>) -> PyResult<Artifact> {
    let opened = match bytes_of(source)? {
        Some(bytes) => error::call(py, || crosscut::Artifact::from_bytes(bytes))?,
        None => {
            let path: PathBuf = source.extract()?;
            error::call(py, || crosscut::Artifact::open(&path))?
        }
    };
    Ok(Artifact::new(opened, Vec::new()))
}

/// The bytes of a `bytes`, `bytearray` or `memoryview`; `None` for anything else.
pub fn bytes_of(source: &Bound<'_, PyAny>) -> PyResult<Option<Vec<u8>>> {
    if let Ok(b) = source.cast::<PyBytes>() {
        Ok(Some(b.as_bytes().to_vec()))
    } else if let Ok(b) = source.cast::<PyByteArray>() {
        Ok(Some(b.to_vec()))
    } else if source.cast::<PyMemoryView>().is_ok() {
        Ok(Some(
            source
                .call_method0("tobytes")?
                .cast_into::<PyBytes>()?
                .as_bytes()
                .to_vec(),
        ))
    } else {
        Ok(None)
    }
}

/// An opened artifact: a glossary, a translation memory, or a bundle of both.
///
/// Frozen and `Sync`: one artifact serves any number of threads. Queries take
/// a read lock; `tm_add` and `save` take the write lock.
#[pyclass(name = "Artifact", module = "crosscut", frozen)]
#[derive(Debug)]
pub struct Artifact {
    inner: RwLock<crosscut::Artifact>,
    warnings: Vec<String>,
}

impl Artifact {
    pub fn new(inner: crosscut::Artifact, warnings: Vec<String>) -> Artifact {
        Artifact {
            inner: RwLock::new(inner),
            warnings,
        }
    }

    /// The artifact, for reading. A panic caught while the lock was held
    /// poisons it; queries never leave the artifact half-changed, so reading
    /// on is safe.
    pub fn read(&self) -> RwLockReadGuard<'_, crosscut::Artifact> {
        self.inner.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> RwLockWriteGuard<'_, crosscut::Artifact> {
        self.inner.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// The bytes of the artifact, with added TM units compacted in.
    pub fn bytes(&self, py: Python<'_>) -> PyResult<Vec<u8>> {
        error::call(py, || self.read().to_bytes())
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Glossary => "glossary",
        Kind::Memory => "memory",
        Kind::Bundle => "bundle",
    }
}

/// `Artifact.concept`'s argument: an id or an index.
#[derive(FromPyObject)]
enum ConceptKey {
    Id(String),
    Index(u32),
}

#[pymethods]
impl Artifact {
    /// `"glossary"`, `"memory"` or `"bundle"` (a glossary with a translation memory).
    #[getter]
    fn kind(&self) -> &'static str {
        kind_name(self.read().kind())
    }

    /// Whether lookups and annotate work on it.
    #[getter]
    fn has_glossary(&self) -> bool {
        self.read().glossary_opt().is_some()
    }

    /// Whether `tm_search`, `tm_concordance` and `tm_add` work on it.
    #[getter]
    fn has_memory(&self) -> bool {
        self.read().memory_opt().is_some()
    }

    /// What the importers skipped or repaired when this artifact was compiled
    /// (empty for an opened file), as `path:line:column: warning: …` lines.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    /// Looks a term up; returns the hits, best first.
    #[pyo3(signature = (term, lang, to=None, fuzzy=0, prefix=false, regex=false, domain=None, status=None, limit=20))]
    #[allow(clippy::too_many_arguments)]
    fn lookup<'py>(
        &self,
        py: Python<'py>,
        term: &str,
        lang: Option<String>,
        to: Option<Vec<String>>,
        fuzzy: u32,
        prefix: bool,
        regex: bool,
        domain: Option<String>,
        status: Option<Vec<String>>,
        limit: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = lookup::options(py, lang, to, fuzzy, prefix, regex, domain, status, limit)?;
        let hits = error::call(py, || self.read().glossary()?.lookup(term, &options))?;
        lookup::hits(py, hits)
    }

    /// Finds the glossary's terms in `text`; `start`/`end` are code points, so
    /// `text[a.start:a.end] == a.text`.
    #[pyo3(signature = (text, lang, to=None, overlapping=false, status=None))]
    fn annotate<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        lang: Option<String>,
        to: Option<Vec<String>>,
        overlapping: bool,
        status: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = annotate::options(py, lang, to, overlapping, status)?;
        let found = error::call(py, || self.read().glossary()?.annotate(text, &options))?;
        annotate::annotations(py, found)
    }

    /// Annotates many texts (the lines of a subtitle file) with the same options.
    #[pyo3(signature = (texts, lang, to=None, overlapping=false, status=None))]
    fn annotate_batch<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<String>,
        lang: Option<String>,
        to: Option<Vec<String>>,
        overlapping: bool,
        status: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = annotate::options(py, lang, to, overlapping, status)?;
        let found = error::call(py, || self.read().glossary()?.annotate_batch(&texts, &options))?;
        annotate::batch(py, found)
    }

    /// The matches of `annotate` (same options but `to`) as `TermSpan`s: where
    /// each is and which concept and term, without converting concepts. For
    /// highlighting and counting; `concept(t.concept)` gives the details.
    #[pyo3(signature = (text, lang, overlapping=false, status=None))]
    fn find_terms(
        &self,
        py: Python<'_>,
        text: &str,
        lang: Option<String>,
        overlapping: bool,
        status: Option<Vec<String>>,
    ) -> PyResult<Vec<annotate::TermSpan>> {
        let options = annotate::options(py, lang, None, overlapping, status)?;
        let found = error::call(py, || self.read().glossary()?.find_terms(text, &options))?;
        Ok(found.into_iter().map(annotate::TermSpan).collect())
    }

    /// `find_terms` for many texts, with the same options.
    #[pyo3(signature = (texts, lang, overlapping=false, status=None))]
    fn find_terms_batch(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        lang: Option<String>,
        overlapping: bool,
        status: Option<Vec<String>>,
    ) -> PyResult<Vec<Vec<annotate::TermSpan>>> {
        let options = annotate::options(py, lang, None, overlapping, status)?;
        let found = error::call(py, || self.read().glossary()?.find_terms_batch(&texts, &options))?;
        Ok(found.into_iter().map(|one| one.into_iter().map(annotate::TermSpan).collect()).collect())
    }

    /// `annotate_batch` as columns, for tables of millions of matches: a dict of
    /// equal-length lists `row` (the text's position in `texts`), `start`, `end`
    /// (code points), `text`, `concept` (id), `term`, `status` and `how`, built
    /// without one Python object per match (`pandas.DataFrame(columns)` reads it).
    #[pyo3(signature = (texts, lang, to=None, overlapping=false, status=None))]
    fn annotate_columns<'py>(
        &self,
        py: Python<'py>,
        texts: Vec<String>,
        lang: Option<String>,
        to: Option<Vec<String>>,
        overlapping: bool,
        status: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let options = annotate::options(py, lang, to, overlapping, status)?;
        let found = error::call(py, || self.read().glossary()?.annotate_batch(&texts, &options))?;
        annotate::columns(py, found)
    }

    /// Checks a translated subtitle file against its source: glossary terms,
    /// do-not-translate terms, numbers, the memory, and subtitle rules (see
    /// `docs/check.md`). `source` and `target` are paths (`.srt`, `.vtt`), or
    /// bytes/str with `format`. Returns a `crosscut.Findings` list.
    #[pyo3(signature = (source, target, src, tgt, *, format=None, config=None, encoding=None))]
    #[allow(clippy::too_many_arguments)]
    fn check<'py>(
        &self,
        py: Python<'py>,
        source: &Bound<'py, PyAny>,
        target: &Bound<'py, PyAny>,
        src: String,
        tgt: String,
        format: Option<&str>,
        config: Option<PathBuf>,
        encoding: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::check::run(py, self, source, target, src, tgt, format, config, encoding)
    }

    /// Finds the memory's units whose source best matches `text`, best first.
    #[pyo3(signature = (text, src, tgt, top=5, min_score=50, origin=None))]
    #[allow(clippy::too_many_arguments)]
    fn tm_search<'py>(
        &self,
        py: Python<'py>,
        text: &str,
        src: String,
        tgt: String,
        top: usize,
        min_score: u8,
        origin: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = tm::search_options(src, tgt, top, min_score, origin);
        let found = error::call(py, || self.read().memory()?.search(text, &options))?;
        tm::matches(py, text, found)
    }

    /// Finds the segments in `lang` that contain `phrase`, with the phrase highlighted.
    #[pyo3(signature = (phrase, lang, tgt=None, top=20, origin=None))]
    fn tm_concordance<'py>(
        &self,
        py: Python<'py>,
        phrase: &str,
        lang: String,
        tgt: Option<String>,
        top: usize,
        origin: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = crosscut::ConcordanceOptions { lang, tgt, top, origin };
        let found = error::call(py, || self.read().memory()?.concordance(phrase, &options))?;
        tm::concordance(py, phrase, found)
    }

    /// Adds a translation unit to the memory, in memory: the next search finds
    /// it; `save` writes it.
    #[pyo3(signature = (source, target, src, tgt, *, origin=None))]
    fn tm_add(
        &self,
        py: Python<'_>,
        source: &str,
        target: &str,
        src: &str,
        tgt: &str,
        origin: Option<String>,
    ) -> PyResult<()> {
        let mut unit = crosscut::Unit::pair(src, source, tgt, target);
        unit.origin.file = origin;
        error::call(py, || self.write().memory_mut()?.add(unit))
    }

    /// Writes the artifact, with the units added by `tm_add`, to `path`
    /// atomically (a temporary file in the same directory, then a rename).
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        error::call(py, || self.write().save(&path))
    }

    /// The artifact's bytes, with the units added by `tm_add`.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = self.bytes(py)?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Counts, languages and settings, as a dict; a memory's under `"memory"`.
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let (kind, glossary, memory) = {
            let a = self.read();
            (
                a.kind(),
                a.glossary_opt().map(|g| g.info().clone()),
                a.memory_opt().map(|m| m.info()),
            )
        };
        let dict = PyDict::new(py);
        dict.set_item("kind", kind_name(kind))?;
        if let Some(info) = glossary {
            dict.update(convert::to_python(py, &info)?.cast::<pyo3::types::PyMapping>()?)?;
        }
        if let Some(info) = memory {
            dict.set_item("memory", convert::to_python(py, &info)?)?;
        }
        Ok(dict)
    }

    /// The glossary as source text: `"toml"`, `"csv"`, `"tsv"` or `"tbx"`; the
    /// memory as `"tmx"`.
    fn export(&self, py: Python<'_>, format: &str) -> PyResult<String> {
        let format = format.to_ascii_lowercase();
        error::call(py, || {
            let a = self.read();
            if format == "tmx" {
                let units = a.memory()?.units().collect::<Result<Vec<_>, _>>()?;
                return Ok(sources::tmx::write_tmx(&units, None));
            }
            let concepts = a.glossary()?.concepts().collect::<Result<Vec<_>, _>>()?;
            match format.as_str() {
                "toml" => Ok(sources::toml::write_toml(&concepts)),
                "csv" => sources::csv::write_csv(&concepts, b','),
                "tsv" => sources::csv::write_csv(&concepts, b'\t'),
                "tbx" => Ok(sources::tbx::write_tbx(&concepts)),
                _ => Err(crosscut::Error::query(format!(
                    "unknown export format {format:?}; use toml, csv, tsv, tbx or tmx"
                ))),
            }
        })
    }

    /// Every concept of the glossary, in compile order.
    fn concepts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let concepts = error::call(py, || self.read().glossary()?.concepts().collect::<Result<Vec<_>, _>>())?;
        convert::collection(py, "Concepts", concepts.into_iter().map(Concept).collect())
    }

    /// The concept with this id (a `str`), or `None`; or the concept at this
    /// index (an `int`, as in `TermSpan.concept`), a `QueryError` past the end.
    fn concept(&self, py: Python<'_>, key: ConceptKey) -> PyResult<Option<Concept>> {
        match key {
            ConceptKey::Id(id) => Ok(error::call(py, || self.read().glossary()?.concept_by_id(&id))?.map(Concept)),
            ConceptKey::Index(i) => Ok(Some(Concept(error::call(py, || self.read().glossary()?.concept(i))?))),
        }
    }

    /// Pickles as its bytes: `crosscut.open(artifact.to_bytes())` (added TM
    /// units included; importer warnings are not kept).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let open = py.import("crosscut")?.getattr("open")?;
        let bytes = PyBytes::new(py, &self.bytes(py)?);
        PyTuple::new(py, [open, PyTuple::new(py, [bytes])?.into_any()])
    }

    fn __repr__(&self) -> String {
        let a = self.read();
        let mut parts = Vec::new();
        if let Some(g) = a.glossary_opt() {
            parts.push(format!("{} concepts, {} terms", g.info().concepts, g.info().terms));
        }
        if let Some(m) = a.memory_opt() {
            parts.push(format!("{} TM units", m.len()));
        }
        format!("<crosscut.Artifact {}: {}>", kind_name(a.kind()), parts.join(", "))
    }

    /// The info table, for notebooks.
    fn _repr_html_(slf: &Bound<'_, Self>) -> PyResult<String> {
        let py = slf.py();
        let info = slf.get().info(py)?;
        convert::results(py, "artifact_html")?
            .call1((slf.repr()?, info))?
            .extract()
    }
}
