#!/usr/bin/env bash
# Builds the npm package: pkg/ (--target web, what pages and the demo import) and
# target/pkg-bundler/ (--target bundler, for webpack/Vite apps), then prints their sizes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

wasm-pack build --quiet --target web --release --out-dir pkg
wasm-pack build --quiet --target bundler --release --out-dir target/pkg-bundler
wasm=$(wc -c < pkg/video_uploader_wasm_bg.wasm)
wasm_gz=$(gzip -9c pkg/video_uploader_wasm_bg.wasm | wc -c)
js_gz=$(gzip -9c pkg/video_uploader_wasm.js | wc -c)
echo "package: wasm ${wasm} bytes (${wasm_gz} gzipped), JS glue ${js_gz} bytes gzipped"
