//! `Artifact.check`: terminology and subtitle QA of a translated subtitle file.

use std::path::PathBuf;

use crosscut::check::{CheckConfig, CheckOptions, CueSpan};
use crosscut::subtitle::{read_subtitles, read_subtitles_file, SubtitleFormat, Subtitles};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::artifact::bytes_of;
use crate::error;

/// One finding of `check`: a rule broken in a target cue.
///
/// Spans are in code points of the cue text as written (markup included), so
/// `cue_text[start:end]` is the span's text.
#[pyclass(name = "Finding", module = "crosscut", frozen)]
#[derive(Debug, Clone)]
pub struct Finding {
    inner: crosscut::check::Finding,
    source_span: Option<(usize, usize, String)>,
    target_span: Option<(usize, usize, String)>,
}

#[pymethods]
impl Finding {
    /// The rule id (`term-missing`, `forbidden-term`, `reading-speed`, …).
    #[getter]
    fn rule(&self) -> &'static str {
        self.inner.rule.id()
    }
    /// `"error"`, `"warning"` or `"info"`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.inner.severity.as_str()
    }
    /// The target cue's number (as in an SRT file; position in a WebVTT file).
    #[getter]
    fn cue(&self) -> usize {
        self.inner.cue
    }
    /// The source cue paired with it, if any.
    #[getter]
    fn source_cue(&self) -> Option<usize> {
        self.inner.source_cue
    }
    /// The cue's time range, `00:00:01.000 --> 00:00:03.500`.
    #[getter]
    fn time(&self) -> &str {
        &self.inner.time
    }
    /// Start of the cue in milliseconds.
    #[getter]
    fn start_ms(&self) -> u64 {
        self.inner.start
    }
    /// End of the cue in milliseconds.
    #[getter]
    fn end_ms(&self) -> u64 {
        self.inner.end
    }
    #[getter]
    fn message(&self) -> &str {
        &self.inner.message
    }
    #[getter]
    fn suggestion(&self) -> Option<&str> {
        self.inner.suggestion.as_deref()
    }
    /// The glossary concept involved, if any.
    #[getter]
    fn concept(&self) -> Option<&str> {
        self.inner.concept.as_deref()
    }
    /// `(start, end, text)` in the source cue, if the finding points into it.
    #[getter]
    fn source_span(&self) -> Option<(usize, usize, String)> {
        self.source_span.clone()
    }
    /// `(start, end, text)` in the target cue, if the finding points into it.
    #[getter]
    fn target_span(&self) -> Option<(usize, usize, String)> {
        self.target_span.clone()
    }
    /// The finding as a flat dict (the columns of `Findings.to_pandas()`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("rule", self.rule())?;
        d.set_item("severity", self.severity())?;
        d.set_item("cue", self.cue())?;
        d.set_item("source_cue", self.source_cue())?;
        d.set_item("time", self.time())?;
        d.set_item("message", self.message())?;
        d.set_item("suggestion", self.suggestion())?;
        d.set_item("concept", self.concept())?;
        d.set_item("source_text", self.source_span.as_ref().map(|s| s.2.clone()))?;
        d.set_item("target_text", self.target_span.as_ref().map(|s| s.2.clone()))?;
        Ok(d)
    }
    fn __repr__(&self) -> String {
        format!("<Finding {} {} cue {}: {}>", self.severity(), self.rule(), self.cue(), self.inner.message)
    }
}

/// Reads a subtitle file: a path (format from the extension), or bytes/str with `format`.
fn subtitles(py: Python<'_>, input: &Bound<'_, PyAny>, format: Option<&str>, encoding: Option<&str>) -> PyResult<Subtitles> {
    let data = match bytes_of(input)? {
        Some(b) => Some(b),
        None => input.cast::<PyString>().ok().filter(|_| format.is_some()).map(|s| s.to_string().into_bytes()),
    };
    let encoding = encoding.map(str::to_string);
    let parsed = match data {
        Some(bytes) => {
            let f = format.ok_or_else(|| error::query(py, "subtitle bytes need format=\"srt\" or format=\"vtt\""))?;
            let f = match f.to_ascii_lowercase().as_str() {
                "srt" => SubtitleFormat::Srt,
                "vtt" | "webvtt" => SubtitleFormat::Vtt,
                other => return Err(error::query(py, format!("unknown subtitle format {other:?}: use \"srt\" or \"vtt\""))),
            };
            error::call(py, move || read_subtitles(&bytes, f, encoding.as_deref(), &None))?
        }
        None => {
            let path: PathBuf = input.extract()?;
            error::call(py, move || read_subtitles_file(&path, encoding.as_deref()))?
        }
    };
    Ok(parsed.subtitles)
}

/// Code-point offsets of a byte span of `text`.
fn char_span(text: &str, span: &Option<CueSpan>) -> Option<(usize, usize, String)> {
    let s = span.as_ref()?;
    let at = |b: usize| text.get(..b.min(text.len())).map_or(0, |p| p.chars().count());
    Some((at(s.start), at(s.end), s.text.clone()))
}

/// Runs `crosscut::check::check` and converts the findings to a `crosscut.Findings` list.
#[allow(clippy::too_many_arguments)]
pub fn run<'py>(
    py: Python<'py>,
    artifact: &crate::artifact::Artifact,
    source: &Bound<'py, PyAny>,
    target: &Bound<'py, PyAny>,
    src: String,
    tgt: String,
    format: Option<&str>,
    config: Option<PathBuf>,
    encoding: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let source = subtitles(py, source, format, encoding)?;
    let target = subtitles(py, target, format, encoding)?;
    let config = match config {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| error::query(py, format!("{}: cannot read the check config: {e}", path.display())))?;
            let name = Some(std::sync::Arc::<str>::from(path.display().to_string()));
            error::call(py, || CheckConfig::from_toml(&text, &name))?
        }
        None => CheckConfig::default(),
    };
    let options = CheckOptions { src, tgt, config };
    let report = error::call(py, || {
        let artifact = artifact.read();
        crosscut::check::check(artifact.glossary()?, artifact.memory_opt(), &source, &target, &options)
    })?;
    let cue_text = |subs: &Subtitles, i: Option<usize>| i.and_then(|i| subs.cues.get(i)).map(|c| c.text.clone()).unwrap_or_default();
    let findings = report.findings.into_iter().map(|f| {
        let source_span = char_span(&cue_text(&source, f.source_index), &f.source_span);
        let target_span = char_span(&cue_text(&target, f.target_index), &f.target_span);
        Finding { inner: f, source_span, target_span }
    });
    let list = PyList::new(py, findings)?;
    py.import("crosscut._results")?.getattr("Findings")?.call1((list,))
}
