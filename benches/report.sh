#!/usr/bin/env bash
# Builds the report binary in release mode and prints crosscut's benchmark
# table (Markdown, each figure the median of 3 repetitions) on stdout;
# progress goes to stderr. Fetches the key set first when it is missing.
#
# Usage: benches/report.sh            (CROSSCUT_BENCH_KEYS=FILE to use other keys)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ -z "${CROSSCUT_BENCH_KEYS:-}" && ! -s bench-data/keys.txt ]]; then
  benches/fetch-freedict.sh >&2
fi
cargo build --release -p crosscut-benches --bin report >&2
exec target/release/report
