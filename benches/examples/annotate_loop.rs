//! Repeats crosscut `annotate` over a slice of the prose for a while, for a
//! profiler to sample or count:
//!
//! ```text
//! CARGO_PROFILE_RELEASE_DEBUG=line-tables-only cargo build --release -p crosscut-benches --example annotate_loop
//! perf record -g target/release/examples/annotate_loop 100k nostem 2000000 20
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='annotate_loop::pass' \
//!     target/release/examples/annotate_loop 100k nostem 200000 0
//! ```
//!
//! Arguments: term set (`10k`, `100k`, `500k`: `bench-data/terms-<set>.txt`,
//! written by `annotate_report`), `stem`, `nostem` (`-find` after either: `find_terms`
//! instead of `annotate`; collect `annotate_loop::pass_find`) or `ac` (the aho-corasick
//! leftmost-longest bound instead of crosscut; collect `annotate_loop::pass_ac`),
//! bytes of prose (whole lines from the start), seconds (0: one pass).

use std::hint::black_box;
use std::time::{Duration, Instant};

use crosscut::{AnnotateOptions, Glossary};
use crosscut_benches::annotate as a;

#[inline(never)]
fn pass(g: &Glossary, lines: &[&str], options: &AnnotateOptions) -> a::Count {
    a::run_crosscut(g, lines, options)
}

#[inline(never)]
fn pass_find(g: &Glossary, lines: &[&str], options: &AnnotateOptions) -> a::Count {
    a::run_find_terms(g, lines, options)
}

#[inline(never)]
fn pass_ac(ac: &aho_corasick::AhoCorasick, lines: &[&str]) -> u64 {
    a::run_ac_leftmost_longest(ac, lines)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let set = args.next().unwrap_or_else(|| "100k".into());
    let mode = args.next().unwrap_or_else(|| "stem".into());
    let stemming = !mode.starts_with("nostem");
    // `stem-find`, `nostem-find`: `find_terms` instead of `annotate`.
    let find = mode.ends_with("-find");
    let max: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(2_000_000);
    let secs: u64 = args.next().and_then(|s| s.parse().ok()).unwrap_or(10);
    let dir = crosscut_benches::keys_path()
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let text = std::fs::read_to_string(dir.join(format!("terms-{set}.txt")))?;
    let terms: Vec<String> = text.lines().map(str::to_string).collect();
    let g = Glossary::from_bytes(a::compile_terms(&terms, stemming)?)?;
    let Some(prose) = a::load_prose()? else { return Ok(()) };
    let lines = a::lines_within(&prose, Some(max));
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    if mode == "ac" {
        let automata = a::automata(&terms)?;
        let start = Instant::now();
        let mut rounds = 0u64;
        let mut found = 0;
        while rounds == 0 || start.elapsed() < Duration::from_secs(secs) {
            found = black_box(pass_ac(&automata.leftmost_longest, &lines));
            rounds += 1;
        }
        let s = start.elapsed().as_secs_f64();
        eprintln!("aho-corasick: {rounds} passes, {:.2} MB/s, {found} matches per pass", bytes as f64 * rounds as f64 / s / 1e6);
        return Ok(());
    }
    let options = AnnotateOptions::new("en");
    eprintln!(
        "{} terms, stemming {stemming}, {} lines / {bytes} bytes",
        terms.len(),
        lines.len()
    );
    // Tables a glossary builds on its first annotate (first words) are built
    // here, outside the timed and profiled passes.
    black_box(g.annotate("warm up", &options).map(|found| found.len()).unwrap_or(0));
    let start = Instant::now();
    let mut rounds = 0u64;
    let mut count = a::Count::default();
    while rounds == 0 || start.elapsed() < Duration::from_secs(secs) {
        count = black_box(if find { pass_find(&g, &lines, &options) } else { pass(&g, &lines, &options) });
        rounds += 1;
    }
    let s = start.elapsed().as_secs_f64();
    eprintln!(
        "{rounds} passes, {:.2} MB/s, {} spans / {} annotations per pass",
        bytes as f64 * rounds as f64 / s / 1e6,
        count.spans,
        count.annotations
    );
    Ok(())
}
