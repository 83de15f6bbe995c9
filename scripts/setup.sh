#!/usr/bin/env bash
# Installs what the tests need, idempotently: the wasm32 target, the
# wasm-bindgen CLI matching Cargo.lock, Chromium (unless SKIP_BROWSER=1), a
# nightly toolchain and cargo-fuzz (unless FUZZ_SECONDS=0), a Java runtime for
# Spark, and a .venv with maturin, pytest, mypy, nbclient/ipykernel, pandas and
# the dask and spark extras. Sourced by scripts/test-all.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
section() { echo; echo "==> $*"; }

# npm and pip behind a TLS-inspecting proxy need the system CA bundle.
ca=/etc/ssl/certs/ca-certificates.crt
if [ -f "$ca" ]; then
  export NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS:-$ca}
  export PIP_CERT=${PIP_CERT:-$ca}
fi

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

section "toolchain"
start=$SECONDS
for tool in cargo rustup node npm python3; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# The wasm-bindgen CLI must match the crate version locked in Cargo.lock.
wb=$(awk '$0=="name = \"wasm-bindgen\""{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb" ]; then
  # Not --locked: its lockfile pins a webpki-roots the registry may lack.
  cargo install wasm-bindgen-cli --version "$wb"
fi

if [ "${SKIP_BROWSER:-}" != 1 ] && ! command -v chromium >/dev/null; then
  sudo_ apt-get update
  sudo_ apt-get install -y --no-install-recommends chromium
fi
if [ "${SKIP_BROWSER:-}" != 1 ]; then
  export CHROMIUM=${CHROMIUM:-$(command -v chromium)}
fi

# Fuzzing (the short CI stage; FUZZ_SECONDS=0 skips it): a nightly toolchain and
# the cargo-fuzz version of docs/toolchain, both only if missing.
if [ "${FUZZ_SECONDS:-20}" != 0 ]; then
  rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
  if [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != 0.13.2 ]; then
    cargo install cargo-fuzz --version 0.13.2 --locked || cargo install cargo-fuzz --version 0.13.2
  fi
fi

python3 -c 'import venv, ensurepip' 2>/dev/null || { sudo_ apt-get update && sudo_ apt-get install -y python3-venv; }
[ -x .venv/bin/python ] || python3 -m venv .venv
# mypy: stubtest checks the .pyi against the module; nbclient + ipykernel run
# the example notebook; pandas is what the notebook and to_pandas() tests use.
want_py="maturin==1.16.0 pytest==9.2.0 mypy==2.4.1 nbclient==0.11.0 nbformat==5.11.1 ipykernel==7.4.0 pandas==3.1.1"
# The scale-out extras (crosscut.dask, crosscut.spark), tested on a local
# 2-worker cluster and Spark local[2]; Spark needs a Java runtime.
want_py="$want_py dask[dataframe]==2026.8.0 distributed==2026.8.0 pyspark==4.1.1 pyarrow==26.0.1"
if ! command -v java >/dev/null 2>&1; then
  section "Java runtime for Spark"
  sudo_ apt-get update && sudo_ apt-get install -y --no-install-recommends openjdk-17-jre-headless
fi
# shellcheck disable=SC2086
.venv/bin/pip install --quiet --disable-pip-version-check $want_py
echo "toolchain ready in $((SECONDS - start))s: $(rustc --version), wasm-bindgen $wb, node $(node --version), $(.venv/bin/python --version), ${CHROMIUM:-no browser}"

