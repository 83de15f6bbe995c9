#!/usr/bin/env python3
"""Python-level benchmark of the crosscut package, against the libraries a Python
user would otherwise pick, and against crosscut's own native core.

- annotate: 100k terms over the first --max-bytes of the shared prose, line by
  line, against flashtext and pyahocorasick (the same runners as
  benches/peers/annotate_peers.py); MB/s is the median of 3 passes.
- TM search: the real memory (68k units) and its queries, against rapidfuzz
  (process.extract, fuzz.ratio) and translate-toolkit's matcher (the runners of
  benches/peers/tm_peers.py); p50/p95 per query, CPU time of this thread.
- lookup: exact lookups of 10,000 terms of the 100k glossary, against a dict.
- the Python call overhead: near-no-op calls, their share of a pass, and the
  native report binaries on the same data (their Markdown output, passed in by
  benches/python-report.sh): tm_report measures CPU time like this script,
  annotate_report and report wall time (comparable on a quiet machine only).

Usage: benches/python-report.sh (builds the release wheel and the native
reports, sets up a venv with the peers, then runs this script).
"""

import argparse
import csv
import io
import os
import random
import statistics
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(ROOT, "benches", "peers"))

import crosscut  # noqa: E402

REPS = 3


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def pct(values, p):
    s = sorted(values)
    return s[round((len(s) - 1) * p)] if s else float("nan")


def median_time(run, reps=REPS):
    """The median over `reps` runs of this thread's CPU time (the machine is shared:
    wall time would count the time other processes hold the cores), and the result."""
    times, result = [], None
    for _ in range(reps):
        t = time.thread_time()
        result = run()
        times.append(time.thread_time() - t)
    return statistics.median(times), result


def per_call_ns(call, args, reps=REPS):
    """Median over `reps` passes of the CPU time per call, in ns."""

    def run():
        for a in args:
            call(a)

    t, _ = median_time(run, reps)
    return t / len(args) * 1e9


def native_row(path, first_cell):
    """The cells of the first Markdown row whose first cell starts with `first_cell` in a
    native report's output."""
    if not path or not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if line.startswith("|") and cells and cells[0].startswith(first_cell):
                return cells
    return None


def glossary_source(terms):
    """A CSV source with one concept per term (`k<i>`, one `en` term), as annotate_report compiles them."""
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["id", "en"])
    for i, t in enumerate(terms):
        w.writerow([f"k{i}", t])
    return crosscut.Source(out.getvalue(), "csv", name="terms-100k.csv")


# --- annotate -------------------------------------------------------------------------------


