//! Translation-memory benchmark: build, size, top-5 search latency and
//! recall@1 on the memories and queries of `bench-data/tm/` (see
//! `benches/README.md`, "Translation memory"). Build with `--release`:
//!
//! ```text
//! cargo run --release -p crosscut-benches --bin tm_report [real] [1m]
//! ```
//!
//! For each memory `NAME` it reads `mem-NAME.tsv` and `queries-NAME.tsv` from
//! `CROSSCUT_BENCH_TM` or `bench-data/tm/`, and writes the per-query results to
//! `crosscut-NAME.tsv` there. Exits 0 without measuring when the data is missing.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Instant;

use crosscut::{tm_score, Memory, SearchOptions};
use crosscut_benches as b;
use crosscut_benches::tm as t;

/// Timed passes over the queries (after one warm-up pass); each query's time
/// is its median.
const PASSES: usize = 3;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or(f64::NAN)
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// CPU time of this thread, in milliseconds (`CLOCK_THREAD_CPUTIME_ID`): on a
/// shared machine it counts only the time the search itself ran.
#[allow(unsafe_code)] // one libc call; std has no thread CPU clock
fn thread_cpu_ms() -> f64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec for the call.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &raw mut ts) };
    ts.tv_sec as f64 * 1e3 + ts.tv_nsec as f64 / 1e6
}

/// Per-query search times (ms) with `options`, wall clock and thread CPU
/// time: one warm-up pass, then [`PASSES`] passes, the median of each query.
fn time_queries(m: &Memory, queries: &[t::Query], options: &SearchOptions) -> crosscut::Result<(Vec<f64>, Vec<f64>)> {
    for q in queries {
        black_box(m.search(&q.text, options)?);
    }
    let mut wall = vec![Vec::with_capacity(PASSES); queries.len()];
    let mut cpu = vec![Vec::with_capacity(PASSES); queries.len()];
    for _ in 0..PASSES {
        for ((q, w), c) in queries.iter().zip(wall.iter_mut()).zip(cpu.iter_mut()) {
            let c0 = thread_cpu_ms();
            let s = Instant::now();
            black_box(m.search(&q.text, options)?);
            w.push(s.elapsed().as_secs_f64() * 1e3);
            c.push(thread_cpu_ms() - c0);
        }
    }
    Ok((
        wall.into_iter().map(b::median).collect(),
        cpu.into_iter().map(b::median).collect(),
    ))
}

fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut names: Vec<String> = std::env::args().skip(1).collect();
    if names.is_empty() {
        names = vec!["real".into(), "1m".into()];
    }
    let dir = t::data_dir();
    let mut table = String::new();
    let mut profile = String::new();
    let mut misses = String::new();
    for name in &names {
        let mem_path = dir.join(format!("mem-{name}.tsv"));
        let q_path = dir.join(format!("queries-{name}.tsv"));
        if !mem_path.exists() || !q_path.exists() {
            eprintln!(
                "tm_report: no {} or {}\nMake them with benches/fetch-gettext.sh and \
                 python3 benches/make-tm-data.py bench-data/tm. Nothing measured.",
                mem_path.display(),
                q_path.display()
            );
            return Ok(());
        }
        let pairs = t::load_pairs(&mem_path)?;
        let queries = t::load_queries(&q_path)?;
        eprintln!(
            "{name}: {} units, {} queries (load {})",
            pairs.len(),
            queries.len(),
            loadavg()
        );

        // Build: add every unit, then build the artifact.
        let load_build = loadavg();
        let start = Instant::now();
        let builder = t::builder(&pairs)?;
        let added = start.elapsed();
        let bytes = builder.build()?;
        let total = start.elapsed();
        assert_eq!(builder.len(), pairs.len(), "sources must be distinct");
        drop(builder);
        eprintln!("{name}: add {added:.2?}, build {:.2?}", total - added);
        let size = bytes.len();
        let start = Instant::now();
        let m = Memory::from_bytes(bytes)?;
        let open = start.elapsed();

        // Search: top 5, scores of 50 and more.
        let options = SearchOptions::new("en", "fr");
        let load_search = loadavg();
        let (times, cpu) = time_queries(&m, &queries, &options)?;
        let sorted_wall = sorted(times.clone());
        let sorted_cpu = sorted(cpu);
        // Candidate selection without exact scoring: a minimum score no
        // non-identical source reaches skips scoring, diff and repair.
        let (_, no_score) = time_queries(&m, &queries, &SearchOptions::new("en", "fr").min_score(101))?;
        let no_score_sorted = sorted(no_score);

        // Recall.
        let (mut r1, mut r5) = (0usize, 0usize);
        let (mut better, mut tie, mut lost, mut below, mut cut) = (0usize, 0usize, 0usize, 0usize, 0usize);
        let mut rows = String::from("query\ttrue_unit\ttrue_score\ttop_unit\ttop_score\tin_top5\tms\n");
        for (q, ms) in queries.iter().zip(&times) {
            let hits = m.search(&q.text, &options)?;
            let is_true = |h: &crosscut::TmMatch| h.id == q.unit || h.source.plain() == q.source;
            let true_score = tm_score::score_texts(&q.text, &q.source);
            let top1 = hits.first().is_some_and(is_true);
            let in5 = hits.iter().any(is_true);
            let top_score = hits.first().map_or(0, |h| h.score);
            r1 += usize::from(top1);
            r5 += usize::from(in5);
            if !top1 {
                if true_score < options.min_score {
                    below += 1;
                } else if top_score > true_score {
                    better += 1;
                } else if top_score == true_score {
                    tie += 1;
                } else {
                    lost += 1;
                }
                if true_score < options.min_score || top_score < true_score {
                    // Not scored: does the true unit share an index key with
                    // the query? Search a memory of that unit alone.
                    let mut one = crosscut::MemoryBuilder::new();
                    one.add(t::unit(&q.source, "x"))?;
                    let alone = Memory::from_bytes(one.build()?)?;
                    let shares = !alone
                        .search(&q.text, &SearchOptions::new("en", "fr").min_score(0))?
                        .is_empty();
                    cut += usize::from(shares && true_score >= options.min_score);
                    let top = hits.first().map_or(String::new(), |h| h.source.plain());
                    let _ = writeln!(
                        misses,
                        "- [{name}] `{}` → top `{top}` ({top_score}); true `{}` ({true_score}){}",
                        q.text,
                        q.source,
                        if true_score < options.min_score {
                            ", below the minimum score"
                        } else if shares {
                            ", shares a key: cut from the candidates"
                        } else {
                            ", shares no key"
                        }
                    );
                }
            }
            let _ = writeln!(
                rows,
                "{}\t{}\t{true_score}\t{}\t{top_score}\t{in5}\t{ms:.4}",
                q.text,
                q.unit,
                hits.first().map_or(-1, |h| i64::from(h.id))
            );
        }
        std::fs::write(dir.join(format!("crosscut-{name}.tsv")), rows)?;
        let n = queries.len() as f64;
        let _ = writeln!(
            table,
            "| {name} | {} | {:.2} s (add {:.2} + build {:.2}) | {:.0} | {:.1} MiB | {:.0} ms | {:.3} | {:.3} | {:.3} | {:.3} | {:.1}% | {:.1}% | {load_build} / {load_search} |",
            pairs.len(),
            total.as_secs_f64(),
            added.as_secs_f64(),
            (total - added).as_secs_f64(),
            pairs.len() as f64 / total.as_secs_f64(),
            size as f64 / (1024.0 * 1024.0),
            open.as_secs_f64() * 1e3,
            percentile(&sorted_cpu, 0.5),
            percentile(&sorted_cpu, 0.95),
            percentile(&sorted_wall, 0.5),
            percentile(&sorted_wall, 0.95),
            100.0 * r1 as f64 / n,
            100.0 * r5 as f64 / n,
        );
        let _ = writeln!(
            profile,
            "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {:.1}% | {better} | {tie} | {below} | {lost} ({cut} cut from the candidates) |",
            percentile(&sorted_cpu, 0.5),
            percentile(&no_score_sorted, 0.5),
            percentile(&sorted_cpu, 0.95),
            percentile(&no_score_sorted, 0.95),
            100.0 * (r1 + tie) as f64 / n,
        );
    }
    println!("| memory | units | build | units/s | artifact | open | p50 ms (CPU) | p95 ms (CPU) | p50 ms (wall) | p95 ms (wall) | recall@1 | in top 5 | load (build / search) |");
    println!("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    print!("{table}");
    println!();
    println!("| memory | p50 ms (CPU) | p50 ms, no scoring | p95 ms (CPU) | p95 ms, no scoring | recall@1, ties counted | misses: another unit scores higher | misses: tie | misses: true unit below 50 | misses: true unit not returned |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    print!("{profile}");
    println!();
    print!("{misses}");
    Ok(())
}
