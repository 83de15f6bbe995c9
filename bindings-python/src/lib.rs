//! crosscut for Python: a thin pyo3 layer over the core.
//!
//! The extension module is `crosscut._crosscut`; the `crosscut` package
//! re-exports it and adds the result collections (`crosscut._results`: pandas
//! and HTML). Every method parses its arguments, calls the core through
//! `error::call` (GIL released, panics caught) and converts the result; every
//! error goes through `error.rs`.

use pyo3::prelude::*;

mod annotate;
mod artifact;
mod check;
mod compile;
mod convert;
mod error;
mod lookup;
mod shard;
mod tm;

#[pymodule]
fn _crosscut(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    error::register(m)?;
    m.add_function(wrap_pyfunction!(artifact::open, m)?)?;
    m.add_function(wrap_pyfunction!(error::panic_for_tests, m)?)?;
    m.add_function(wrap_pyfunction!(compile::compile, m)?)?;
    m.add_function(wrap_pyfunction!(compile::compile_memory, m)?)?;
    m.add_class::<artifact::Artifact>()?;
    m.add_class::<compile::Source>()?;
    m.add_class::<convert::Hit>()?;
    m.add_class::<annotate::Annotation>()?;
    m.add_class::<annotate::TermSpan>()?;
    m.add_class::<convert::Term>()?;
    m.add_class::<convert::Concept>()?;
    m.add_function(wrap_pyfunction!(shard::shard_of, m)?)?;
    m.add_class::<shard::ShardedMemory>()?;
    m.add_class::<check::Finding>()?;
    m.add_class::<tm::TmMatch>()?;
    m.add_class::<tm::ConcordanceHit>()?;
    Ok(())
}
