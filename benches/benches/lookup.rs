//! Criterion benchmarks of crosscut on real dictionary headwords: compile, open,
//! exact lookup (against raw `fst::Map` and `HashMap` bounds), fuzzy and prefix.
//!
//! ```text
//! benches/fetch-freedict.sh                 # once: bench-data/keys.txt
//! cargo bench -p crosscut-benches --bench lookup
//! cargo bench -p crosscut-benches --bench lookup -- exact   # one group
//! ```
//!
//! Without the key set it prints how to fetch it and measures nothing.
//! Exact lookups are timed over a batch of 10,000 queries per iteration
//! (criterion's throughput is lookups/s); fuzzy and prefix over 200.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput};
use crosscut::Glossary;
use crosscut_benches as b;

fn main() {
    let keys = match b::load_keys() {
        Ok(Some(keys)) => keys,
        Ok(None) => return,
        Err(e) => {
            eprintln!("crosscut-benches: cannot read {}: {e}", b::keys_path().display());
            std::process::exit(1);
        }
    };
    let mut c = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();

    let artifact = match b::compile(&keys) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("crosscut-benches: compiling the keys failed: {e}");
            std::process::exit(1);
        }
    };
    eprintln!(
        "{} keys -> artifact of {} bytes ({:.1} bytes/term)",
        keys.len(),
        artifact.len(),
        artifact.len() as f64 / keys.len() as f64
    );
    let data: &'static [u8] = Box::leak(artifact.into_boxed_slice());
    let Ok(g) = Glossary::from_bytes(data) else {
        eprintln!("crosscut-benches: the compiled artifact does not open");
        std::process::exit(1);
    };
    let norm = g.normalization();
    let Ok(base) = b::baselines(&keys, norm) else {
        eprintln!("crosscut-benches: building the baseline fst failed");
        std::process::exit(1);
    };
    let s = b::samples(&keys, &base.fst, norm);
    let Ok(probe) = b::artifact_keys(&g) else {
        eprintln!("crosscut-benches: the artifact's keys fst does not open");
        std::process::exit(1);
    };

    {
        // A full compile takes seconds: the fewest samples criterion allows, one
        // compile each (about 10 compiles in all).
        let mut group = c.benchmark_group("compile");
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .warm_up_time(Duration::from_millis(1))
            .measurement_time(Duration::from_secs(30));
        group.throughput(Throughput::Elements(keys.len() as u64));
        group.bench_function("glossary_builder_all_keys", |bench| {
            bench.iter(|| b::compile(black_box(&keys)).map(|a| a.len()).unwrap_or(0))
        });
        group.finish();
    }

    {
        let mut group = c.benchmark_group("open");
        group.throughput(Throughput::Bytes(data.len() as u64));
        group.bench_function("from_bytes_verified", |bench| {
            bench.iter(|| Glossary::from_bytes(black_box(data)).is_ok())
        });
        group.bench_function("from_bytes_unverified", |bench| {
            bench.iter(|| Glossary::from_bytes_unverified(black_box(data)).is_ok())
        });
        group.finish();
    }

    {
        let exact = b::exact_options();
        let mut group = c.benchmark_group("exact");
        group.throughput(Throughput::Elements(s.hits.len() as u64));
        for (what, typed, normalized) in [("hit", &s.hits, &s.hits_norm), ("miss", &s.misses, &s.misses_norm)] {
            group.bench_function(format!("{what}/crosscut_lookup"), |bench| {
                bench.iter(|| b::run_lookups(&g, black_box(typed), &exact))
            });
            group.bench_function(format!("{what}/crosscut_key_probe"), |bench| {
                bench.iter(|| b::run_key_probe(&probe, norm, black_box(typed)))
            });
            group.bench_function(format!("{what}/fst_map_get"), |bench| {
                bench.iter(|| b::run_fst(&base.fst, black_box(normalized)))
            });
            group.bench_function(format!("{what}/hashmap_get"), |bench| {
                bench.iter(|| b::run_hash(&base.hash, black_box(normalized)))
            });
        }
        group.finish();
    }

    {
        // A fuzzy pass over 200 queries takes seconds: flat sampling keeps it to
        // about 10 passes.
        let mut group = c.benchmark_group("fuzzy_prefix");
        group
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_millis(1))
            .measurement_time(Duration::from_secs(10));
        group.throughput(Throughput::Elements(s.fuzzy.len() as u64));
        for d in [1, 2] {
            let options = b::fuzzy_options(d);
            group.bench_function(format!("fuzzy_d{d}"), |bench| {
                bench.iter(|| b::run_lookups(&g, black_box(&s.fuzzy), &options))
            });
        }
        let options = b::prefix_options();
        group.bench_function(
            format!("prefix_{}chars_limit{}", b::PREFIX_CHARS, b::PREFIX_LIMIT),
            |bench| bench.iter(|| b::run_lookups(&g, black_box(&s.prefixes), &options)),
        );
        group.finish();
    }

    c.final_summary();
}
