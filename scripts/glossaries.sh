#!/usr/bin/env bash
# Lints and compiles the shipped glossaries, then writes their coverage table
# into glossaries/README.md and their fingerprint into glossaries/fingerprints.csv.
# With --check, fails instead of writing when either file is out of date (CI):
# any change to the bytes of the compiled artifact shows up in review.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
check=${1:-}
crosscut() { cargo run -q --locked -p crosscut-cli -- "$@"; }
mkdir -p out
crosscut lint glossaries
crosscut compile glossaries/*.toml -o out/glossaries.xcut --quiet

table=$(crosscut info out/glossaries.xcut --markdown)
readme=$(awk -v table="$table" '
  /<!-- coverage:start -->/ { print; print ""; print table; print ""; skip = 1; next }
  /<!-- coverage:end -->/ { skip = 0 }
  !skip { print }' glossaries/README.md)
fingerprint=$(printf 'artifact,format_version,bytes,sha256\nglossaries.xcut,%s,%s,%s\n' \
  "$(crosscut info out/glossaries.xcut --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["format_version"])')" \
  "$(wc -c < out/glossaries.xcut | tr -d ' ')" \
  "$(sha256sum out/glossaries.xcut | cut -d' ' -f1)")

if [ "$check" = --check ]; then
  stale=0
  diff <(printf '%s\n' "$readme") glossaries/README.md || { echo "glossaries/README.md is out of date: run scripts/glossaries.sh" >&2; stale=1; }
  diff <(printf '%s' "$fingerprint") glossaries/fingerprints.csv || {
    echo "glossaries/fingerprints.csv changed: the compiled bytes differ. If the format changed, bump FORMAT_VERSION (docs/format.md); then run scripts/glossaries.sh" >&2
    stale=1
  }
  exit $stale
fi
printf '%s\n' "$readme" > glossaries/README.md
printf '%s' "$fingerprint" > glossaries/fingerprints.csv
echo "updated glossaries/README.md and glossaries/fingerprints.csv"
