#!/usr/bin/env bash
# Translation-memory benchmark: builds the tm_report binary in release mode and
# prints crosscut's tables (Markdown) on stdout; progress goes to stderr.
# Fetches the gettext pairs and makes the memories and queries first when they
# are missing (bench-data/tm/, git-ignored).
#
# Usage: benches/tm-report.sh [real] [1m]       (default: both)
#        CROSSCUT_BENCH_TM=DIR to read the data from another directory.
# Peers (Python): see benches/README.md, "Translation memory".
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ -z "${CROSSCUT_BENCH_TM:-}" ]]; then
  benches/fetch-gettext.sh >&2
  if [[ ! -s bench-data/tm/mem-1m.tsv || ! -s bench-data/tm/queries-1m.tsv ]]; then
    python3 benches/make-tm-data.py bench-data/tm >&2
  fi
fi
cargo build --release -p crosscut-benches --bin tm_report >&2
exec target/release/tm_report "$@"
