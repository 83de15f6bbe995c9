"""Scale-out benchmark: crosscut.dask on 1 and 2 worker processes.

1. annotate: subtitle-like text (the real dialogue lines of examples/dialogue.srt
   and examples/check, each repeated with a running label so no two lines are
   equal) against the shipped glossaries, generated on the workers partition by
   partition (the driver never holds it).
2. build_memory: synthetic en-fr units (labelled: generated sentences, not
   real translations), split into shards by crosscut.shard_of and built in
   parallel; then TM search latency over the shards (crosscut.ShardedMemory).

Prints a Markdown table. Usage (from the repository root, with the dask extra
installed):

    python benches/scale_report.py [--gb 1.0] [--units 10000000] [--shards 16]
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

import crosscut
import crosscut.dask as xd

ROOT = Path(__file__).resolve().parents[1]
PART_BYTES = 16 << 20


def dialogue_lines() -> list:
    lines = []
    for srt in ["examples/dialogue.srt", "examples/check/source.en.srt"]:
        for line in (ROOT / srt).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.strip().isdigit() and "-->" not in line:
                lines.append(line.strip())
    return lines


def text_partition(i: int, lines: list) -> pd.DataFrame:
    """About PART_BYTES of labelled lines for partition i."""
    out, size, n = [], 0, 0
    while size < PART_BYTES:
        line = f"{lines[n % len(lines)]} [{i}.{n}]"
        out.append(line)
        size += len(line) + 1
        n += 1
    return pd.DataFrame({"text": out}, index=pd.RangeIndex(i * 10_000_000, i * 10_000_000 + len(out)))


WORDS = (
    "the a camera rough cut dubbing studio monday friday festival director take scene sound mix grandma brother "
    "subtitle reel premiere press kit night is ready we need another version of this line for tomorrow morning "
    "please check color grading final delivery print master archive copy trailer poster"
).split()


def unit_partition(i: int, per: int) -> pd.DataFrame:
    rng = random.Random(i)
    src, tgt = [], []
    for n in range(per):
        words = [WORDS[rng.randrange(len(WORDS))] for _ in range(4 + rng.randrange(9))]
        s = " ".join(words) + f" {i}-{n}."
        src.append(s)
        tgt.append("fr: " + s)
    return pd.DataFrame({"en": src, "fr": tgt})


def peak_rss_mib(client: Client) -> float:
    peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return max(peaks.values()) / 1024


def run(workers: int, args, artifact_path: str, lines: list, out_root: str) -> dict:
    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=50,
        memory_limit=0,
    )
    client = Client(cluster)
    row = {"workers": workers}
    try:
        parts = max(1, int(args.gb * (1 << 30) / PART_BYTES))
        texts = dd.from_map(text_partition, range(parts), lines=lines, meta=text_partition(0, lines).iloc[:0])
        start = time.perf_counter()
        counts = xd.annotate(texts, artifact_path, text_col="text", lang="en").map_partitions(len).compute()
        secs = time.perf_counter() - start
        row["annotate_gb"] = parts * PART_BYTES / (1 << 30)
        row["annotate_s"] = secs
        row["annotate_mb_s"] = parts * PART_BYTES / 1e6 / secs
        row["matches"] = int(sum(counts))
        row["annotate_peak_mib"] = peak_rss_mib(client)

        per = 250_000
        nparts = max(1, args.units // per)
        units = dd.from_map(unit_partition, range(nparts), per=per, meta=unit_partition(0, 1).iloc[:0])
        out_dir = os.path.join(out_root, f"tm-{workers}")
        start = time.perf_counter()
        paths = xd.build_memory(units, out_dir, "en", "fr", "en", "fr", shards=args.shards)
        secs = time.perf_counter() - start
        row["units"] = nparts * per
        row["build_s"] = secs
        row["units_per_s"] = nparts * per / secs
        row["build_peak_mib"] = peak_rss_mib(client)
        row["shard_mb"] = sum(os.path.getsize(p) for p in paths) / len(paths) / 1e6
        row["paths"] = paths
    finally:
        client.close()
        cluster.close()
    return row


def search_latency(paths: list, queries: int) -> dict:
    memory = crosscut.ShardedMemory(paths)
    rng = random.Random(7)
    times = []
    for i in range(queries):
        p = unit_partition(rng.randrange(10_000), 1)["en"][0].rsplit(" ", 1)[0] + " tonight."
        start = time.perf_counter()
        memory.tm_search(p, "en", "fr", top=5)
        times.append(time.perf_counter() - start)
    times.sort()
    return {
        "p50_ms": statistics.median(times) * 1e3,
        "p95_ms": times[int(len(times) * 0.95) - 1] * 1e3,
        "units": len(memory),
        "shards": memory.shards,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gb", type=float, default=1.0, help="GiB of text to annotate")
    ap.add_argument("--units", type=int, default=10_000_000, help="TM units to build")
    ap.add_argument("--shards", type=int, default=16)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--workers", default="1,2")
    args = ap.parse_args()

    out_root = tempfile.mkdtemp(prefix="crosscut-scale-")
    try:
        glossary = crosscut.compile(sorted(glob.glob(str(ROOT / "glossaries" / "*.toml"))))
        artifact_path = os.path.join(out_root, "glossaries.xcut")
        glossary.save(artifact_path)
        lines = dialogue_lines()
        rows = []
        for w in [int(x) for x in args.workers.split(",")]:
            print(f"{w} worker(s)…", file=sys.stderr, flush=True)
            rows.append(run(w, args, artifact_path, lines, out_root))
            print(rows[-1] | {"paths": len(rows[-1]["paths"])}, file=sys.stderr, flush=True)
        latency = search_latency(rows[-1]["paths"], args.queries)
        base = rows[0]
        print(f"Artifact: the shipped glossaries, {os.path.getsize(artifact_path) / 1e6:.2f} MB, opened once per worker by memory map.")
        print()
        print("| workers | annotate GiB | s | MB/s | scaling | matches | peak RSS / worker | TM units | build s | units/s | scaling | peak RSS / worker | shard size |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in rows:
            eff_a = r["annotate_mb_s"] / base["annotate_mb_s"] / (r["workers"] / base["workers"])
            eff_b = r["units_per_s"] / base["units_per_s"] / (r["workers"] / base["workers"])
            print(
                f"| {r['workers']} | {r['annotate_gb']:.2f} | {r['annotate_s']:.1f} | {r['annotate_mb_s']:.1f} | {eff_a:.0%} "
                f"| {r['matches']:,} | {r['annotate_peak_mib']:.0f} MiB | {r['units']:,} | {r['build_s']:.1f} "
                f"| {r['units_per_s']:,.0f} | {eff_b:.0%} | {r['build_peak_mib']:.0f} MiB | {r['shard_mb']:.1f} MB |"
            )
        print()
        print(
            f"TM search over {latency['units']:,} units in {latency['shards']} shards "
            f"(crosscut.ShardedMemory, shards searched in parallel threads): "
            f"p50 {latency['p50_ms']:.2f} ms, p95 {latency['p95_ms']:.2f} ms over {args.queries} queries."
        )
    finally:
        shutil.rmtree(out_root, ignore_errors=True)


if __name__ == "__main__":
    main()
