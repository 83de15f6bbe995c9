//! Repeats one kind of lookup for a while, for a profiler to sample:
//!
//! ```text
//! CARGO_PROFILE_RELEASE_DEBUG=line-tables-only cargo build --release -p crosscut-benches --example profile_loop
//! perf record -g target/release/examples/profile_loop exact-hit 10
//! ```
//!
//! Modes: `exact-hit`, `exact-miss`, `fuzzy1`, `fuzzy2`, `prefix`; then seconds (default 10).

use std::hint::black_box;
use std::time::{Duration, Instant};

use crosscut::Glossary;
use crosscut_benches as b;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "exact-hit".into());
    let secs: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let Some(keys) = b::load_keys()? else { return Ok(()) };
    let g = Glossary::from_bytes(b::compile(&keys)?)?;
    let base = b::baselines(&keys, g.normalization())?;
    let s = b::samples(&keys, &base.fst, g.normalization());
    drop(base);
    let (queries, options) = match mode.as_str() {
        "exact-hit" => (&s.hits, b::exact_options()),
        "exact-miss" => (&s.misses, b::exact_options()),
        "fuzzy1" => (&s.fuzzy, b::fuzzy_options(1)),
        "fuzzy2" => (&s.fuzzy, b::fuzzy_options(2)),
        "prefix" => (&s.prefixes, b::prefix_options()),
        other => return Err(format!("unknown mode {other:?}").into()),
    };
    eprintln!("looping {mode} for {secs} s");
    let start = Instant::now();
    let mut rounds = 0u64;
    while start.elapsed() < Duration::from_secs(secs) {
        black_box(b::run_lookups(&g, queries, &options));
        rounds += 1;
    }
    let per = start.elapsed().as_nanos() as f64 / (rounds as f64 * queries.len() as f64);
    eprintln!("{rounds} rounds, {per:.0} ns per lookup");
    Ok(())
}
