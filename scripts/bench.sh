#!/usr/bin/env bash
# npm run bench: builds the release server and the package, checks the shaping proxy, then
# compares uploaders under each network profile (bench/run.mjs; its settings are at its top,
# e.g. BENCH_FILE_MIB=40 BENCH_ROUNDS=2 BENCH_MEMORY=0 for a quick look).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/ensure-tools.sh >/dev/null
cargo build --quiet --release -p upload-server
bash scripts/build-package.sh
node --test --test-reporter=dot bench/shaping-proxy.test.mjs
UPLOAD_SERVER_BIN=target/release/upload-server node bench/run.mjs
