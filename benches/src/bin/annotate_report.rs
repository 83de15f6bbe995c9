//! Term-recognition benchmark: crosscut `annotate` against the `aho-corasick`
//! crate on the same terms and prose, for term sets of 10k, 100k and 500k
//! real dictionary headwords. Prints Markdown tables on stdout (each
//! throughput the median of 3 passes over the whole prose). Build with
//! `--release`:
//!
//! ```text
//! cargo run --release -p crosscut-benches --bin annotate_report
//! cargo run --release -p crosscut-benches --bin annotate_report -- --examples 100000
//! ```
//!
//! Reads `bench-data/keys.txt` (or `CROSSCUT_BENCH_KEYS`) and
//! `bench-data/prose.txt` (or `CROSSCUT_BENCH_PROSE`); exits 0 without
//! measuring when either is missing. Writes the term sets to
//! `bench-data/terms-<size>.txt` for the Python peers. Environment:
//! `CROSSCUT_ANNOTATE_SIZES=10000,100000` measures only these sizes,
//! `CROSSCUT_ANNOTATE_MAX_BYTES=N` only the first lines of the prose up to N
//! bytes.
//!
//! `--examples N` prints, for the N-term set, spans on which the matchers
//! disagree (on the first 5 MB of prose) instead of measuring.
//!
//! Peak memory of annotating is measured in a child process (`--memory`) that
//! holds only the prose and one artifact, so the figure is not blurred by the
//! builder or the automata of the parent.

use std::collections::{BTreeMap, BTreeSet};
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use crosscut::{AnnotateOptions, Glossary};
use crosscut_benches as b;
use crosscut_benches::annotate as a;

const REPS: usize = 3;

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn sizes() -> Vec<usize> {
    std::env::var("CROSSCUT_ANNOTATE_SIZES").ok().map_or_else(
        || a::SIZES.to_vec(),
        |v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect(),
    )
}

/// Child mode: load one artifact, annotate every line once (in batches, or
/// line by line with `per_line`), print `rss_before_kb rss_loaded_kb peak_kb`
/// (VmHWM reset after loading).
fn memory_child(artifact: &Path, per_line: bool) -> Result<(), Box<dyn std::error::Error>> {
    let Some(prose) = a::load_prose()? else { return Ok(()) };
    let lines = a::prose_lines(&prose);
    let before = b::proc_status_kb("VmRSS").unwrap_or(0);
    let g = Glossary::from_bytes(std::fs::read(artifact)?)?;
    let loaded = b::proc_status_kb("VmRSS").unwrap_or(0);
    if !b::reset_peak_rss() {
        println!("n/a");
        return Ok(());
    }
    a::annotate_once(&g, &lines, per_line);
    let peak = b::proc_status_kb("VmHWM").unwrap_or(0);
    println!("{before} {loaded} {peak}");
    Ok(())
}

/// Heap bytes of annotating, counted by the allocator of the `annotate_heap`
/// child: the artifact, what opening keeps beyond it, and the peak while annotating.
struct Heap {
    artifact: u64,
    loaded: u64,
    working: u64,
}

/// Writes `artifact` to a file for a child process, runs `exe` with `args` and
/// that file's path, and reads the three numbers the child prints.
fn child(exe: &Path, args: &[&str], artifact: &[u8], label: &str) -> Result<Option<[u64; 3]>, Box<dyn std::error::Error>> {
    let dir = b::keys_path()
        .parent()
        .map_or_else(|| Path::new(".").to_path_buf(), Path::to_path_buf);
    let path = dir.join(format!("annotate-{label}.ccg"));
    std::fs::write(&path, artifact)?;
    let out = std::process::Command::new(exe).args(args).arg(&path).output()?;
    std::fs::remove_file(&path)?;
    let v: Vec<u64> = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    Ok(<[u64; 3]>::try_from(v).ok())
}

