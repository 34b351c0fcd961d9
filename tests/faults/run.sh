#!/usr/bin/env bash
# The fault suite: uploads in headless Chromium through a proxy that fails 20 % of the upload
# requests in six ways (tests/faults/fault-proxy.mjs), and an upload that survives upload-server
# being killed and restarted. Needs pkg/ (bash scripts/build-package.sh) and the debug server
# (cargo build -p upload-server); runs node --test tests/faults/*.test.mjs, one file at a time
# (about half a minute).
#
#   bash tests/faults/run.sh                                  # every fault test
#   bash tests/faults/run.sh tests/faults/crash.test.mjs      # some of them
#
# Environment:
#   FAULT_SEED=N            replay the fault sequence of a run (each run prints its seed)
#   FAULT_LOG=1             print each fault as the proxy injects it
#   UPLOAD_SERVER_BIN=PATH  another server binary (default: target/debug/upload-server)
#   UPLOAD_SERVER_LOG=1     the server's request log on stderr; E2E_CONSOLE=1 the page's console
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export PATH="$HOME/.cargo/bin:$PATH"

if [[ ! -f pkg/index.js ]]; then
  echo "no package in pkg/: run bash scripts/build-package.sh first" >&2
  exit 1
fi
export UPLOAD_SERVER_BIN="${UPLOAD_SERVER_BIN:-$PWD/target/debug/upload-server}"
if [[ ! -x "$UPLOAD_SERVER_BIN" ]]; then
  echo "no $UPLOAD_SERVER_BIN: run cargo build -p upload-server first" >&2
  exit 1
fi

if [[ $# -eq 0 ]]; then
  set -- tests/faults/*.test.mjs
fi
echo "== node --test ${*}"
exec node --test --test-concurrency=1 "$@"
