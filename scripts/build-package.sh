#!/usr/bin/env bash
# Builds the npm package into pkg/: exactly the files its tarball holds (see npm/package.json),
# so that pkg/ is also what the demo, the e2e tests and a static site serve.
#
#   the wasm-bindgen module (--target web: video_uploader_wasm.js, its .d.ts and the wasm,
#   optimised for size with Binaryen from the npm registry: Debian's is too old for
#   wasm-bindgen's externref output), the package's own files from npm/ (index.js, widget.js,
#   their declarations, package.json), README.md and LICENSE. The JavaScript a page loads is
#   minified (scripts/minify-package.mjs, with the pinned terser).
#
# Then checks that it starts in a real browser.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# One version for the crate and the package.
crate_version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
package_version=$(node -p 'require("./npm/package.json").version')
if [ "$crate_version" != "$package_version" ]; then
  echo "version mismatch: Cargo.toml says $crate_version, npm/package.json says $package_version; make them equal" >&2
  exit 1
fi

build=target/wasm-pack
wasm-pack build --quiet --no-pack --target web --release --out-dir "$build" -- --no-default-features
node_modules/.bin/wasm-opt -Oz "$build/video_uploader_wasm_bg.wasm" -o "$build/video_uploader_wasm_bg.wasm.opt"
mv "$build/video_uploader_wasm_bg.wasm.opt" "$build/video_uploader_wasm_bg.wasm"

rm -rf pkg
mkdir pkg
cp "$build"/video_uploader_wasm.js "$build"/video_uploader_wasm.d.ts "$build"/video_uploader_wasm_bg.wasm pkg/
cp npm/index.js npm/index.d.ts npm/widget.js npm/widget.d.ts npm/package.json README.md LICENSE pkg/
node scripts/minify-package.mjs pkg index.js widget.js video_uploader_wasm.js

node scripts/check-package-loads.mjs pkg
echo "package: $(du -b pkg | cut -f1) bytes in pkg/ (what a page downloads, gzipped: node scripts/check-size-budget.mjs)"