/// Runs `annotate_heap` (built next to this binary) on `artifact`; `None` when it is not built.
fn heap(artifact: &[u8], label: &str, per_line: bool) -> Result<Option<Heap>, Box<dyn std::error::Error>> {
    let exe = std::env::current_exe()?.with_file_name("annotate_heap");
    if !exe.exists() {
        return Ok(None);
    }
    let args: &[&str] = if per_line { &["--per-line"] } else { &[] };
    Ok(child(&exe, args, artifact, &format!("heap-{label}"))?.map(|[artifact, loaded, working]| Heap { artifact, loaded, working }))
}

/// Peak memory of the annotate phase, from a child process.
struct Memory {
    before_kb: u64,
    loaded_kb: u64,
    peak_kb: u64,
}

fn memory(artifact: &[u8], label: &str, per_line: bool) -> Result<Option<Memory>, Box<dyn std::error::Error>> {
    let flag = if per_line { "--memory-per-line" } else { "--memory" };
    Ok(child(&std::env::current_exe()?, &[flag], artifact, label)?
        .map(|[before_kb, loaded_kb, peak_kb]| Memory { before_kb, loaded_kb, peak_kb }))
}

struct Row {
    size: usize,
    english: usize,
    multiword: usize,
    mbps: [f64; 6],
    counts: [u64; 6],
    spans_stem: u64,
    spans_nostem: u64,
    inflected: u64,
    artifact: [usize; 2],
    compile_s: [f64; 2],
    ac_heap: [usize; 2],
    ac_build_s: f64,
    mem: [Option<Memory>; 2],
    line_mem: Option<Memory>,
    heaps: [Option<Heap>; 3],
}

