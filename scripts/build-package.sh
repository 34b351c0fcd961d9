#!/usr/bin/env bash
# Builds the npm package into pkg/: exactly the files its tarball holds (see npm/package.json),
# so that pkg/ is also what the demo, the e2e tests and a static site serve.
#
#   two wasm-bindgen modules (--target web: a .js, its .d.ts and the wasm, optimised for size
#   with Binaryen from the npm registry: Debian's is too old for wasm-bindgen's externref
#   output; their imports and exports get short names, scripts/minify-wasm-names.mjs), both
#   built from the crate without std (see Cargo.toml's features):
#     video_uploader_wasm*         VideoUploader, ProgressiveUploader (feature `uploaders`)
#     video_uploader_wasm_tokens*  UploadTokens (feature `tokens`), for video-uploader-wasm/tokens,
#                                  so that pages that upload never download the token client;
#   the package's own files from npm/ (index.js, tokens.js, widget.js, loader.js, their
#   declarations, package.json), README.md and LICENSE. The JavaScript a page loads is minified
#   (scripts/minify-package.mjs, with the pinned terser).
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

# wasm_module <out name> <cargo feature> <wasm-opt flags…>: builds and optimises one module into
# target/wasm-pack/<out name>/.
wasm_module() {
  local name=$1 feature=$2 out="target/wasm-pack/$1"
  shift 2
  wasm-pack build --quiet --no-pack --target web --release --out-dir "$out" --out-name "$name" -- --no-default-features --features "$feature"
  node_modules/.bin/wasm-opt "$@" "$out/${name}_bg.wasm" -o "$out/${name}_bg.wasm.opt"
  mv "$out/${name}_bg.wasm.opt" "$out/${name}_bg.wasm"
  # Short names for the imports and exports, in the wasm and its glue (see the script).
  node scripts/minify-wasm-names.mjs "$out/${name}_bg.wasm" "$out/$name.js"
}
# The flags that give each module its smallest gzip (measured): for the uploaders, two rounds
# of -Os without Binaryen's inlining (LLVM has inlined already; Binaryen's inlining makes
# fewer bytes that compress worse: about 780 B more gzipped); for the token client, -Oz.
no_inlining=--skip-pass=inlining-optimizing
wasm_module video_uploader_wasm uploaders -Os "$no_inlining" -Os "$no_inlining"
wasm_module video_uploader_wasm_tokens tokens -Oz

rm -rf pkg
mkdir pkg
for module in video_uploader_wasm video_uploader_wasm_tokens; do
  cp "target/wasm-pack/$module/$module.js" "target/wasm-pack/$module/$module.d.ts" "target/wasm-pack/$module/${module}_bg.wasm" pkg/
done
cp npm/index.js npm/index.d.ts npm/loader.js npm/tokens.js npm/tokens.d.ts npm/widget.js npm/widget.d.ts npm/package.json README.md LICENSE pkg/
node scripts/minify-package.mjs pkg index.js loader.js tokens.js widget.js video_uploader_wasm.js video_uploader_wasm_tokens.js

node scripts/check-package-loads.mjs pkg
echo "package: $(du -b pkg | cut -f1) bytes in pkg/ (what a page downloads, gzipped: node scripts/check-size-budget.mjs)"
