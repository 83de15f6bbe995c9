#!/usr/bin/env bash
# The one test command: installs what is missing (scripts/setup.sh), then runs
# the Rust tests and lints, the npm package (Node and headless Chromium), and the
# Python wheel, then runs each fuzz target briefly. Every stage fails the run.
# SKIP_BROWSER=1 skips Chromium; FUZZ_SECONDS=N fuzzes each target N seconds
# (default 20; 0 skips the stage).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh

VENV=${VENV:-.venv}
timings=()
stage() {
  local name=$1
  shift
  echo
  echo "==> $name"
  local start=$SECONDS
  "$@"
  timings+=("$(printf '%-28s %4ds' "$name" $((SECONDS - start)))")
}

fixture() {
  cargo run -q --locked -p crosscut --example make_fixture -- tests/fixtures/mini.xcut
  # The glossaries of the cross-surface vectors, for the Node and Python runners.
  for src in tests/vectors/glossaries/*.toml; do
    cargo run -q --locked -p crosscut-cli -- compile "$src" -o "tests/fixtures/vectors-$(basename "$src" .toml).xcut" --quiet
  done
}

rust_tests() {
  # The native code paths (std sorts, crc32fast) ...
  cargo test --workspace --exclude crosscut-wasm --locked
  # ... and the core as the wasm build compiles it (`small-code`, which the
  # wasm crate turns on and which would otherwise unify into the run above).
  cargo test -p crosscut -p crosscut-wasm --locked
}

glossaries() {
  bash scripts/glossaries.sh --check
}

rust_lints() {
  cargo clippy --locked -p crosscut -p crosscut-cli --all-targets -- -D warnings
  cargo clippy --locked -p crosscut --features small-code --lib -- -D warnings
  RUSTDOCFLAGS="-D warnings" cargo doc --locked -p crosscut --no-deps --quiet
}

npm_package() {
  bash bindings-wasm/scripts/build.sh
  # The artifacts the demo page and the JS tests load.
  bash bindings-wasm/scripts/demo-data.sh
}

js_tests() {
  # Node (vectors, API, errors), the packed tarball in a clean project, and the
  # demo page in headless Chromium, which saves a screenshot for CI to keep.
  node --test bindings-wasm/js-tests/
  if [ -f bindings-wasm/demo/screenshots/demo.png ]; then
    echo "demo screenshot: bindings-wasm/demo/screenshots/demo.png"
  fi
}

ts_types() {
  # The hand-written .d.ts against an example using every result type.
  bindings-wasm/tools/node_modules/.bin/tsc -p bindings-wasm/types-check
}

python_wheel() {
  rm -rf dist/wheels
  (cd bindings-python && "../$VENV/bin/maturin" build --release --locked --out ../dist/wheels)
  "$VENV/bin/pip" install --quiet --force-reinstall --no-deps dist/wheels/crosscut-*.whl
}

# The tests include the README's Python example and examples/notebook.ipynb,
# executed top to bottom by nbclient, so neither can rot.
python_tests() {
  "$VENV/bin/python" -m pytest bindings-python/tests
}

# The hand-written stubs must match the installed module (run outside the
# source tree, so the installed wheel is what gets imported).
python_stubs() {
  local python
  python="$(cd "$VENV" && pwd)/bin/python"
  (cd "${TMPDIR:-/tmp}" && "$python" -m mypy.stubtest crosscut)
}

fuzz_short() {
  bash fuzz/run.sh "${FUZZ_SECONDS:-20}"
}

stage "fixture" fixture
stage "rust tests" rust_tests
stage "rust lints and docs" rust_lints
stage "shipped glossaries" glossaries
stage "npm package (wasm)" npm_package
stage "node + browser tests" js_tests
stage "typescript types" ts_types
stage "python wheel" python_wheel
stage "python tests" python_tests
stage "python stubs (stubtest)" python_stubs
if [ "${FUZZ_SECONDS:-20}" != 0 ]; then
  stage "fuzz (${FUZZ_SECONDS:-20}s per target)" fuzz_short
fi

echo
echo "==> stage timings"
printf '%s\n' "${timings[@]}"
