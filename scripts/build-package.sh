#!/usr/bin/env bash
# Builds the npm package: pkg/ (--target web, what pages and the demo import) and
# target/pkg-bundler/ (--target bundler, for webpack/Vite apps), optimises the wasm for size
# with Binaryen from the npm registry (Debian's is too old for wasm-bindgen's externref
# output), checks that the result initialises in a real browser, and prints its size.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

for target in web bundler; do
  out=$([ "$target" = web ] && echo pkg || echo target/pkg-bundler)
  wasm-pack build --quiet --target "$target" --release --out-dir "$out"
  wasm="$out/video_uploader_wasm_bg.wasm"
  node_modules/.bin/wasm-opt -Oz "$wasm" -o "$wasm.opt" && mv "$wasm.opt" "$wasm"
done
node scripts/check-package-loads.mjs pkg
wasm=$(wc -c < pkg/video_uploader_wasm_bg.wasm)
wasm_gz=$(gzip -9c pkg/video_uploader_wasm_bg.wasm | wc -c)
js_gz=$(gzip -9c pkg/video_uploader_wasm.js | wc -c)
echo "package: wasm ${wasm} bytes (${wasm_gz} gzipped), JS glue ${js_gz} bytes gzipped"
