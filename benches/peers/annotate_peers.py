#!/usr/bin/env python3
"""Python peers of crosscut's term-recognition benchmark.

Runs flashtext (KeywordProcessor, case-insensitive) and pyahocorasick
(automaton over the lower-cased terms, ``iter_long`` = leftmost-longest,
then the same word-boundary filter as the Rust bound) over the prose, line by
line, for the term sets that ``annotate_report`` wrote to
``bench-data/terms-<size>.txt``. Prints a Markdown table: MB/s (median of 3
passes) and match counts.

Usage (from the repo root; see benches/README.md for the venv):

    bench-data/peers-venv/bin/python benches/peers/annotate_peers.py [SIZE_LABEL ...]

A pass that would take longer than --budget seconds (default 60, so 3
passes stay within about 3 minutes) runs on a prefix of the prose instead,
sized from a timed probe on the first 2 MB; the table says so.
"""

import argparse
import os
import statistics
import sys
import time

import ahocorasick
from flashtext import KeywordProcessor

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "bench-data")
REPS = 3
PROBE_BYTES = 2_000_000


def rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def is_word(c):
    return c.isalnum() or c == "_"


def at_boundaries(line, s, e):
    """Same rule as the Rust filter: where the match begins (ends) with a word
    character, the character before (after) it is not one."""
    ok_start = not is_word(line[s]) or s == 0 or not is_word(line[s - 1])
    ok_end = not is_word(line[e - 1]) or e == len(line) or not is_word(line[e])
    return ok_start and ok_end


def run_flashtext(kp, lines):
    return sum(len(kp.extract_keywords(line)) for line in lines)


def run_pyahocorasick(automaton, lines):
    n = 0
    for line in lines:
        low = line.lower()
        if len(low) != len(line):  # lower() changed the length (rare): match on it alone
            line = low
        for end, length in automaton.iter_long(low):
            s = end - length + 1
            if at_boundaries(line, s, end + 1):
                n += 1
    return n


def prefix(lines, max_bytes):
    out, total = [], 0
    for line in lines:
        total += len(line.encode()) + 1
        if total > max_bytes:
            break
        out.append(line)
    return out


def measure(name, run, matcher, lines, total_bytes, budget):
    probe = prefix(lines, PROBE_BYTES)
    probe_bytes = sum(len(l.encode()) + 1 for l in probe)
    t = time.perf_counter()
    run(matcher, probe)
    rate = probe_bytes / (time.perf_counter() - t)
    used, used_bytes, note = lines, total_bytes, ""
    if total_bytes / rate > budget:
        used = prefix(lines, int(rate * budget))
        used_bytes = sum(len(l.encode()) + 1 for l in used)
        note = f"first {used_bytes / 1e6:.1f} MB"
    times, count = [], 0
    for rep in range(REPS):
        t = time.perf_counter()
        count = run(matcher, used)
        times.append(time.perf_counter() - t)
        print(f"  {name} pass {rep + 1}: {times[-1]:.2f} s, {count} matches", file=sys.stderr)
    return used_bytes / 1e6 / statistics.median(times), count, note, used_bytes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", default=["10k", "100k", "500k"])
    ap.add_argument("--budget", type=float, default=60.0, help="longest pass over the prose, in seconds")
    ap.add_argument("--prose", default=os.path.join(DATA, "prose.txt"))
    args = ap.parse_args()

    with open(args.prose, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    total = sum(len(l.encode()) + 1 for l in lines)
    print(f"prose: {total / 1e6:.1f} MB, {len(lines)} lines", file=sys.stderr)

    rows = []
    for label in args.sizes:
        path = os.path.join(DATA, f"terms-{label}.txt")
        if not os.path.exists(path):
            sys.exit(f"{path} is missing: run benches/annotate-report.sh first (it writes the term sets)")
        with open(path, encoding="utf-8") as f:
            terms = [t for t in f.read().split("\n") if t.strip()]
        print(f"{label}: {len(terms)} terms", file=sys.stderr)

        base = rss_mib()
        t = time.perf_counter()
        kp = KeywordProcessor(case_sensitive=False)
        for term in terms:
            kp.add_keyword(term)
        ft_build = time.perf_counter() - t
        ft_mem = rss_mib() - base
        ft = measure("flashtext", run_flashtext, kp, lines, total, args.budget)
        del kp

        base = rss_mib()
        t = time.perf_counter()
        automaton = ahocorasick.Automaton()
        for term in terms:
            low = term.lower()
            automaton.add_word(low, len(low))
        automaton.make_automaton()
        ac_build = time.perf_counter() - t
        ac_mem = rss_mib() - base
        ac = measure("pyahocorasick", run_pyahocorasick, automaton, lines, total, args.budget)
        del automaton
        rows.append((label, ft, ft_build, ft_mem, ac, ac_build, ac_mem))

    print(f"Prose: {total / 1e6:.1f} MB. MB/s = bytes / median of {REPS} passes; matches in one pass over the bytes measured.\n")
    print("| terms | flashtext MB/s | matches | build s / RSS growth | pyahocorasick + boundary filter MB/s | matches | build s / RSS growth |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, ft, ft_build, ft_mem, ac, ac_build, ac_mem in rows:
        def cell(m):
            mbps, count, note, _ = m
            return f"{mbps:.2f}" + (f" ({note})" if note else ""), f"{count:,}"
        f1, f2 = cell(ft)
        a1, a2 = cell(ac)
        print(f"| {label} | {f1} | {f2} | {ft_build:.1f} s / {ft_mem:.0f} MiB | {a1} | {a2} | {ac_build:.1f} s / {ac_mem:.0f} MiB |")
    print(f"\nPython {sys.version.split()[0]}, flashtext and pyahocorasick from PyPI; one process, sizes in turn.")


if __name__ == "__main__":
    main()
