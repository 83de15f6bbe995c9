#!/usr/bin/env bash
# Builds the fuzz targets once, seeds each corpus from the shared samples,
# then runs each target for SECONDS (one at a time, one job each).
#
#   bash fuzz/run.sh SECONDS [TARGET...]     # default: every target
#
# Needs a nightly toolchain and cargo-fuzz (scripts/setup.sh installs both).
# New corpus entries go to fuzz/corpus/TARGET, logs to fuzz/logs/TARGET.log,
# crashes to fuzz/artifacts/TARGET/ (all ignored by git). Exits 1 if any
# target crashed; see fuzz/README.md for what to do then.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
all=(toml csv tbx tmx srt vtt artifact_open memory_open annotate tm_search)
targets=("${@:-${all[@]}}")
samples=${SAMPLES:-../shared/samples}
[ -d "$samples" ] || samples=../../shared/samples

# Seeds: the shared samples (good and bad), the shipped glossaries, and
# artifacts with their header and checksum cut off (the targets put them back).
seed() {
  local t=$1 dir=fuzz/seeds/$1
  rm -rf "$dir" && mkdir -p "$dir"
  case $t in
    toml) cp glossaries/*.toml tests/vectors/glossaries/*.toml core/tests/data/*.toml "$dir"/ ;;
    csv) cp "$samples"/csv/* "$dir"/ ;;
    tbx) cp "$samples"/tbx/* "$samples"/bad/tbx/* "$samples"/bad/xml/* "$dir"/ ;;
    tmx) cp "$samples"/tmx/* "$samples"/bad/tmx/* "$samples"/bad/xml/* "$dir"/ ;;
    annotate | tm_search) cp "$samples"/srt/*.srt examples/dialogue.srt "$dir"/ ;;
    srt) cp "$samples"/srt/*.srt "$samples"/bad/srt/* examples/*.srt examples/check/*.srt "$dir"/ ;;
    vtt) cp "$samples"/vtt/*.vtt "$samples"/bad/vtt/* "$dir"/
      find "$samples"/vtt/w3c -name '*.vtt' -exec cp {} "$dir"/ \; ;;
    artifact_open)
      local tmp
      tmp=$(mktemp -d)
      cargo run -q --locked -p crosscut-cli -- compile core/tests/data/mini.toml -o "$tmp/mini.xcut" --quiet --no-lint
      cargo run -q --locked -p crosscut-cli -- compile glossaries/kinship.toml -o "$tmp/kinship.xcut" --quiet --no-lint
      cp core/tests/data/artifacts/*.xcut "$tmp"/
      for a in "$tmp"/*.xcut; do tail -c +9 "$a" | head -c -4 > "$dir/$(basename "$a")"; done
      rm -rf "$tmp" ;;
    memory_open)
      local tmp
      tmp=$(mktemp -d)
      cargo run -q --locked -p crosscut-cli -- tm import "$samples"/tmx/okapi_sample14b.tmx -o "$tmp/a.xcut" --quiet
      cargo run -q --locked -p crosscut-cli -- tm import "$samples"/tmx/omegat_en-US_en-GB_fr_sr.tmx -o "$tmp/b.xcut" --quiet
      for a in "$tmp"/*.xcut; do tail -c +9 "$a" | head -c -4 > "$dir/$(basename "$a")"; done
      rm -rf "$tmp" ;;
    *) echo "unknown target $t" >&2; return 1 ;;
  esac
}

start=$SECONDS
cargo +nightly fuzz build --fuzz-dir fuzz
echo "fuzz targets built in $((SECONDS - start))s"
mkdir -p fuzz/logs
failed=()
for t in "${targets[@]}"; do
  seed "$t"
  mkdir -p "fuzz/corpus/$t"
  # Text queries gain nothing from long inputs, and each costs more.
  case $t in annotate | tm_search) max_len=(-max_len=4096) ;; *) max_len=() ;; esac
  if cargo +nightly fuzz run --fuzz-dir fuzz "$t" "fuzz/corpus/$t" "fuzz/seeds/$t" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${max_len[@]}" \
      >"fuzz/logs/$t.log" 2>&1; then
    status=ok
  else
    status=CRASH
    failed+=("$t")
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "fuzz/logs/$t.log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -E '^#[0-9]+' "fuzz/logs/$t.log" | tail -1 | grep -oE 'cov: [0-9]+ ft: [0-9]+' || echo 'cov: ?')
  printf '%-14s %-5s %3ss  %10s execs  %s\n' "$t" "$status" "$seconds" "$runs" "$cov"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "crashed: ${failed[*]} (inputs in fuzz/artifacts/; logs in fuzz/logs/)" >&2
  exit 1
fi
