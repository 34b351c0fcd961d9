#!/usr/bin/env bash
# Builds the npm package into pkg/: exactly the files its tarball holds (see npm/package.json),
# so that pkg/ is also what the demo, the e2e tests and a static site serve.
#
#   three wasm-bindgen modules (--target web: a .js, its .d.ts and the wasm, optimised for size
#   with Binaryen from the npm registry: Debian's is too old for wasm-bindgen's externref
#   output; their imports and exports get short names, scripts/minify-wasm-names.mjs), each
#   built from the crate without std and with one feature (see Cargo.toml's features), so that
#   a page downloads only the module it uses:
#     video_uploader_wasm*              VideoUploader (feature `uploaders`), the main entry's;
#     video_uploader_wasm_progressive*  ProgressiveUploader (feature `progressive`), whose glue
#                                       index.js imports on first use;
#     video_uploader_wasm_tokens*       UploadTokens (feature `tokens`), the entry
#                                       video-uploader-wasm/tokens;
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

# The package's wasm is compiled by the nightly toolchain when the machine has it with rust-src
# (scripts/ensure-tools.sh adds rust-src): -Zbuild-std rebuilds core and alloc for the package
# alone, with panics that abort at once (no panic message, no file and line), `optimize_for_size`
# and no Debug formatting. Measured on the main module: 3.2 KB less gzipped than stable's build of
# the same code (43.2 -> 39.9 KB). Nothing else changes: the code is the same crate, which stable
# builds and tests. Without that nightly, stable builds the package, larger, and says so (the
# size budget in npm test then fails).
export RUSTUP_TOOLCHAIN=stable
cargo_args=(--target wasm32-unknown-unknown --release --no-default-features --target-dir target/package-wasm)
rustflags=""
if nightly_sysroot=$(rustc +nightly --print sysroot 2>/dev/null) && [ -d "$nightly_sysroot/lib/rustlib/src/rust/library/core" ]; then
  export RUSTUP_TOOLCHAIN=nightly
  cargo_args+=(-Zbuild-std=core,alloc -Zbuild-std-features=optimize_for_size)
  rustflags="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
else
  echo "warning: no nightly toolchain with rust-src: building the package with stable, about 3 KB larger gzipped" >&2
  echo "         (rustup component add rust-src --toolchain nightly, or bash scripts/ensure-tools.sh)" >&2
fi
echo "package wasm: $(rustc --version)"

# wasm_module <out name> <cargo feature> <wasm-opt flags…>: builds and optimises one module into
# target/package-wasm/<out name>/ (what wasm-pack build --target web --no-pack would do).
wasm_module() {
  local name=$1 feature=$2 out="target/package-wasm/$1"
  shift 2
  RUSTFLAGS="$rustflags" cargo build --quiet "${cargo_args[@]}" --features "$feature"
  rm -rf "$out"
  wasm-bindgen --target web --out-dir "$out" --out-name "$name" target/package-wasm/wasm32-unknown-unknown/release/video_uploader_wasm.wasm
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
wasm_module video_uploader_wasm_progressive progressive -Os "$no_inlining" -Os "$no_inlining"
wasm_module video_uploader_wasm_tokens tokens -Oz

rm -rf pkg
mkdir pkg
for module in video_uploader_wasm video_uploader_wasm_progressive video_uploader_wasm_tokens; do
  cp "target/package-wasm/$module/$module.js" "target/package-wasm/$module/$module.d.ts" "target/package-wasm/$module/${module}_bg.wasm" pkg/
done
cp npm/index.js npm/index.d.ts npm/loader.js npm/tokens.js npm/tokens.d.ts npm/widget.js npm/widget.d.ts npm/package.json README.md LICENSE pkg/
node scripts/minify-package.mjs pkg index.js loader.js tokens.js widget.js video_uploader_wasm.js video_uploader_wasm_progressive.js video_uploader_wasm_tokens.js
# The widget's modules (npm/widget/, which widget.js imports), minified too.
cp -r npm/widget pkg/
node scripts/minify-package.mjs pkg $(cd pkg && find widget -name '*.js' | sort)

node scripts/check-package-loads.mjs pkg
echo "package: $(du -sb pkg | cut -f1) bytes in pkg/ (what a page downloads, gzipped: node scripts/check-size-budget.mjs)"
