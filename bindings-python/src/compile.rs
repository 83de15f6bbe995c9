//! `compile`, `compile_memory` and `Source`: glossary and TM sources → an artifact.
//!
//! Sources are read with the core importers, like `crosscut compile` and
//! `crosscut tm import` do; the whole build runs without the GIL.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crosscut::sources::pairs::{read_pairs, PairOptions};
use crosscut::sources::tmx::{read_tmx, read_tmx_from};
use crosscut::sources::{self, ReadOptions, SourceFormat};
use crosscut::{Error, GlossaryBuilder, MemoryBuilder, Normalization, Unit, Warning};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};

use crate::artifact::{bytes_of, Artifact};
use crate::error;

/// The formats a `Source` may name.
const FORMATS: &str = "toml, csv, tsv, tbx (glossaries), tmx (memories)";

/// An in-memory source: the text (or bytes) of a TOML, CSV, TSV, TBX or TMX file.
#[pyclass(name = "Source", module = "crosscut", frozen)]
#[derive(Debug, Clone)]
pub struct Source {
    data: Vec<u8>,
    format: String,
    name: Option<String>,
}

#[pymethods]
impl Source {
    #[new]
    #[pyo3(signature = (data, format, name=None))]
    fn new(py: Python<'_>, data: &Bound<'_, PyAny>, format: &str, name: Option<String>) -> PyResult<Source> {
        let data = match data.cast::<PyString>() {
            Ok(s) => s.extract::<String>()?.into_bytes(),
            Err(_) => bytes_of(data)?.ok_or_else(|| {
                pyo3::exceptions::PyTypeError::new_err("Source data must be str, bytes, bytearray or memoryview")
            })?,
        };
        let format = format.to_ascii_lowercase();
        let format = match format.as_str() {
            "tab" => "tsv".to_string(),
            "toml" | "csv" | "tsv" | "tbx" | "tmx" => format,
            _ => {
                return Err(error::query(
                    py,
                    format!("unknown source format {format:?}; use one of: {FORMATS}"),
                ))
            }
        };
        Ok(Source { data, format, name })
    }
    /// The source's bytes (a `str` is stored as UTF-8).
    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.data)
    }
    /// `"toml"`, `"csv"`, `"tsv"`, `"tbx"` or `"tmx"`.
    #[getter]
    fn format(&self) -> &str {
        &self.format
    }
    /// The name used in error messages and `info()["sources"]`.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let name = match &self.name {
            Some(n) => format!(", name={}", PyString::new(py, n).repr()?),
            None => String::new(),
        };
        Ok(format!(
            "Source(<{} bytes>, format={:?}{name})",
            self.data.len(),
            self.format
        ))
    }
}

/// One input of `compile` or `compile_memory`.
enum Input {
    Path(PathBuf),
    Source(Source),
    /// The bytes of an artifact holding a memory (to merge its units).
    Memory(Vec<u8>),
    Pair(String, String),
}

impl Input {
    fn from_py(py: Python<'_>, item: &Bound<'_, PyAny>, pairs: bool) -> PyResult<Input> {
        if let Ok(s) = item.cast::<Source>() {
            return Ok(Input::Source(s.get().clone()));
        }
        if let Ok(a) = item.cast::<Artifact>() {
            let artifact: &Artifact = a.get();
            let memory = error::call(py, || artifact.read().memory()?.compact())?;
            return Ok(Input::Memory(memory));
        }
        if pairs && (item.is_instance_of::<PyTuple>() || item.is_instance_of::<PyList>()) {
            let texts: Vec<String> = item.extract()?;
            return match <[String; 2]>::try_from(texts) {
                Ok([s, t]) => Ok(Input::Pair(s, t)),
                Err(texts) => Err(pyo3::exceptions::PyTypeError::new_err(format!(
                    "a pair is (source_text, target_text), not {} items",
                    texts.len()
                ))),
            };
        }
        Ok(Input::Path(item.extract()?))
    }

    /// The inputs: one path or `Source`, or an iterable of them.
    fn all(py: Python<'_>, sources: &Bound<'_, PyAny>, pairs: bool) -> PyResult<Vec<Input>> {
        let single = sources.is_instance_of::<PyString>()
            || sources.cast::<Source>().is_ok()
            || sources.cast::<Artifact>().is_ok()
            || sources.hasattr("__fspath__")?;
        if single {
            return Ok(vec![Input::from_py(py, sources, pairs)?]);
        }
        sources
            .try_iter()?
            .map(|item| Input::from_py(py, &item?, pairs))
            .collect()
    }
}

