#!/usr/bin/env bash
# Python-level benchmark (benches/python_report.py): crosscut's Python package
# against flashtext, pyahocorasick, rapidfuzz, translate-toolkit and a dict, and
# against the native core on the same data. Prints Markdown tables on stdout;
# progress goes to stderr. About 3–4 minutes after the builds.
#
# Needs the benchmark data (bench-data/, git-ignored; see benches/README.md):
# prose.txt and terms-100k.txt (benches/annotate-report.sh writes them), and
# tm/mem-real.tsv + tm/queries-real.tsv (benches/tm-report.sh). Point
# CROSSCUT_BENCH_DATA at another copy of that directory.
#
# Usage: benches/python-report.sh [python_report.py options]
#   CROSSCUT_PY_BENCH_VENV=DIR   the venv for crosscut and the peers (default: DATA/python-venv)
#   CROSSCUT_PY_NATIVE=0         skip the native reports (no overhead rows)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
data="${CROSSCUT_BENCH_DATA:-bench-data}"
for f in prose.txt terms-100k.txt tm/mem-real.tsv tm/queries-real.tsv; do
  [[ -s "$data/$f" ]] || { echo "$data/$f is missing; see benches/README.md (Data) to make it" >&2; exit 1; }
done

# The release wheel, built as CI builds it, in a venv of its own with the peers.
venv="${CROSSCUT_PY_BENCH_VENV:-$data/python-venv}"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  flashtext==2.7 pyahocorasick==2.3.1 rapidfuzz==3.14.6 translate-toolkit==3.20.4 >&2
[[ -x .venv/bin/maturin ]] || { python3 -m venv .venv && .venv/bin/pip install --quiet maturin==1.16.0; } >&2
rm -rf target/python-bench-wheel
(cd bindings-python && ../.venv/bin/maturin build --release --locked --out ../target/python-bench-wheel) >&2
"$venv/bin/pip" install --quiet --disable-pip-version-check --force-reinstall --no-deps target/python-bench-wheel/crosscut-*.whl >&2

# The native core on the same prose bytes and the same memory, for the overhead rows.
args=()
max_bytes=10000000
for a in "$@"; do [[ "$a" == --max-bytes=* ]] && max_bytes="${a#--max-bytes=}"; done
if [[ "${CROSSCUT_PY_NATIVE:-1}" != 0 ]]; then
  cargo build --release --locked -p crosscut-benches --bin annotate_report --bin tm_report --bin report >&2
  out="$(mktemp -d)"
  echo "native annotate_report (100k terms, first $max_bytes bytes)…" >&2
  CROSSCUT_BENCH_PROSE="$data/prose.txt" CROSSCUT_BENCH_KEYS="$data/keys.txt" \
    CROSSCUT_ANNOTATE_SIZES=100000 CROSSCUT_ANNOTATE_MAX_BYTES="$max_bytes" \
    target/release/annotate_report > "$out/annotate.md"
  echo "native tm_report (real)…" >&2
  CROSSCUT_BENCH_TM="$data/tm" target/release/tm_report real > "$out/tm.md"
  echo "native report (lookups on the 100k terms)…" >&2
  CROSSCUT_BENCH_KEYS="$data/terms-100k.txt" target/release/report > "$out/lookup.md"
  args+=(--native-annotate "$out/annotate.md" --native-tm "$out/tm.md" --native-lookup "$out/lookup.md")
fi
exec "$venv/bin/python" benches/python_report.py --data "$data" "${args[@]}" "$@"
