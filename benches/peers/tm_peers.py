#!/usr/bin/env python3
"""Peers of crosscut's translation-memory search on the same memories and
queries (bench-data/tm/): rapidfuzz brute force and translate-toolkit's
matcher. Prints a Markdown table; per-query rows go to peers-NAME.tsv.

Usage: tm_peers.py DIR NAME [NAME ...] [--rf-queries N] [--tt-queries N]
       [--tt-1m-queries N]

Each query is timed once, single-threaded, after one warm-up query, by
the wall clock and by this thread's CPU time (time.thread_time).
- rapidfuzz: process.extract(query, sources, scorer=S, limit=5) for
  S = fuzz.ratio and fuzz.token_sort_ratio, over every source, no processor.
- translate-toolkit: translate.search.match.matcher(store, max_candidates=5,
  min_similarity=50, max_length=1000) over a TranslationStore of plain units
  (max_length raised from its default 70 so that long sources can match).
recall@1: the first result is the true unit (same line) or has its source.
"ties counted": or the first result's score equals the true source's score
under the same scorer.
"""

import argparse
import os
import sys
import time


def pct(v, p):
    s = sorted(v)
    return s[round((len(s) - 1) * p)] if s else float("nan")


def load(dir_, name):
    with open(os.path.join(dir_, f"mem-{name}.tsv"), encoding="utf-8") as f:
        pairs = [line.rstrip("\n").split("\t", 1) for line in f]
    with open(os.path.join(dir_, f"queries-{name}.tsv"), encoding="utf-8") as f:
        queries = [(q, int(i), s) for q, i, s in (line.rstrip("\n").split("\t") for line in f)]
    return pairs, queries


def loadavg():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def run_rapidfuzz(pairs, queries, scorer):
    from rapidfuzz import process

    sources = [s for s, _ in pairs]
    process.extract(queries[0][0], sources, scorer=scorer, limit=5)  # warm-up
    times, cpu, r1, tie, rows = [], [], 0, 0, []
    for q, i, s in queries:
        c, t = time.thread_time(), time.perf_counter()
        res = process.extract(q, sources, scorer=scorer, limit=5)
        times.append((time.perf_counter() - t) * 1e3)
        cpu.append((time.thread_time() - c) * 1e3)
        ok = bool(res) and (res[0][2] == i or res[0][0] == s)
        r1 += ok
        true_score = scorer(q, s)
        tie += (not ok) and bool(res) and res[0][1] == true_score
        rows.append((q, i, res[0][2] if res else -1, ok, cpu[-1]))
    return times, cpu, r1, tie, rows


def run_translate_toolkit(pairs, queries):
    from translate.search import match
    from translate.search.lshtein import LevenshteinComparer
    from translate.storage import base

    # matcher keeps (similarity, unit) tuples in a heap of its own copies
    # (base.TranslationUnit): with two equal similarities Python compares the
    # units, which raises TypeError. Order them by source so ties work.
    base.TranslationUnit.__lt__ = lambda a, b: a.source < b.source

    t = time.perf_counter()
    store = base.TranslationStore()
    for s, tgt in pairs:
        u = base.TranslationUnit(s)
        u.target = tgt
        store.addunit(u)
    m = match.matcher(store, max_candidates=5, min_similarity=50, max_length=1000)
    build = time.perf_counter() - t
    comparer = LevenshteinComparer(1000)
    m.matches(queries[0][0])  # warm-up
    times, cpu, r1, tie, rows = [], [], 0, 0, []
    for q, i, s in queries:
        c, t = time.thread_time(), time.perf_counter()
        res = m.matches(q)
        times.append((time.perf_counter() - t) * 1e3)
        cpu.append((time.thread_time() - c) * 1e3)
        ok = bool(res) and res[0].source == s
        r1 += ok
        if not ok and res:
            tie += comparer.similarity(q, res[0].source, 0) == comparer.similarity(q, s, 0)
        rows.append((q, i, res[0].source if res else "", ok, cpu[-1]))
    return times, cpu, r1, tie, rows, build


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("names", nargs="+")
    ap.add_argument("--rf-queries", type=int, default=1000, help="queries for rapidfuzz at sizes below 1M")
    ap.add_argument("--rf-1m-queries", type=int, default=100)
    ap.add_argument("--tt-queries", type=int, default=100)
    ap.add_argument("--tt-1m-queries", type=int, default=10)
    ap.add_argument("--skip-tt", action="store_true")
    a = ap.parse_args()
    from rapidfuzz import fuzz

    print("| memory | peer | queries | p50 ms (CPU) | p95 ms (CPU) | p50 ms (wall) | p95 ms (wall) | recall@1 | recall@1, ties counted | load |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name in a.names:
        pairs, queries = load(a.dir, name)
        big = len(pairs) >= 1_000_000
        rows_out = []
        for label, scorer in (("rapidfuzz fuzz.ratio", fuzz.ratio), ("rapidfuzz fuzz.token_sort_ratio", fuzz.token_sort_ratio)):
            qs = queries[: a.rf_1m_queries if big else a.rf_queries]
            load_ = loadavg()
            times, cpu, r1, tie, rows = run_rapidfuzz(pairs, qs, scorer)
            n = len(qs)
            print(f"| {name} | {label} | {n} | {pct(cpu, .5):.1f} | {pct(cpu, .95):.1f} | {pct(times, .5):.1f} | {pct(times, .95):.1f} | {100 * r1 / n:.1f}% | {100 * (r1 + tie) / n:.1f}% | {load_} |", flush=True)
            rows_out += [(label,) + r for r in rows]
        if not a.skip_tt:
            qs = queries[: a.tt_1m_queries if big else a.tt_queries]
            load_ = loadavg()
            times, cpu, r1, tie, rows, build = run_translate_toolkit(pairs, qs)
            n = len(qs)
            print(f"| {name} | translate-toolkit matcher (store + index {build:.1f} s) | {n} | {pct(cpu, .5):.1f} | {pct(cpu, .95):.1f} | {pct(times, .5):.1f} | {pct(times, .95):.1f} | {100 * r1 / n:.1f}% | {100 * (r1 + tie) / n:.1f}% | {load_} |", flush=True)
            rows_out += [("translate-toolkit",) + r for r in rows]
        with open(os.path.join(a.dir, f"peers-{name}.tsv"), "w", encoding="utf-8") as f:
            for r in rows_out:
                f.write("\t".join(str(x) for x in r) + "\n")


if __name__ == "__main__":
    sys.exit(main())
