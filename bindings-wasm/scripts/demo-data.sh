#!/usr/bin/env bash
# Compiles the artifacts the demo page and the JS tests load (git-ignored):
#   demo/data/glossaries.xcut        the shipped glossaries bundled with the example memory
#   ../tests/fixtures/dialogue-tm.xcut  the example memory alone
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"
mkdir -p "$here/demo/data" tests/fixtures
crosscut() { cargo run -q --locked -p crosscut-cli -- "$@"; }
crosscut compile glossaries/*.toml --tm examples/memory/dialogue.en-fr.tmx -o "$here/demo/data/glossaries.xcut" --quiet
crosscut tm import examples/memory/dialogue.en-fr.tmx -o tests/fixtures/dialogue-tm.xcut --quiet
cp examples/dialogue.srt "$here/demo/data/dialogue.srt"
