//! The native side of the Node benchmark (`benches/node/bench.mjs`): compiles
//! the term sets to artifacts for the wasm package, and times the same calls
//! natively on the same inputs, so the JS boundary's overhead can be reported.
//!
//! Usage: `node_peer OUT_DIR MAX_BYTES LABEL...` (labels `10k`, `100k`). Reads
//! `bench-data/terms-LABEL.txt` (written by `annotate_report`), the prose
//! (first `MAX_BYTES` of whole lines) and the query files that `bench.mjs`
//! wrote to `OUT_DIR` (`queries-LABEL-exact.txt`, `queries-LABEL-fuzzy.txt`).
//! Writes `OUT_DIR/terms-LABEL-{stem,nostem}.xcut` when missing and prints one
//! JSON object per measurement on stdout. Times are this thread's CPU time
//! (the machine is shared), medians of 3 passes after one warm-up pass.

use std::path::{Path, PathBuf};

use crosscut::{AnnotateOptions, Glossary, LookupOptions, MatchMode};
use crosscut_benches::{annotate as a, median};

fn lines_of(path: &Path) -> std::io::Result<Vec<String>> {
    Ok(std::fs::read_to_string(path)?.lines().map(str::to_string).collect())
}

/// CPU time of this thread, in seconds (`CLOCK_THREAD_CPUTIME_ID`).
#[allow(unsafe_code)] // one libc call; std has no thread CPU clock
fn thread_cpu() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec for the call.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &raw mut ts) };
    ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9
}

/// Median CPU seconds of 3 passes of `f`, after a warm-up pass.
fn timed(mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut n = std::hint::black_box(f());
    let mut secs = Vec::new();
    for _ in 0..3 {
        let start = thread_cpu();
        n = std::hint::black_box(f());
        secs.push(thread_cpu() - start);
    }
    (median(secs), n)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().ok_or("usage: node_peer OUT_DIR MAX_BYTES LABEL...")?);
    let max: usize = args.next().ok_or("missing MAX_BYTES")?.parse()?;
    let labels: Vec<String> = args.collect();
    let data = crosscut_benches::keys_path()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let Some(prose) = a::load_prose()? else { return Ok(()) };
    let lines = a::lines_within(&prose, Some(max));
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    std::fs::create_dir_all(&out)?;
    for label in &labels {
        let terms = lines_of(&data.join(format!("terms-{label}.txt")))?;
        for (stem, name) in [(true, "stem"), (false, "nostem")] {
            let path = out.join(format!("terms-{label}-{name}.xcut"));
            if !path.exists() {
                std::fs::write(&path, a::compile_terms(&terms, stem)?)?;
            }
            let g = Glossary::from_bytes(std::fs::read(&path)?)?;
            let options = AnnotateOptions::new("en");
            let (s, n) = timed(|| a::run_crosscut(&g, &lines, &options).annotations as usize);
            println!(
                "{{\"op\":\"annotate\",\"terms\":\"{label}\",\"stem\":{stem},\"bytes\":{bytes},\"secs\":{s},\"annotations\":{n}}}"
            );
            if !stem {
                continue;
            }
            for (kind, options) in [
                ("exact", LookupOptions::new("en")),
                ("fuzzy", LookupOptions::new("en").mode(MatchMode::Fuzzy(1))),
            ] {
                let queries = lines_of(&out.join(format!("queries-{label}-{kind}.txt")))?;
                let (s, n) = timed(|| {
                    queries
                        .iter()
                        .map(|q| g.lookup(q, &options).map_or(0, |h| h.len()))
                        .sum()
                });
                println!(
                    "{{\"op\":\"{kind}\",\"terms\":\"{label}\",\"queries\":{},\"secs\":{s},\"hits\":{n}}}",
                    queries.len()
                );
            }
        }
    }
    Ok(())
}
