//! crosscut for Python: a thin pyo3 layer over the core.
//!
//! The extension module is `crosscut._crosscut`; the `crosscut` package
//! re-exports it. Every method parses its arguments (`convert`), releases the
//! GIL for the core call ([`detach`]) and converts the result; every error goes
//! through `error::to_py`.

use pyo3::prelude::*;

mod annotate;
mod convert;
mod error;
mod lookup;

/// Runs a core call without holding the GIL, so other Python threads run meanwhile.
///
/// A panic inside the core is a bug, but it must not take the interpreter down
/// or escape as pyo3's `PanicException` (a `BaseException` that
/// `except Exception` misses): it is caught here and raised as `crosscut.Error`
/// with code `internal.panic`.
pub(crate) fn detach<T: Send>(
    py: Python<'_>,
    f: impl FnOnce() -> crosscut::Result<T> + Send,
) -> Result<T, error::Failure> {
    py.detach(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)))
        .map_err(error::Failure::panic)?
        .map_err(error::Failure::Core)
}

#[pymodule]
fn _crosscut(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    error::register(m)?;
    m.add_function(wrap_pyfunction!(lookup::open, m)?)?;
    m.add_class::<lookup::Glossary>()?;
    m.add_class::<convert::Hit>()?;
    m.add_class::<annotate::Annotation>()?;
    m.add_class::<convert::Term>()?;
    m.add_class::<convert::Concept>()?;
    Ok(())
}
