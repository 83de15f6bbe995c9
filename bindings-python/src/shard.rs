//! `ShardedMemory`: several memory artifacts searched as one (`crosscut::tm_shard`).

use std::path::PathBuf;

use pyo3::prelude::*;

use crate::artifact::bytes_of;
use crate::{error, tm};

/// What `__reduce__` returns: the class and its constructor's arguments.
type Reduced<'py> = (Bound<'py, PyAny>, (Vec<Py<PyAny>>,));

/// Several translation-memory artifacts (shards, split by `shard_of`) searched
/// as one: the results equal those of one artifact built from the same units.
/// Shards are searched in parallel threads, with the GIL released.
#[pyclass(name = "ShardedMemory", module = "crosscut", frozen)]
#[derive(Debug)]
pub struct ShardedMemory {
    inner: crosscut::ShardedMemory,
    sources: Vec<Py<PyAny>>,
}

#[pymethods]
impl ShardedMemory {
    /// Opens every shard: each a path (memory-mapped) or bytes.
    #[new]
    fn new(py: Python<'_>, shards: Vec<Bound<'_, PyAny>>) -> PyResult<ShardedMemory> {
        let mut opened = Vec::with_capacity(shards.len());
        for shard in &shards {
            let memory = match bytes_of(shard)? {
                Some(bytes) => error::call(py, || crosscut::Memory::from_bytes(bytes))?,
                None => {
                    let path: PathBuf = shard.extract()?;
                    error::call(py, || crosscut::Memory::open(&path))?
                }
            };
            opened.push(memory);
        }
        let inner = error::call(py, || crosscut::ShardedMemory::new(opened))?;
        Ok(ShardedMemory { inner, sources: shards.into_iter().map(Bound::unbind).collect() })
    }

    /// Units in all shards.
    fn __len__(&self) -> usize {
        self.inner.len()
    }

    /// How many shards.
    #[getter]
    fn shards(&self) -> usize {
        self.inner.shards().len()
    }

    /// Searches every shard and merges their best matches, best first, ranked as
    /// one memory ranks them. A match's `id` is its unit's id within its shard.
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
        let found = error::call(py, || self.inner.search(text, &options))?;
        tm::matches(py, text, found)
    }

    /// Finds the segments in `lang` that contain `phrase`, in every shard.
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
        let found = error::call(py, || self.inner.concordance(phrase, &options))?;
        tm::concordance(py, phrase, found)
    }

    /// Pickles as the shards it was opened from (paths stay paths).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py>> {
        let cls = py.get_type::<ShardedMemory>().into_any();
        Ok((cls, (self.sources.iter().map(|s| s.clone_ref(py)).collect(),)))
    }

    fn __repr__(&self) -> String {
        format!("<crosscut.ShardedMemory {} shards, {} units>", self.inner.shards().len(), self.inner.len())
    }
}

/// The shard, among `shards`, that a unit with this source belongs to (a CRC-32
/// of the source language tag and text: stable across processes and versions).
#[pyfunction]
pub fn shard_of(source: &str, src: &str, shards: usize) -> usize {
    crosscut::tm_shard::shard_of(&crosscut::Unit::pair(src, source, "", ""), shards)
}