fn cannot_read(name: &str, e: std::io::Error) -> Error {
    Error::from(std::io::Error::new(e.kind(), format!("{name}: cannot read: {e}")))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// Compiles glossary sources into an artifact; bundles a translation memory
/// when `tm` is given; writes it atomically to `output` when given.
#[pyfunction]
#[pyo3(signature = (sources, output=None, *, tm=None, fold_diacritics=false, stemming=true, languages=None, term_separator="|"))]
#[allow(clippy::too_many_arguments)]
pub fn compile(
    py: Python<'_>,
    sources: &Bound<'_, PyAny>,
    output: Option<PathBuf>,
    tm: Option<&Bound<'_, PyAny>>,
    fold_diacritics: bool,
    stemming: bool,
    languages: Option<(String, String)>,
    term_separator: &str,
) -> PyResult<Artifact> {
    let inputs = Input::all(py, sources, false)?;
    let tm = tm.map(|t| Input::from_py(py, t, false)).transpose()?;
    let mut options = ReadOptions::default();
    options.csv.term_separator = term_separator.to_string();
    if let Some((src, tgt)) = languages {
        options.csv = options.csv.with_languages(src, tgt);
    }
    let (artifact, warnings) = error::call(py, || {
        let mut builder = GlossaryBuilder::new()
            .normalization(Normalization { fold_diacritics })
            .stemming(stemming);
        let mut warnings = Vec::new();
        for input in &inputs {
            let (name, shown, bytes, format) = match input {
                Input::Path(path) => {
                    let name = path.display().to_string();
                    let format = SourceFormat::from_path(&name).ok_or_else(|| {
                        Error::query(format!(
                            "{name}: cannot tell the source format from the extension ({}); pass crosscut.Source(data, format)",
                            SourceFormat::NAMES
                        ))
                    })?;
                    let bytes = std::fs::read(path).map_err(|e| cannot_read(&name, e))?;
                    (Some(name), file_name(path), bytes, format)
                }
                Input::Source(s) => {
                    let format = SourceFormat::from_name(&s.format).ok_or_else(|| {
                        Error::query(format!(
                            "a {} source is not a glossary; pass translation memories as tm=",
                            s.format
                        ))
                    })?;
                    (
                        s.name.clone(),
                        s.name.clone().unwrap_or_else(|| format!("<{}>", s.format)),
                        s.data.clone(),
                        format,
                    )
                }
                Input::Memory(_) | Input::Pair(..) => {
                    return Err(Error::query(
                        "a translation memory is not a glossary source; pass it as tm=",
                    ));
                }
            };
            let source: Option<Arc<str>> = name.map(Into::into);
            let imported = sources::read(&bytes, &source, format, &options)?;
            warnings.extend(imported.warnings.iter().map(ToString::to_string));
            for concept in imported.concepts {
                builder
                    .add(concept)
                    .map_err(|e| match (&source, e.location().is_some()) {
                        (Some(s), false) => e.in_source(s),
                        _ => e,
                    })?;
            }
            builder.source_name(shown);
        }
        let mut bytes = builder.build()?;
        if let Some(tm) = &tm {
            let memory = match tm {
                Input::Memory(bytes) => bytes.clone(),
                Input::Path(path) if extension(path) != "tmx" => {
                    std::fs::read(path).map_err(|e| cannot_read(&path.display().to_string(), e))?
                }
                other => {
                    let mut m = MemoryBuilder::new();
                    add_memory_input(&mut m, other, None, None, &mut warnings)?;
                    m.build()?
                }
            };
            bytes = crosscut::artifact::bundle(&bytes, &memory)?;
        }
        finish(bytes, output.as_deref(), warnings)
    })?;
    Ok(Artifact::new(artifact, warnings))
}

/// Builds a memory-only artifact from TMX files, TSV/CSV pairs (`src` and
/// `tgt` give their languages), `(source_text, target_text)` tuples, or other
/// memories; writes it atomically to `output` when given.
#[pyfunction]
#[pyo3(signature = (sources, output=None, src=None, tgt=None))]
pub fn compile_memory(
    py: Python<'_>,
    sources: &Bound<'_, PyAny>,
    output: Option<PathBuf>,
    src: Option<String>,
    tgt: Option<String>,
) -> PyResult<Artifact> {
    let inputs = Input::all(py, sources, true)?;
    let (artifact, warnings) = error::call(py, || {
        let mut builder = MemoryBuilder::new();
        let mut warnings = Vec::new();
        let mut pairs = false;
        for input in &inputs {
            pairs |= matches!(input, Input::Pair(..));
            add_memory_input(&mut builder, input, src.as_deref(), tgt.as_deref(), &mut warnings)?;
        }
        if pairs {
            builder.source_name("<pairs>");
        }
        finish(builder.build()?, output.as_deref(), warnings)
    })?;
    Ok(Artifact::new(artifact, warnings))
}

/// Writes the bytes when asked, and opens them.
fn finish(
    bytes: Vec<u8>,
    output: Option<&Path>,
    warnings: Vec<String>,
) -> crosscut::Result<(crosscut::Artifact, Vec<String>)> {
    if let Some(path) = output {
        crosscut::artifact::write_atomic(path, &bytes)?;
    }
    Ok((crosscut::Artifact::from_bytes(bytes)?, warnings))
}

/// Adds the units of one TM input to `builder`.
fn add_memory_input(
    builder: &mut MemoryBuilder,
    input: &Input,
    src: Option<&str>,
    tgt: Option<&str>,
    warnings: &mut Vec<String>,
) -> crosscut::Result<()> {
    let need_langs = |what: &str| {
        src.zip(tgt)
            .ok_or_else(|| Error::query(format!("{what}: pairs need their languages: pass src= and tgt=")))
    };
    let mut note = |w: Vec<Warning>| warnings.extend(w.iter().map(ToString::to_string));
    match input {
        Input::Pair(s, t) => {
            let (src, tgt) = need_langs("(source, target) tuples")?;
            builder.add(Unit::pair(src, s, tgt, t))
        }
        Input::Memory(bytes) => {
            let memory = crosscut::Memory::from_bytes(bytes.clone())?;
            for unit in memory.units() {
                builder.add(unit?)?;
            }
            for s in memory.info().sources {
                builder.source_name(s);
            }
            Ok(())
        }
        Input::Path(path) => {
            let name: Arc<str> = path.display().to_string().into();
            let source = Some(name.clone());
            match extension(path).as_str() {
                "tmx" => {
                    // Streamed: one <tu> at a time, never the whole file.
                    let file = std::fs::File::open(path).map_err(|e| cannot_read(&name, e))?;
                    let summary = read_tmx_from(std::io::BufReader::new(file), &source, |u| builder.add(u))
                        .map_err(|e| e.in_source(&name))?;
                    note(summary.warnings);
                }
                ext @ ("tsv" | "tab" | "txt" | "csv") => {
                    let (src, tgt) = need_langs(&name)?;
                    let bytes = std::fs::read(path).map_err(|e| cannot_read(&name, e))?;
                    let options = if ext == "csv" { PairOptions::csv(src, tgt) } else { PairOptions::tsv(src, tgt) };
                    let read = read_pairs(&bytes, &source, &options).map_err(|e| e.in_source(&name))?;
                    note(read.warnings);
                    builder.add_all(read.units).map_err(|e| e.in_source(&name))?;
                }
                "xcut" => {
                    let bytes = std::fs::read(path).map_err(|e| cannot_read(&name, e))?;
                    let artifact = crosscut::Artifact::from_bytes(bytes).map_err(|e| e.in_source(&name))?;
                    let compacted = artifact.memory()?.compact()?;
                    return add_memory_input(builder, &Input::Memory(compacted), src, tgt, warnings);
                }
                _ => {
                    return Err(Error::query(format!(
                        "{name}: cannot tell the format from the extension; use .tmx, .tsv, .csv or .xcut, or crosscut.Source(data, format)"
                    )))
                }
            }
            builder.source_name(file_name(path));
            Ok(())
        }
        Input::Source(s) => {
            let source: Option<Arc<str>> = s.name.clone().map(Into::into);
            let read = match s.format.as_str() {
                "tmx" => read_tmx(&s.data, &source)?,
                "tsv" | "csv" => {
                    let (src, tgt) = need_langs(s.name.as_deref().unwrap_or("a pairs source"))?;
                    let options = if s.format == "csv" {
                        PairOptions::csv(src, tgt)
                    } else {
                        PairOptions::tsv(src, tgt)
                    };
                    read_pairs(&s.data, &source, &options)?
                }
                other => {
                    return Err(Error::query(format!(
                        "a {other} source is not a translation memory; use tmx, tsv or csv"
                    )))
                }
            };
            note(read.warnings);
            builder.add_all(read.units).map_err(|e| match &source {
                Some(name) => e.in_source(name),
                None => e,
            })?;
            builder.source_name(s.name.clone().unwrap_or_else(|| format!("<{}>", s.format)));
            Ok(())
        }
    }
}
