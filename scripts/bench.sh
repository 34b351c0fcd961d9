#!/usr/bin/env bash
# npm run bench: builds the release server and the package, then compares uploaders (bench/run.mjs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/ensure-tools.sh >/dev/null
cargo build --quiet --release -p upload-server
bash scripts/build-package.sh
UPLOAD_SERVER_BIN=target/release/upload-server node bench/run.mjs
