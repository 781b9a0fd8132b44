//! textfix's compiled scanning core.
//!
//! Each function here is a drop-in for one hot function of the Python passes, which stay
//! the reference: same inputs, same outputs, checked by tests/test_core_differential.py.
//! Python keeps the orchestration, configuration, files, edits and reports.

use pyo3::prelude::*;

mod boilerplate;
mod dedup;
mod lines;
mod plan;
mod punct;
mod split;
mod unigate;

/// The core's version, shown by `textfix --version`.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn textfix_core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(version, m)?)?;
    split::register(m)?;
    plan::register(m)?;
    lines::register(m)?;
    punct::register(m)?;
    dedup::register(m)?;
    unigate::register(m)?;
    boilerplate::register(m)?;
    Ok(())
}
