#!/usr/bin/env bash
# Fetches FreeDict bilingual dictionaries from Debian's archive and turns their
# headwords into the benchmark key set: bench-data/keys.txt, one unique key a line.
#
# Usage: benches/fetch-freedict.sh [OUT_DIR]   (default: bench-data/ at the repo root)
#
# Needs apt-get and dpkg-deb (Debian or Ubuntu); fetches nothing but Debian
# packages. Idempotent: does nothing when OUT_DIR/keys.txt exists (delete it to
# rebuild). The data is not committed: bench-data/ is git-ignored.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/bench-data}"
keys="$out/keys.txt"
min_keys=1000000

# Language pairs, largest first. Headwords from all of them are merged.
pairs=(
  deu-eng eng-deu jpn-eng hun-eng eng-hun eng-fin deu-fra pol-eng fin-eng
  eng-jpn fra-deu nld-eng eng-pol eng-por por-eng fra-eng eng-nld eng-fra
  eng-spa spa-eng eng-ita ita-eng swe-eng eng-swe
)

if [[ -s "$keys" ]]; then
  echo "$keys exists ($(wc -l <"$keys") keys); delete it to rebuild"
  exit 0
fi

mkdir -p "$out/debs" "$out/extract"
if [[ -z "$(apt-cache policy dict-freedict-eng-deu 2>/dev/null | grep Candidate | grep -v none)" ]]; then
  echo "package lists do not know dict-freedict-*: running apt-get update" >&2
  apt-get update -qq
fi

: >"$out/PROVENANCE.txt.tmp"
for pair in "${pairs[@]}"; do
  pkg="dict-freedict-$pair"
  if ! ls "$out/debs/${pkg}_"*.deb >/dev/null 2>&1; then
    (cd "$out/debs" && apt-get -o APT::Sandbox::User=root download -q "$pkg")
  fi
  deb="$(ls "$out/debs/${pkg}_"*.deb | head -n1)"
  ver="$(dpkg-deb -f "$deb" Version)"
  dpkg-deb -x "$deb" "$out/extract"
  echo "$pkg $ver $(basename "$deb")" >>"$out/PROVENANCE.txt.tmp"
done

# Decompress the dictzip (gzip-compatible) bodies next to their indexes.
for dz in "$out"/extract/usr/share/dictd/*.dict.dz; do
  [[ -e "${dz%.dz}" ]] || gzip -dc "$dz" >"${dz%.dz}"
done

# Headword = first tab-separated field of every .index line, skipping dictd's
# own "00-database-*" entries; CRs stripped, empty lines dropped, exact duplicates removed.
tmp="$out/keys.txt.tmp"
for idx in "$out"/extract/usr/share/dictd/freedict-*.index; do
  n="$(cut -f1 "$idx" | grep -v -E '^00-?database' | tr -d '\r' | grep -c -v '^[[:space:]]*$' || true)"
  echo "$(basename "$idx") $n headwords" >&2
  cut -f1 "$idx"
done | grep -v -E '^00-?database' | tr -d '\r' | grep -v '^[[:space:]]*$' | LC_ALL=C sort -u >"$tmp"

count="$(wc -l <"$tmp")"
if (( count < min_keys )); then
  echo "only $count unique keys (need $min_keys): add more pairs to the list" >&2
  exit 1
fi
mv "$tmp" "$keys"
mv "$out/PROVENANCE.txt.tmp" "$out/PROVENANCE.txt"
echo "wrote $keys: $count unique keys from ${#pairs[@]} packages (see $out/PROVENANCE.txt)"
