#!/usr/bin/env bash
# The README's demo: compile the shipped glossaries and look terms up.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p out
crosscut() { cargo run -q -p crosscut-cli -- "$@"; }

echo "== compile glossaries/*.toml, with a small en->fr memory bundled in -> out/glossaries.xcut"
crosscut compile glossaries/*.toml --tm examples/memory/dialogue.en-fr.tmx -o out/glossaries.xcut
echo
echo "== info"
crosscut info out/glossaries.xcut
echo
echo "== exact: 'Elder Brother' (en) in zh-Hans, ja, ko, fr"
crosscut lookup out/glossaries.xcut "Elder Brother" --lang en --to zh-Hans,ja,ko,fr
echo
echo "== from Chinese (zh-CN falls back to zh-Hans): 哥哥 -> en, ja"
crosscut lookup out/glossaries.xcut "哥哥" --lang zh-CN --to en,ja
echo
echo "== fuzzy (a typo): 'eldr brother'"
crosscut lookup out/glossaries.xcut "eldr brother" --lang en --fuzzy 1 --to de
echo
echo "== prefix (autocomplete): 'grand'"
crosscut lookup out/glossaries.xcut "grand" --lang en --prefix --limit 5
echo
echo "== regex: Japanese honorific suffixes kept as loans in English"
crosscut lookup out/glossaries.xcut "[-](san|sama|kun|chan)" --lang en --regex --to ja
echo
echo "== annotate: glossary terms in a subtitle file, with French and Japanese (examples/dialogue.srt)"
crosscut annotate out/glossaries.xcut examples/dialogue.srt --lang en --to fr,ja
echo
echo "== translation memory: the closest earlier translations of a new line"
crosscut tm search out/glossaries.xcut "The rough cut is due on Thursday." --src en --tgt fr --top 2
echo
echo "== check: a French translation of a short scene against the glossaries and the bundled memory"
echo "   (exit 1: it has error-level findings; the HTML report is out/check.html)"
crosscut check out/glossaries.xcut examples/check/source.en.srt examples/check/target.fr.srt \
  --src en --tgt fr --html out/check.html || test $? -eq 1
echo
echo "== JSON (first hit, abridged)"
crosscut lookup out/glossaries.xcut "younger sister" --lang en --to zh-Hans,ko --json > out/lookup.json
head -n 40 out/lookup.json
