#!/usr/bin/env bash
# Builds the annotate_report binary in release mode and prints the
# term-recognition tables (Markdown, each throughput the median of 3 passes over
# the prose) on stdout; progress goes to stderr. Fetches the key set and the
# prose first when they are missing.
#
# Usage: benches/annotate-report.sh [--examples N]
#   CROSSCUT_ANNOTATE_SIZES=10000,100000   only these term-set sizes
#   CROSSCUT_ANNOTATE_MAX_BYTES=N          only the first N bytes of prose
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ -z "${CROSSCUT_BENCH_KEYS:-}" && ! -s bench-data/keys.txt ]]; then
  benches/fetch-freedict.sh >&2
fi
if [[ -z "${CROSSCUT_BENCH_PROSE:-}" && ! -s bench-data/prose.txt ]]; then
  benches/fetch-prose.sh >&2
fi
cargo build --release -p crosscut-benches --bin annotate_report --bin annotate_heap >&2
exec target/release/annotate_report "$@"