def bench_annotate(args, data):
    import ahocorasick
    from annotate_peers import run_flashtext, run_pyahocorasick
    from flashtext import KeywordProcessor

    with open(os.path.join(data, "terms-100k.txt"), encoding="utf-8") as f:
        terms = [t for t in f.read().split("\n") if t.strip()]
    lines, size = [], 0
    with open(os.path.join(data, "prose.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            size += len(line.encode()) + 1
            if size > args.max_bytes:
                size -= len(line.encode()) + 1
                break
            lines.append(line)
    mb = size / 1e6
    log(f"annotate: {len(terms)} terms, {mb:.1f} MB in {len(lines)} lines")

    source = glossary_source(terms)
    t = time.perf_counter()
    stem = crosscut.compile(source, term_separator="\x1f")
    build_stem = time.perf_counter() - t
    t = time.perf_counter()
    nostem = crosscut.compile(source, term_separator="\x1f", stemming=False)
    build_nostem = time.perf_counter() - t
    t = time.perf_counter()
    kp = KeywordProcessor(case_sensitive=False)
    for term in terms:
        kp.add_keyword(term)
    build_ft = time.perf_counter() - t
    t = time.perf_counter()
    automaton = ahocorasick.Automaton()
    for term in terms:
        low = term.lower()
        automaton.add_word(low, len(low))
    automaton.make_automaton()
    build_ac = time.perf_counter() - t

    def per_line(artifact):
        return lambda: sum(len(artifact.annotate(line, "en")) for line in lines)

    def batched(artifact, chunk=100):
        return lambda: sum(
            len(one) for i in range(0, len(lines), chunk) for one in artifact.annotate_batch(lines[i : i + chunk], "en")
        )

    def spans_per_line(artifact):
        return lambda: sum(len(artifact.find_terms(line, "en")) for line in lines)

    def spans_batched(artifact, chunk=100):
        return lambda: sum(
            len(one) for i in range(0, len(lines), chunk) for one in artifact.find_terms_batch(lines[i : i + chunk], "en")
        )

    rows = []
    for name, build, run in [
        ("crosscut `annotate`, per line", build_stem, per_line(stem)),
        ("crosscut `annotate`, stemming off, per line", build_nostem, per_line(nostem)),
        ("crosscut `annotate_batch` (100 lines a call), stemming off", build_nostem, batched(nostem)),
        ("crosscut `find_terms`, per line", build_stem, spans_per_line(stem)),
        ("crosscut `find_terms`, stemming off, per line", build_nostem, spans_per_line(nostem)),
        ("crosscut `find_terms_batch` (100 lines a call), stemming off", build_nostem, spans_batched(nostem)),
        ("flashtext `extract_keywords`", build_ft, lambda: run_flashtext(kp, lines)),
        ("pyahocorasick `iter_long` + boundary filter", build_ac, lambda: run_pyahocorasick(automaton, lines)),
    ]:
        run()  # warm-up
        t, count = median_time(run)
        log(f"  {name}: {mb / t:.2f} MB/s, {count} matches (load {loadavg()})")
        rows.append((name, mb / t, count, build, t))

    # A call that finds nothing: the fixed cost of one Python call.
    noop = per_call_ns(lambda s: nostem.annotate(s, "en"), [""] * 20000)
    return {"mb": mb, "lines": len(lines), "rows": rows, "noop_ns": noop, "load": loadavg()}


# --- TM search ------------------------------------------------------------------------------


def bench_tm(args, data):
    from rapidfuzz import fuzz
    from tm_peers import load, run_rapidfuzz

    tm_dir = os.path.join(data, "tm")
    pairs, queries = load(tm_dir, "real")
    queries = queries[: args.tm_queries]
    log(f"TM: {len(pairs)} units, {len(queries)} queries")
    t = time.perf_counter()
    memory = crosscut.compile_memory(pairs, src="en", tgt="fr")
    build = time.perf_counter() - t

    def crosscut_search(qs):
        memory.tm_search(qs[0][0], "en", "fr")  # warm-up
        wall, cpu, r1 = [], [], 0
        for q, _, s in qs:
            c, w = time.thread_time(), time.perf_counter()
            res = memory.tm_search(q, "en", "fr")
            wall.append((time.perf_counter() - w) * 1e3)
            cpu.append((time.thread_time() - c) * 1e3)
            r1 += bool(res) and res[0].source == s
        return wall, cpu, r1

    # Each crosscut query: the median of 3 passes, like tm_report.
    passes = [crosscut_search(queries) for _ in range(REPS)]
    cc_wall = [statistics.median(p[0][i] for p in passes) for i in range(len(queries))]
    cc_cpu = [statistics.median(p[1][i] for p in passes) for i in range(len(queries))]
    rows = [("crosscut `tm_search` (top 5, min 50)", len(queries), cc_cpu, cc_wall, passes[0][2], f"build {build:.1f} s")]
    log(f"  crosscut p50 {pct(cc_cpu, 0.5):.3f} ms CPU (load {loadavg()})")

    rf = queries[: args.rf_queries]
    wall, cpu, r1, _, _ = run_rapidfuzz(pairs, rf, fuzz.ratio)
    rows.append(("rapidfuzz `process.extract`, `fuzz.ratio`, limit 5", len(rf), cpu, wall, r1, "brute force"))
    log(f"  rapidfuzz p50 {pct(cpu, 0.5):.3f} ms CPU (load {loadavg()})")
    try:
        from tm_peers import run_translate_toolkit

        tt = queries[: args.tt_queries]
        wall, cpu, r1, _, _, tt_build = run_translate_toolkit(pairs, tt)
        rows.append(("translate-toolkit `matcher` (max_length 1000)", len(tt), cpu, wall, r1, f"store + index {tt_build:.1f} s"))
        log(f"  translate-toolkit p50 {pct(cpu, 0.5):.3f} ms CPU (load {loadavg()})")
    except ImportError as e:
        log(f"  translate-toolkit skipped: {e}")
    return {"units": len(pairs), "rows": rows, "load": loadavg()}


# --- lookup ---------------------------------------------------------------------------------


def bench_lookup(args, data):
    with open(os.path.join(data, "terms-100k.txt"), encoding="utf-8") as f:
        terms = [t for t in f.read().split("\n") if t.strip()]
    glossary = crosscut.compile(glossary_source(terms), term_separator="\x1f", stemming=False)
    rng = random.Random(7)
    hits = rng.sample(terms, 10_000)
    keys = {t.strip().lower() for t in terms}
    misses = [h + "q" for h in hits if (h + "q").strip().lower() not in keys]
    log(f"lookup: {len(hits)} hits, {len(misses)} misses")
    table = {t: i for i, t in enumerate(terms)}
    lowered = {t.strip().lower(): i for i, t in enumerate(terms)}
    tiny = crosscut.compile(crosscut.Source("id,en\nc,cut\n", "csv"), stemming=False)
    found = [len(glossary.lookup(h, "en")) for h in hits]
    assert all(found), "every sampled term is found"
    return {
        "hit": per_call_ns(lambda q: glossary.lookup(q, "en"), hits),
        "miss": per_call_ns(lambda q: glossary.lookup(q, "en"), misses),
        "hit_attr": per_call_ns(lambda q: glossary.lookup(q, "en")[0].concept.id, hits),
        "noop": per_call_ns(lambda q: tiny.lookup(q, "en"), ["zz"] * 10_000),
        "dict_hit": per_call_ns(table.get, hits),
        "dict_norm_hit": per_call_ns(lambda q: lowered.get(q.strip().lower()), hits),
        "dict_miss": per_call_ns(table.get, misses),
        "hits_per_query": statistics.mean(found),
        "load": loadavg(),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.environ.get("CROSSCUT_BENCH_DATA", os.path.join(ROOT, "bench-data")))
    ap.add_argument("--max-bytes", type=int, default=10_000_000, help="prose bytes annotated (whole lines)")
    ap.add_argument("--tm-queries", type=int, default=1000)
    ap.add_argument("--rf-queries", type=int, default=300)
    ap.add_argument("--tt-queries", type=int, default=50)
    ap.add_argument("--native-annotate", help="annotate_report output on the same prose bytes")
    ap.add_argument("--native-tm", help="tm_report output for the real memory")
    ap.add_argument("--native-lookup", help="report output with CROSSCUT_BENCH_KEYS=terms-100k.txt")
    args = ap.parse_args()

    ann = bench_annotate(args, args.data)
    tm = bench_tm(args, args.data)
    lk = bench_lookup(args, args.data)
    native_ann = native_row(args.native_annotate, "100k")
    native_tm = native_row(args.native_tm, "real")
    native_hit = native_row(args.native_lookup, "hit (")
    native_miss = native_row(args.native_lookup, "miss")

    print(f"Python {sys.version.split()[0]}, crosscut {crosscut.__version__} (release wheel), 2 shared cores.\n")
    print(f"**annotate**: 100,000 terms, the first {ann['mb']:.1f} MB of the prose ({ann['lines']:,} lines), "
          f"one call per line unless said; MB/s = bytes / median of {REPS} passes of this thread's CPU time "
          f"(the native rows: wall time, as `annotate_report` measures). Load {ann['load']}.\n")
    print("| matcher | MB/s | matches | build s (wall) |")
    print("| --- | ---: | ---: | ---: |")
    for name, mbps, count, build, _ in ann["rows"]:
        print(f"| {name} | {mbps:.2f} | {count:,} | {build:.2f} |")
    if native_ann:
        # annotate_report's columns: terms, crosscut MB/s, spans (annotations), stemming off MB/s, ...
        print(f"| native core (`annotate_report`, Rust, same bytes, wall) | {native_ann[1]} | {native_ann[2]} | |")
        print(f"| native core, stemming off | {native_ann[3]} | {native_ann[4]} | |")

    print(f"\n**TM search**: the real memory ({tm['units']:,} units), en→fr, top 5; "
          f"per query: this thread's CPU time (crosscut: the median of {REPS} passes). Load {tm['load']}.\n")
    print("| matcher | queries | p50 ms | p95 ms | p50 ms (wall) | recall@1 | note |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, n, cpu, wall, r1, note in tm["rows"]:
        print(f"| {name} | {n} | {pct(cpu, 0.5):.3f} | {pct(cpu, 0.95):.3f} | {pct(wall, 0.5):.3f} | {r1 / n:.1%} | {note} |")
    if native_tm:
        # tm_report's columns: memory, units, build, units/s, artifact, open, p50 CPU, p95 CPU, ...
        print(f"| native core (`tm_report`, Rust) | 1000 | {native_tm[6]} | {native_tm[7]} | {native_tm[8]} | {native_tm[10]} | |")

    print(f"\n**lookup**: exact, 10,000 sampled terms of the same 100k glossary (stemming off, "
          f"{lk['hits_per_query']:.3f} hits per query); CPU ns per call, median of {REPS} passes. Load {lk['load']}.\n")
    print("| call | ns |")
    print("| --- | ---: |")
    print(f"| crosscut `lookup(term, \"en\")`, hit | {lk['hit']:,.0f} |")
    print(f"| crosscut `lookup(term, \"en\")[0].concept.id`, hit | {lk['hit_attr']:,.0f} |")
    print(f"| crosscut `lookup(term, \"en\")`, miss | {lk['miss']:,.0f} |")
    print(f"| `dict.get(term)`, hit (exact spelling only) | {lk['dict_hit']:,.0f} |")
    print(f"| `dict.get(term.strip().lower())`, hit | {lk['dict_norm_hit']:,.0f} |")
    print(f"| `dict.get(term)`, miss | {lk['dict_miss']:,.0f} |")
    if native_hit and native_miss:
        print(f"| native core (`report`, same terms, wall), hit | {float(native_hit[1]):,.0f} |")
        print(f"| native core (`report`, same terms, wall), miss | {float(native_miss[1]):,.0f} |")

    print("\n**Python call overhead** (CPU time; the annotate and lookup rows above compare with the "
          "native wall times only on a quiet machine)\n")
    print("| measure | value |")
    print("| --- | ---: |")
    print(f"| `lookup` miss on a one-term glossary (near no-op: arguments, GIL release, language, result list) | {lk['noop']:,.0f} ns |")
    print(f"| `annotate(\"\", \"en\")` (near no-op) | {ann['noop_ns']:,.0f} ns |")
    print(f"| near no-op `lookup` / `lookup` hit | {lk['noop'] / lk['hit']:.0%} |")
    for i, label in [(0, "stemming on"), (1, "stemming off")]:
        _, _, _, _, secs = ann["rows"][i]
        share = ann["noop_ns"] * 1e-9 * ann["lines"] / secs
        print(f"| {ann['lines']:,} near no-op `annotate` calls / the per-line pass, {label} | {share:.1%} |")
    if native_tm:
        native = float(native_tm[6])
        py = pct(tm["rows"][0][2], 0.5)
        print(f"| `tm_search` p50: Python {py:.3f} ms vs native {native:.3f} ms | {(py - native) * 1e3:+.0f} µs ({py / native - 1:+.0%}) |")


if __name__ == "__main__":
    main()
