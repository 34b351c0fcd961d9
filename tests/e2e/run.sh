#!/usr/bin/env bash
# End-to-end tests of www/ (widget, demo pages) in headless Chromium against the real
# upload-server. Builds what they need first when it is missing or stale (pkg/ with
# scripts/build-package.sh, the debug server with cargo), then runs
# node --test tests/e2e/*.test.mjs, one file at a time (about a minute).
#
#   bash tests/e2e/run.sh                 # build, then every e2e test
#   bash tests/e2e/run.sh tests/e2e/widget-upload.test.mjs   # some of them
#
# Environment:
#   E2E_SKIP_BUILD=1        use pkg/ and the server binary as they are
#   E2E_PKG_DIR=DIR         serve another build of the package at /pkg instead of pkg/
#   UPLOAD_SERVER_BIN=PATH  another server binary (default: the debug build made here)
#   UPLOAD_SERVER_LOG=1     the server's request log on stderr; E2E_CONSOLE=1 the pages' console
#   UPDATE_DOCS_SCREENSHOT=1  also rewrite docs/screenshot-widget.png and docs/screenshot-widget-interrupted.png
# Screenshots land in tests/e2e/screenshots/ (git-ignored).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export PATH="$HOME/.cargo/bin:$PATH"

if [[ -z "${E2E_SKIP_BUILD:-}" ]]; then
  # The package: built (and checked) by scripts/build-package.sh when pkg/ is missing or older
  # than the crate's sources.
  wasm=pkg/video_uploader_wasm_bg.wasm
  if [[ -z "${E2E_PKG_DIR:-}" ]] && { [[ ! -f "$wasm" ]] || [[ -n "$(find src npm Cargo.toml Cargo.lock -newer "$wasm" -print -quit)" ]]; }; then
    echo "== pkg/ is missing or stale: scripts/build-package.sh"
    bash scripts/build-package.sh
  fi
  if [[ -z "${UPLOAD_SERVER_BIN:-}" ]]; then
    echo "== cargo build -p upload-server"
    cargo build -q -p upload-server
  fi
fi
export UPLOAD_SERVER_BIN="${UPLOAD_SERVER_BIN:-$PWD/target/debug/upload-server}"

if [[ $# -eq 0 ]]; then
  set -- tests/e2e/*.test.mjs
fi
echo "== node --test ${*}"
exec node --test --test-concurrency=1 "$@"
