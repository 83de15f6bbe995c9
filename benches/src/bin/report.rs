//! Runs every crosscut benchmark once (each measurement the median of 3
//! repetitions) and prints a Markdown table. Build with `--release`:
//!
//! ```text
//! cargo run --release -p crosscut-benches --bin report
//! ```
//!
//! Reads the key set from `CROSSCUT_BENCH_KEYS` or `bench-data/keys.txt`; exits 0
//! without measuring when it is missing. `criterion` (`cargo bench -p
//! crosscut-benches`) measures the same work in more detail.

use std::hint::black_box;
use std::time::{Duration, Instant};

use crosscut::{Glossary, Lang, Normalization};
use crosscut_benches as b;

const REPS: usize = 3;

/// Nanoseconds per operation: calls `f` (which does `ops` operations) until at
/// least `min` has passed, REPS times; the median.
fn ns_per_op(ops: usize, min: Duration, f: impl FnMut() -> usize) -> f64 {
    let mut cases: Vec<Case<'_>> = vec![(ops, Box::new(f))];
    interleaved(min, &mut cases).first().copied().unwrap_or(f64::NAN)
}

/// A measured case: operations per call, and the call (returning anything to keep).
type Case<'a> = (usize, Box<dyn FnMut() -> usize + 'a>);

