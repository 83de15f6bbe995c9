#!/usr/bin/env bash
# Builds the npm package into bindings-wasm/pkg: a Node (CommonJS) and a web
# (ESM, `await init()`) build sharing one optimized .wasm. Installs what it
# needs first: the wasm32 target, the wasm-bindgen CLI matching Cargo.lock,
# and the pinned npm tools (wasm-opt from `binaryen`, TypeScript, playwright-core).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
# The CLI must match the `wasm-bindgen` crate version in Cargo.lock exactly.
want=$(awk '$0=="name = \"wasm-bindgen\""{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  echo "wasm-bindgen CLI is '${have:-missing}', Cargo.lock pins $want: installing it (about 2 minutes)" >&2
  # Not --locked: its lockfile pins a webpki-roots the registry may lack.
  cargo install wasm-bindgen-cli --version "$want"
fi

# Size over speed for the download; only this build, so host builds keep opt-level 3.
CARGO_PROFILE_RELEASE_OPT_LEVEL=z cargo build -p crosscut-wasm --target wasm32-unknown-unknown --release --locked
wasm="${CARGO_TARGET_DIR:-$root/target}/wasm32-unknown-unknown/release/crosscut_wasm.wasm"

npm ci --prefix "$here/tools" --no-audit --no-fund --silent
wasm_opt="$here/tools/node_modules/.bin/wasm-opt"

pkg="$here/pkg"
rm -rf "$pkg"
wasm-bindgen "$wasm" --out-dir "$pkg/node" --target nodejs
wasm-bindgen "$wasm" --out-dir "$pkg/web" --target web
echo '{"type":"commonjs"}' > "$pkg/node/package.json"
echo '{"type":"module"}' > "$pkg/web/package.json"

# Both targets emit the same module; optimize it once. Fail loudly if a future
# wasm-bindgen makes them differ.
cmp "$pkg/node/crosscut_wasm_bg.wasm" "$pkg/web/crosscut_wasm_bg.wasm"
raw=$(wc -c < "$pkg/web/crosscut_wasm_bg.wasm")
# --converge repeats -Oz until the module stops shrinking: about 10 s more, 2 KB
# less gzipped.
"$wasm_opt" -Oz --converge "$pkg/web/crosscut_wasm_bg.wasm" -o "$pkg/web/crosscut_wasm_bg.opt.wasm"
mv "$pkg/web/crosscut_wasm_bg.opt.wasm" "$pkg/web/crosscut_wasm_bg.wasm"
cp "$pkg/web/crosscut_wasm_bg.wasm" "$pkg/node/crosscut_wasm_bg.wasm"

opt=$(wc -c < "$pkg/web/crosscut_wasm_bg.wasm")
gz=$(gzip -9 -c "$pkg/web/crosscut_wasm_bg.wasm" | wc -c)
br=$(node -e 'const z = require("zlib"); const b = require("fs").readFileSync(process.argv[1]);
  console.log(z.brotliCompressSync(b, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length)' "$pkg/web/crosscut_wasm_bg.wasm")
echo "crosscut_wasm_bg.wasm: $raw bytes after wasm-bindgen, $opt after wasm-opt -Oz --converge, $gz gzipped (-9), $br brotli (q11)"
