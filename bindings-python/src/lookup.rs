//! `Artifact.lookup`: options in, `Hits` out.

use crosscut::LookupOptions;
use pyo3::prelude::*;

use crate::convert::{self, Hit};

/// The lookup options from the keyword arguments.
#[allow(clippy::too_many_arguments)]
pub fn options(
    py: Python<'_>,
    lang: Option<String>,
    to: Option<Vec<String>>,
    fuzzy: u32,
    prefix: bool,
    regex: bool,
    domain: Option<String>,
    status: Option<Vec<String>>,
    limit: usize,
) -> PyResult<LookupOptions> {
    Ok(LookupOptions {
        lang,
        to: to.unwrap_or_default(),
        mode: convert::match_mode(py, fuzzy, prefix, regex)?,
        domain,
        status: convert::statuses(py, status)?,
        limit,
    })
}

/// The hits as a `crosscut.Hits` list.
pub fn hits(py: Python<'_>, hits: Vec<crosscut::Hit>) -> PyResult<Bound<'_, PyAny>> {
    convert::collection(py, "Hits", hits.into_iter().map(Hit).collect())
}