/// Like [`ns_per_op`] for several cases, interleaved: every repetition runs each
/// case in turn, so load from other processes on the machine hits them alike.
fn interleaved(min: Duration, cases: &mut [Case<'_>]) -> Vec<f64> {
    let mut runs = vec![Vec::new(); cases.len()];
    for (_, f) in cases.iter_mut() {
        black_box(f()); // warm-up
    }
    for _ in 0..REPS {
        for ((ops, f), out) in cases.iter_mut().zip(runs.iter_mut()) {
            let start = Instant::now();
            let mut calls = 0u64;
            while start.elapsed() < min || calls == 0 {
                black_box(f());
                calls += 1;
            }
            out.push(start.elapsed().as_nanos() as f64 / (calls as f64 * *ops as f64));
        }
    }
    runs.into_iter().map(b::median).collect()
}

fn mib(kb: Option<u64>) -> String {
    kb.map_or_else(|| "n/a".into(), |kb| format!("{:.0} MiB", kb as f64 / 1024.0))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t = Instant::now();
    let Some(keys) = b::load_keys()? else { return Ok(()) };
    eprintln!(
        "loaded {} keys from {} in {:.1?}",
        keys.len(),
        b::keys_path().display(),
        t.elapsed()
    );
    let rss_keys = b::proc_status_kb("VmRSS");

    // Compile: add + build, REPS times.
    let peak_reset = b::reset_peak_rss();
    let (mut add_s, mut build_s, mut total_s) = (Vec::new(), Vec::new(), Vec::new());
    let mut artifact = Vec::new();
    for rep in 0..REPS {
        let t = Instant::now();
        let builder = b::builder(&keys)?;
        let added = t.elapsed();
        artifact = builder.build()?;
        let total = t.elapsed();
        drop(builder);
        eprintln!("compile {}: add {:.2?}, build {:.2?}", rep + 1, added, total - added);
        add_s.push(added.as_secs_f64());
        build_s.push((total - added).as_secs_f64());
        total_s.push(total.as_secs_f64());
    }
    let compile_peak = if peak_reset { b::proc_status_kb("VmHWM") } else { None };
    let compile_s = b::median(total_s);
    let terms = keys.len();
    let bytes = artifact.len();

    // Open.
    let data: &'static [u8] = Box::leak(artifact.into_boxed_slice());
    let open_verified = ns_per_op(1, Duration::from_millis(300), || {
        usize::from(Glossary::from_bytes(data).is_ok())
    });
    let open_unverified = ns_per_op(1, Duration::from_millis(300), || {
        usize::from(Glossary::from_bytes_unverified(data).is_ok())
    });
    let g = Glossary::from_bytes(data)?;
    let norm: Normalization = g.normalization();
    assert_eq!(g.len(), terms);

    let base = b::baselines(&keys, norm)?;
    let s = b::samples(&keys, &base.fst, norm);
    let probe = b::artifact_keys(&g)?;
    eprintln!(
        "{} distinct normalized keys ({} in the artifact)",
        base.fst.len(),
        probe.len()
    );
    let (keys_fst_bytes, raw_fst_bytes) = (g.keys_fst_bytes().len(), base.fst.as_fst().as_bytes().len());

    // Sanity: every measured variant answers the same.
    let exact = b::exact_options();
    let n = s.hits.len();
    let crosscut_hits = b::run_lookups(&g, &s.hits, &exact);
    assert_eq!(b::run_key_probe(&probe, norm, &s.hits), n);
    assert_eq!(b::run_fst(&base.fst, &s.hits_norm), n);
    assert_eq!(b::run_hash(&base.hash, &s.hits_norm), n);
    assert!(crosscut_hits >= n, "{crosscut_hits} hits for {n} present keys");
    assert_eq!(b::run_lookups(&g, &s.misses, &exact), 0);
    assert_eq!(b::run_fst(&base.fst, &s.misses_norm), 0);
    assert_eq!(b::run_hash(&base.hash, &s.misses_norm), 0);

    let m = Duration::from_millis(400);
    let mut cases: Vec<Case<'_>> = vec![
        (n, Box::new(|| b::run_lookups(&g, &s.hits, &exact))),
        (n, Box::new(|| b::run_lookups(&g, &s.misses, &exact))),
        (n, Box::new(|| b::run_key_probe(&probe, norm, &s.hits))),
        (n, Box::new(|| b::run_key_probe(&probe, norm, &s.misses))),
        (n, Box::new(|| b::run_fst(&base.fst, &s.hits_norm))),
        (n, Box::new(|| b::run_fst(&base.fst, &s.misses_norm))),
        (n, Box::new(|| b::run_hash(&base.hash, &s.hits_norm))),
        (n, Box::new(|| b::run_hash(&base.hash, &s.misses_norm))),
    ];
    let r = interleaved(m, &mut cases);
    drop(cases);
    let at = |i: usize| r.get(i).copied().unwrap_or(f64::NAN);
    let (hit_cc, miss_cc, hit_probe, miss_probe) = (at(0), at(1), at(2), at(3));
    let (hit_fst, miss_fst, hit_hash, miss_hash) = (at(4), at(5), at(6), at(7));

    let slow = s.fuzzy.len();
    let fuzzy_hits = |d| b::run_lookups(&g, &s.fuzzy, &b::fuzzy_options(d));
    let (f1_hits, f2_hits) = (fuzzy_hits(1), fuzzy_hits(2));
    let prefix_hits = b::run_lookups(&g, &s.prefixes, &b::prefix_options());
    let fuzzy1 = ns_per_op(slow, m, || fuzzy_hits(1)) / 1e3;
    let fuzzy2 = ns_per_op(slow, m, || fuzzy_hits(2)) / 1e3;
    let prefix = ns_per_op(slow, m, || b::run_lookups(&g, &s.prefixes, &b::prefix_options())) / 1e3;

    // Where an exact hit's time goes: each step `lookup` takes, timed alone.
    let hit_ids: Vec<u32> = s
        .hits
        .iter()
        .flat_map(|q| g.lookup(q, &exact).unwrap_or_default())
        .filter_map(|h| h.concept.id.strip_prefix('k').and_then(|i| i.parse().ok()))
        .collect();
    let per_hit = hit_ids.len() as f64 / n as f64;
    let concepts: Vec<crosscut::Concept> = hit_ids.iter().filter_map(|&i| g.concept(i).ok()).collect();
    let per = |v: f64| v * per_hit;
    // The same, split by script: ASCII queries take the normalizer's fast path.
    let (ascii, other): (Vec<String>, Vec<String>) = s.hits.iter().cloned().partition(|q| q.is_ascii());
    let mut cases: Vec<Case<'_>> = vec![
        (n, Box::new(|| b::run_lookups(&g, &s.hits, &exact))),
        (
            n,
            Box::new(|| s.hits.iter().filter(|_| Lang::parse("en").is_ok()).count()),
        ),
        (n, Box::new(|| s.hits.iter().map(|q| norm.key(q).len()).sum())),
        (n, Box::new(|| b::run_fst(&probe, &s.hits_norm))),
        (
            n,
            Box::new(|| s.hits.iter().map(|q| norm.key_preserving_case(q).len()).sum()),
        ),
        (
            hit_ids.len(),
            Box::new(|| hit_ids.iter().filter(|&&i| g.concept(i).is_ok()).count()),
        ),
        (
            concepts.len(),
            Box::new(|| concepts.iter().map(|c| black_box(c.clone()).terms.len()).sum()),
        ),
        (
            concepts.len(),
            Box::new(|| {
                concepts
                    .iter()
                    .flat_map(|c| &c.terms)
                    .filter(|t| Lang::parse(&t.lang).is_ok())
                    .count()
            }),
        ),
        (
            n,
            Box::new(|| {
                // The per-lookup bookkeeping `lookup` does besides the steps above:
                // a Vec of candidates, a String per candidate key and a HashMap cache.
                s.hits_norm
                    .iter()
                    .map(|k| {
                        let v = vec![String::from_utf8_lossy(k.as_bytes()).to_string()];
                        let mut cache = std::collections::HashMap::new();
                        cache.insert(0u32, v.len());
                        black_box((v, cache)).1.len()
                    })
                    .sum()
            }),
        ),
        (ascii.len(), Box::new(|| b::run_lookups(&g, &ascii, &exact))),
        (other.len(), Box::new(|| b::run_lookups(&g, &other, &exact))),
        (ascii.len(), Box::new(|| ascii.iter().map(|q| norm.key(q).len()).sum())),
        (other.len(), Box::new(|| other.iter().map(|q| norm.key(q).len()).sum())),
    ];
    let r = interleaved(m, &mut cases);
    drop(cases);
    let at = |i: usize| r.get(i).copied().unwrap_or(f64::NAN);
    let hit_cc2 = at(0);
    let (step_lang, step_key, step_fst, step_cased) = (at(1), at(2), at(3), at(4));
    let (step_decode, step_clone, step_term_lang, step_map_drop) = (per(at(5)), per(at(6)), per(at(7)), at(8));
    let (ascii_cc, other_cc, ascii_key, other_key) = (at(9), at(10), at(11), at(12));
    let peak = b::proc_status_kb("VmHWM");

    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    println!("| measurement | value |");
    println!("| --- | ---: |");
    println!("| keys (terms, one concept each) | {} |", b::thousands(terms as u64));
    println!("| distinct normalized keys | {} |", b::thousands(probe.len() as u64));
    println!(
        "| compile (add + build), terms/s | {} ({compile_s:.2} s: add {:.2} s, build {:.2} s) |",
        b::thousands((terms as f64 / compile_s) as u64),
        b::median(add_s),
        b::median(build_s)
    );
    println!(
        "| artifact size | {:.1} MB ({} bytes) |",
        bytes as f64 / 1e6,
        b::thousands(bytes as u64)
    );
    println!("| bytes per term | {:.1} |", bytes as f64 / terms as f64);
    println!(
        "| of which the keys fst (values: postings offsets) | {:.1} MB |",
        keys_fst_bytes as f64 / 1e6
    );
    println!(
        "| baseline `fst::Map` of the same keys (values: ranks) | {:.1} MB |",
        raw_fst_bytes as f64 / 1e6
    );
    println!(
        "| open, verified (`from_bytes`, CRC-32) | {:.0} µs |",
        open_verified / 1e3
    );
    println!(
        "| open, unverified (`from_bytes_unverified`) | {:.2} µs |",
        open_unverified / 1e3
    );
    println!(
        "| fuzzy lookup d=1, per query ({slow} queries, {:.1} hits each) | {fuzzy1:.0} µs |",
        f1_hits as f64 / slow as f64
    );
    println!(
        "| fuzzy lookup d=2, per query ({slow} queries, {:.1} hits each) | {fuzzy2:.0} µs |",
        f2_hits as f64 / slow as f64
    );
    println!(
        "| prefix lookup, limit {}, per query ({slow} {}-char prefixes, {:.1} hits each) | {prefix:.1} µs |",
        b::PREFIX_LIMIT,
        b::PREFIX_CHARS,
        prefix_hits as f64 / slow as f64
    );
    println!("| RSS after loading keys | {} |", mib(rss_keys));
    println!(
        "| peak RSS during compile (keys + builder + artifact) | {} |",
        mib(compile_peak)
    );
    println!("| peak RSS of the whole run | {} |", mib(peak));
    println!();
    println!("| exact lookup, ns per lookup ({} queries) | crosscut `lookup` | crosscut key probe (`key` + fst `get`) | `fst::Map::get` | `HashMap::get` | crosscut / fst |", b::thousands(n as u64));
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    println!(
        "| hit ({per_hit:.3} hits per query) | {hit_cc:.0} | {hit_probe:.0} | {hit_fst:.0} | {hit_hash:.0} | {:.1}× |",
        hit_cc / hit_fst
    );
    println!(
        "| miss | {miss_cc:.0} | {miss_probe:.0} | {miss_fst:.0} | {miss_hash:.0} | {:.1}× |",
        miss_cc / miss_fst
    );
    println!();
    let steps = [
        ("`Lang::parse` of the query language", step_lang),
        ("`Normalization::key` of the query", step_key),
        ("keys fst `get` (pre-normalized query)", step_fst),
        ("`key_preserving_case` of the query (in `hits`)", step_cased),
        ("concept record decode (`Glossary::concept`, bincode)", step_decode),
        ("`Concept` clone (into the per-lookup cache)", step_clone),
        (
            "`Lang::parse` of each term of the concept (in `translations`)",
            step_term_lang,
        ),
        ("candidate key `String` + `Vec` + `HashMap` cache", step_map_drop),
    ];
    let sum: f64 = steps.iter().map(|s| s.1).sum();
    println!("| exact hit, step timed alone | ns per lookup | share of `lookup` |");
    println!("| --- | ---: | ---: |");
    for (name, ns) in steps {
        println!("| {name} | {ns:.0} | {:.0}% |", 100.0 * ns / hit_cc2);
    }
    println!("| sum of the steps | {sum:.0} | {:.0}% |", 100.0 * sum / hit_cc2);
    println!("| `lookup` (measured again, alongside the steps) | {hit_cc2:.0} | 100% |");
    println!();
    println!("| exact hit by query script | queries | `lookup` ns | `Normalization::key` ns |");
    println!("| --- | ---: | ---: | ---: |");
    println!(
        "| ASCII only | {} | {ascii_cc:.0} | {ascii_key:.0} |",
        b::thousands(ascii.len() as u64)
    );
    println!(
        "| with non-ASCII characters | {} | {other_cc:.0} | {other_key:.0} |",
        b::thousands(other.len() as u64)
    );
    println!();
    println!("{cores} cores available; each figure is the median of {REPS} repetitions; release build.");
    Ok(())
}
