#!/usr/bin/env bash
# Builds the running-text corpus of the term-recognition benchmark:
# bench-data/prose.txt, English package descriptions from Debian's archive,
# one paragraph a line.
#
# Usage: benches/fetch-prose.sh [OUT_DIR]   (default: bench-data/ at the repo root)
#
# Reads the English description lists apt already has (Translation-en), running `apt-get update -o
# Acquire::Languages=en` first when no Translation-en list is present. Field
# names go; the synopsis of each package is one line, and each paragraph of its
# long description (continuation lines joined by a space, " ." separators
# dropped) is one line. The unique text is written once to prose-once.txt;
# when it is under 50 MB, prose.txt is that text repeated whole until it
# reaches 50 MB (the README says so). Idempotent: does nothing when
# OUT_DIR/prose.txt exists (delete it to rebuild). Nothing here is committed.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/bench-data}"
prose="$out/prose.txt"
once="$out/prose-once.txt"
min_bytes=$((50 * 1000 * 1000))
lists=/var/lib/apt/lists

if [[ -s "$prose" ]]; then
  echo "$prose exists ($(wc -c <"$prose") bytes); delete it to rebuild"
  exit 0
fi
mkdir -p "$out"

if ! ls "$lists"/*Translation-en* >/dev/null 2>&1; then
  echo "no Translation-en lists: running apt-get update -o Acquire::Languages=en" >&2
  apt-get update -qq -o Acquire::Languages=en
fi

# Prints a list file decompressed, whatever apt stored it as.
cat_list() {
  case "$1" in
    *.lz4) lz4 -dc "$1" ;;
    *.xz) xz -dc "$1" ;;
    *.gz) gzip -dc "$1" ;;
    *.zst) zstd -dc "$1" ;;
    *) cat "$1" ;;
  esac
}

# Translation-en files carry the long descriptions. The Packages lists of this
# release carry only the synopsis (plus Description-md5), the same text as the
# first line of the Translation-en entry, so they are not read.
: >"$out/prose-sources.txt"
tmp="$once.tmp"
{
  for f in "$lists"/*Translation-en*; do
    [[ -e "$f" && "$f" != *.diff* ]] || continue
    echo "$(basename "$f")" >>"$out/prose-sources.txt"
    cat_list "$f"
    echo
  done
} | awk '
  function flush() { if (para != "") print para; para = "" }
  /^Package:/ { flush(); indesc = 0; next }
  /^Description(-en)?:/ {
    flush(); sub(/^[^:]*: */, ""); if ($0 != "") print; indesc = 1; next
  }
  indesc && /^ \.[[:space:]]*$/ { flush(); next }
  indesc && /^[ \t]/ { sub(/^[ \t]+/, ""); sub(/[ \t\r]+$/, ""); para = (para == "" ? $0 : para " " $0); next }
  { flush(); indesc = 0 }
  END { flush() }
' >"$tmp"

bytes="$(wc -c <"$tmp")"
if (( bytes == 0 )); then
  echo "no description text found in $lists" >&2
  exit 1
fi
mv "$tmp" "$once"

copies=1
while (( copies * bytes < min_bytes )); do copies=$((copies + 1)); done
: >"$prose.tmp"
for ((i = 0; i < copies; i++)); do cat "$once" >>"$prose.tmp"; done
mv "$prose.tmp" "$prose"
echo "wrote $prose: $(wc -c <"$prose") bytes, $(wc -l <"$prose") lines = $copies copies of $once ($bytes bytes, $(wc -l <"$once") lines of unique text)"
