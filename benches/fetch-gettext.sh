#!/usr/bin/env bash
# Builds bench-data/tm/en-fr.tsv and bench-data/tm/en-de.tsv: real English →
# French and English → German segment pairs from the gettext catalogs (.mo)
# that Debian packages ship under /usr/share/locale/{fr,de}/LC_MESSAGES/.
#
# It downloads the packages with `apt-get download` (no install), unpacks them
# with `dpkg-deb -x` and reads each .mo file with benches/mo2tsv.py, which
# skips the header, plural and untranslated entries, drops the message context,
# collapses white space and removes duplicate pairs. Writes
# bench-data/tm/PROVENANCE.txt (package, version, pairs per language).
# Does nothing if both TSV files exist. Needs python3 and apt-get.
#
# Usage: benches/fetch-gettext.sh
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/bench-data/tm"
if [[ -s "$out/en-fr.tsv" && -s "$out/en-de.tsv" ]]; then
  echo "bench-data/tm/en-fr.tsv and en-de.tsv exist; delete them to fetch again" >&2
  exit 0
fi

# Debian bookworm packages that ship fr and de .mo catalogs.
packages=(
  coreutils bash tar grep sed findutils diffutils gettext-base gettext
  util-linux-locales e2fsprogs dpkg apt libc-l10n gnupg-l10n wget make
  gcc-12-locales binutils-common git libgtk-3-common libglib2.0-data
  gimp-data inkscape
)

mkdir -p "$out/debs" "$out/extract"
cd "$out/debs"
for p in "${packages[@]}"; do
  if ! ls "${p}"_*.deb >/dev/null 2>&1; then
    apt-get download "$p" >&2
  fi
done
: > "$out/PROVENANCE.txt"
for p in "${packages[@]}"; do
  deb="$(ls "${p}"_*.deb | head -n 1)"
  version="$(dpkg-deb -f "$deb" Version)"
  dir="$out/extract/$p"
  rm -rf "$dir"
  mkdir -p "$dir"
  dpkg-deb -x "$deb" "$dir"
  printf '%s\t%s\t%s\n' "$p" "$version" "$deb" >> "$out/PROVENANCE.txt"
done

python3 "$root/benches/mo2tsv.py" "$out/extract" "$out"
cat "$out/counts.txt" >&2