fn examples(n: usize, order: &[String], lines: &[&str]) -> Result<(), Box<dyn std::error::Error>> {
    let terms = order.get(..n.min(order.len())).unwrap_or_default();
    let stem = Glossary::from_bytes(a::compile_terms(terms, true)?)?;
    let nostem = Glossary::from_bytes(a::compile_terms(terms, false)?)?;
    let ac = a::automata(terms)?;
    let options = AnnotateOptions::new("en");
    // Up to 5 examples per kind, each surface form once.
    let mut shown: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut tally: BTreeMap<&str, u64> = BTreeMap::new();
    let (mut scratch, mut greedy) = (Vec::new(), Vec::new());
    let mut total = 0;
    for line in lines {
        total += line.len();
        if total > 5_000_000 {
            break;
        }
        let spans = |g: &Glossary| -> BTreeMap<(usize, usize), String> {
            let mut m = BTreeMap::new();
            for x in g.annotate(line, &options).unwrap_or_default() {
                m.entry((x.span.start, x.span.end))
                    .or_insert_with(|| format!("{:?} {:?}", x.how, x.term.text));
            }
            m
        };
        let (cs, cn) = (spans(&stem), spans(&nostem));
        let ll: BTreeSet<(usize, usize)> = a::ac_leftmost_longest(&ac.leftmost_longest, line).collect();
        a::ac_greedy(&ac.overlapping, line, &mut scratch, &mut greedy);
        let gr: BTreeSet<(usize, usize)> = greedy.iter().copied().collect();
        let mut report = |kind: &'static str, span: (usize, usize), note: String| {
            *tally.entry(kind).or_default() += 1;
            let (s, e) = span;
            let surface = line.get(s..e).unwrap_or_default();
            let seen = shown.entry(kind).or_default();
            if seen.len() < 5 && seen.insert(surface.to_lowercase()) {
                let from = (0..=s.saturating_sub(40))
                    .rev()
                    .find(|&i| line.is_char_boundary(i))
                    .unwrap_or(0);
                let to = ((e + 40).min(line.len())..=line.len())
                    .find(|&i| line.is_char_boundary(i))
                    .unwrap_or(line.len());
                println!(
                    "[{kind}] {surface:?} in …{}[{surface}]{}… {note}",
                    line.get(from..s).unwrap_or_default(),
                    line.get(e..to).unwrap_or_default()
                );
            }
        };
        let llm = |span: (usize, usize)| -> Vec<&str> {
            ac.leftmost_longest
                .find_iter(*line)
                .filter(|m| m.start() < span.1 && span.0 < m.end())
                .map(|m| line.get(m.start()..m.end()).unwrap_or_default())
                .collect()
        };
        for (span, term) in cn.iter().filter(|(k, _)| !gr.contains(k)) {
            let kind = if line.get(span.0..span.1).is_some_and(str::is_ascii) {
                "crosscut (stemming off) only, not AC greedy; ASCII"
            } else {
                "crosscut (stemming off) only, not AC greedy; non-ASCII"
            };
            report(
                kind,
                *span,
                format!("(term {term}; AC leftmost-longest there: {:?})", llm(*span)),
            );
        }
        for span in gr.iter().filter(|k| !cn.contains_key(k)) {
            report("AC greedy only, not crosscut (stemming off)", *span, String::new());
        }
        for span in gr.difference(&ll) {
            report(
                "AC greedy only, lost by AC leftmost-longest + filter",
                *span,
                format!("(leftmost-longest matched {:?})", llm(*span)),
            );
        }
        for span in ll.difference(&gr) {
            report("AC leftmost-longest + filter only", *span, String::new());
        }
        for (span, term) in cs.iter().filter(|(k, _)| !cn.contains_key(k)) {
            report("crosscut stemming on only", *span, format!("(term {term})"));
        }
    }
    println!("\nspans per kind on the first 5 MB:");
    for (k, v) in tally {
        println!("{k}: {v}");
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, path] = args.as_slice() {
        if flag == "--memory" || flag == "--memory-per-line" {
            return memory_child(Path::new(path), flag == "--memory-per-line");
        }
    }
    let t = Instant::now();
    let Some(keys) = b::load_keys()? else { return Ok(()) };
    let Some(prose) = a::load_prose()? else { return Ok(()) };
    let lines = a::prose_lines(&prose);
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    let (order, english) = a::term_order(&keys)?;
    drop(keys);
    eprintln!(
        "{} keys ({} English headwords first), {} lines / {} of prose, loaded in {:.1?}",
        order.len(),
        english,
        lines.len(),
        mb(bytes as u64),
        t.elapsed()
    );
    if let [_, flag, n] = args.as_slice() {
        if flag == "--examples" {
            return examples(n.parse()?, &order, &lines);
        }
    }

    let options = AnnotateOptions::new("en");
    let mut rows = Vec::new();
    for n in sizes() {
        let terms = order.get(..n.min(order.len())).unwrap_or_default();
        let path = a::write_terms(terms)?;
        eprintln!("{} terms → {}", terms.len(), path.display());
        let t = Instant::now();
        let art_stem = a::compile_terms(terms, true)?;
        let c_stem = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let art_nostem = a::compile_terms(terms, false)?;
        let c_nostem = t.elapsed().as_secs_f64();
        let mem = [memory(&art_stem, "stem", false)?, memory(&art_nostem, "nostem", false)?];
        let line_mem = memory(&art_stem, "stem", true)?;
        let heaps = [
            heap(&art_stem, "stem", false)?,
            heap(&art_stem, "stem", true)?,
            heap(&art_nostem, "nostem", true)?,
        ];
        let artifact = [art_stem.len(), art_nostem.len()];
        let g_stem = Glossary::from_bytes(art_stem)?;
        let g_nostem = Glossary::from_bytes(art_nostem)?;
        let t = Instant::now();
        let ac = a::automata(terms)?;
        let ac_build_s = t.elapsed().as_secs_f64();
        let ac_heap = [ac.leftmost_longest.memory_usage(), ac.overlapping.memory_usage()];

        let mut secs = vec![Vec::new(); 6];
        let mut counts = [0u64; 6];
        let (mut cs, mut cn) = (a::Count::default(), a::Count::default());
        for rep in 0..REPS {
            let t = Instant::now();
            cs = black_box(a::run_crosscut(&g_stem, &lines, &options));
            let d0 = t.elapsed().as_secs_f64();
            let t = Instant::now();
            cn = black_box(a::run_crosscut(&g_nostem, &lines, &options));
            let d1 = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let ll = black_box(a::run_ac_leftmost_longest(&ac.leftmost_longest, &lines));
            let d2 = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let gr = black_box(a::run_ac_greedy(&ac.overlapping, &lines));
            let d3 = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let fs = black_box(a::run_find_terms(&g_stem, &lines, &options));
            let d4 = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let fnst = black_box(a::run_find_terms(&g_nostem, &lines, &options));
            let d5 = t.elapsed().as_secs_f64();
            // find_terms finds what annotate finds.
            let same = |x: &a::Count, y: &a::Count| (x.annotations, x.spans) == (y.annotations, y.spans);
            assert!(same(&fs, &cs) && same(&fnst, &cn), "find_terms and annotate disagree");
            counts = [cs.annotations, cn.annotations, ll, gr, fs.annotations, fnst.annotations];
            for (v, d) in secs.iter_mut().zip([d0, d1, d2, d3, d4, d5]) {
                v.push(d);
            }
            eprintln!(
                "{n} terms, pass {}: crosscut {d0:.2} s / no stemming {d1:.2} s / AC LL {d2:.2} s / AC greedy {d3:.2} s / \
                 find_terms {d4:.2} s / no stemming {d5:.2} s; counts {counts:?}",
                rep + 1
            );
        }
        let mbps = [0, 1, 2, 3, 4, 5].map(|i| bytes as f64 / 1e6 / b::median(secs.get(i).cloned().unwrap_or_default()));
        rows.push(Row {
            size: terms.len(),
            english: english.min(terms.len()),
            multiword: terms.iter().filter(|t| t.contains(' ')).count(),
            mbps,
            counts,
            spans_stem: cs.spans,
            spans_nostem: cn.spans,
            inflected: cs.inflected,
            artifact,
            compile_s: [c_stem, c_nostem],
            ac_heap,
            ac_build_s,
            mem,
            line_mem,
            heaps,
        });
    }

    let at = |v: &[f64; 6], i: usize| v.get(i).copied().unwrap_or(f64::NAN);
    let ct = |v: &[u64; 6], i: usize| b::thousands(v.get(i).copied().unwrap_or(0));
    println!(
        "Prose: {} in {} lines. MB/s = prose bytes / median of {REPS} passes; matches = matches in one pass.\n",
        mb(bytes as u64),
        b::thousands(lines.len() as u64)
    );
    println!("| terms | crosscut `annotate` MB/s | matched spans (annotations) | crosscut, stemming off MB/s | matched spans (annotations) | aho-corasick leftmost-longest + boundary filter MB/s | matches | aho-corasick overlapping + filter + greedy MB/s | matches | crosscut / AC leftmost-longest |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for r in &rows {
        println!(
            "| {} | {:.2} | {} ({}) | {:.2} | {} ({}) | {:.1} | {} | {:.1} | {} | {:.1}% |",
            a::size_label(r.size),
            at(&r.mbps, 0),
            b::thousands(r.spans_stem),
            ct(&r.counts, 0),
            at(&r.mbps, 1),
            b::thousands(r.spans_nostem),
            ct(&r.counts, 1),
            at(&r.mbps, 2),
            ct(&r.counts, 2),
            at(&r.mbps, 3),
            ct(&r.counts, 3),
            100.0 * at(&r.mbps, 0) / at(&r.mbps, 2)
        );
    }
    println!();
    println!("`find_terms` returns the same matches as `annotate` (checked on every pass) as spans, concept and term indices, status and an inflected flag, without decoding concepts:\n");
    println!("| terms | crosscut `find_terms` MB/s | stemming off MB/s | aho-corasick leftmost-longest + boundary filter MB/s | `find_terms`, stemming off / AC leftmost-longest | `annotate`, stemming off / AC leftmost-longest |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for r in &rows {
        println!(
            "| {} | {:.2} | {:.2} | {:.1} | {:.1}% | {:.1}% |",
            a::size_label(r.size),
            at(&r.mbps, 4),
            at(&r.mbps, 5),
            at(&r.mbps, 2),
            100.0 * at(&r.mbps, 5) / at(&r.mbps, 2),
            100.0 * at(&r.mbps, 1) / at(&r.mbps, 2)
        );
    }
    println!();
    println!("| terms | English headwords / multiword | crosscut spans with stemming on / of them inflected | artifact, stemming on / off | compile s, on / off | annotate peak RSS (VmHWM), stemming on / off | of which artifact + per-call memory, on / off | the same, stemming on, line by line | AC automata heap: leftmost-longest / overlapping (build s) |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let mib = |kb: u64| format!("{:.0} MiB", kb as f64 / 1024.0);
    for r in &rows {
        let mem = |m: &Option<Memory>| m.as_ref().map_or_else(|| "n/a".into(), |m| mib(m.peak_kb));
        let over = |m: &Option<Memory>, art: usize| {
            m.as_ref().map_or_else(
                || "n/a".into(),
                |m| {
                    let grow = m.peak_kb.saturating_sub(m.before_kb) * 1024;
                    format!(
                        "{} ({:.2}× artifact; loading: {})",
                        mb(grow),
                        grow as f64 / art as f64,
                        mib(m.loaded_kb.saturating_sub(m.before_kb))
                    )
                },
            )
        };
        let [m0, m1] = &r.mem;
        let [a0, a1] = r.artifact;
        let [h0, h1] = r.ac_heap;
        let [c0, c1] = r.compile_s;
        println!(
            "| {} | {} / {} | {} / {} | {} / {} | {c0:.2} / {c1:.2} | {} / {} | {} / {} | {} | {} / {} ({:.2}) |",
            a::size_label(r.size),
            b::thousands(r.english as u64),
            b::thousands(r.multiword as u64),
            b::thousands(r.spans_stem),
            b::thousands(r.inflected),
            mb(a0 as u64),
            mb(a1 as u64),
            mem(m0),
            mem(m1),
            over(m0, a0),
            over(m1, a1),
            over(&r.line_mem, a0),
            mb(h0 as u64),
            mb(h1 as u64),
            r.ac_build_s
        );
    }
    let before = rows
        .first()
        .and_then(|r| r.mem.first())
        .and_then(|m| m.as_ref())
        .map(|m| m.before_kb);
    println!();
    println!(
        "Peak RSS is VmHWM of a child process that holds the prose ({} before loading) and one artifact, reset via /proc/self/clear_refs after loading and read after one annotate pass. {} cores available; release build.",
        before.map_or_else(|| "n/a".into(), mib),
        std::thread::available_parallelism().map_or(0, usize::from)
    );
    if rows.iter().any(|r| r.heaps.iter().any(Option::is_some)) {
        println!();
        println!("| terms | artifact, stemming on / off | heap kept after opening, beyond the artifact | working heap, stemming on: batches of 1,000 lines / line by line | working heap, stemming off, line by line | artifact + working heap, line by line: on / off |");
        println!("| ---: | ---: | ---: | ---: | ---: | ---: |");
        for r in &rows {
            let [batch, line, line_off] = &r.heaps;
            let kb = |h: &Option<Heap>, f: fn(&Heap) -> u64| h.as_ref().map_or_else(|| "n/a".into(), |h| mb(f(h)));
            let ratio = |h: &Option<Heap>| {
                h.as_ref()
                    .map_or_else(|| "n/a".into(), |h| format!("{:.2}×", (h.artifact + h.working) as f64 / h.artifact as f64))
            };
            println!(
                "| {} | {} / {} | {} | {} / {} | {} | {} / {} |",
                a::size_label(r.size),
                kb(line, |h| h.artifact),
                kb(line_off, |h| h.artifact),
                kb(line, |h| h.loaded.saturating_sub(h.artifact)),
                kb(batch, |h| h.working),
                kb(line, |h| h.working),
                kb(line_off, |h| h.working),
                ratio(line),
                ratio(line_off),
            );
        }
        println!();
        println!("Heap bytes are counted by the allocator of a child process (`annotate_heap`): the working heap is the peak while annotating the prose once, above what was held before; batches hold their results until the batch is counted.");
    }
    Ok(())
}
