#!/usr/bin/env bash
# Builds the npm package into pkg/: exactly the files its tarball holds (npm/package.json's
# `files`), so that pkg/ is also what the demo, the e2e tests and a static site serve.
#
#   1. three wasm modules, one per class, so that a page downloads only the one it uses: the
#      crate built with one cargo feature each, then `wasm-bindgen --target web`:
#        video_uploader_wasm*              VideoUploader (feature `uploaders`), the main entry's
#        video_uploader_wasm_progressive*  ProgressiveUploader (`progressive`), imported on first use
#        video_uploader_wasm_tokens*       UploadTokens (`tokens`), the entry video-uploader-wasm/tokens
#   2. wasm-opt on each wasm (Binaryen from the npm registry: Debian's is too old for the
#      externref table wasm-bindgen emits);
#   3. the package's own files: every entry of npm/package.json's `files` that exists in npm/
#      (a file, a folder or a glob), the others from step 1; plus npm/package.json, README.md
#      and LICENSE. A new file of the package is one line in `files`;
#   4. terser on every .js in pkg/ (scripts/minify-package.mjs);
#   5. a check that the package starts in Chromium (scripts/check-package-loads.mjs).
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

# The toolchain is rust-toolchain.toml's (stable); the release profile (Cargo.toml) optimises
# for size. A target folder of its own keeps these single-feature builds from invalidating the
# tests' builds in target/.
target_dir=target/package-wasm
wasm_out=$target_dir/bindgen
# Panic messages name their source files: give them paths that do not depend on the machine
# that built the package (no home folder in what is published; the same bytes from any clone).
export RUSTFLAGS="--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=cargo --remap-path-prefix=$PWD=video-uploader-wasm"
rm -rf "$wasm_out"
for module in video_uploader_wasm:uploaders video_uploader_wasm_progressive:progressive video_uploader_wasm_tokens:tokens; do
  name=${module%%:*} feature=${module#*:}
  echo "== $name (feature $feature)"
  cargo build --quiet --release --target wasm32-unknown-unknown --target-dir "$target_dir" \
    --no-default-features --features "$feature"
  wasm-bindgen --target web --out-dir "$wasm_out" --out-name "$name" \
    "$target_dir/wasm32-unknown-unknown/release/video_uploader_wasm.wasm"
  # -Oz, the same for the three: Binaryen's size optimisations; what a page downloads is this
  # wasm, so size matters more than the last percent of speed (the network sets upload speed).
  node_modules/.bin/wasm-opt -Oz "$wasm_out/${name}_bg.wasm" -o "$wasm_out/${name}_bg.wasm"
done

rm -rf pkg
mkdir pkg
mapfile -t package_files < <(node -p 'require("./npm/package.json").files.join("\n")')
shopt -s nullglob globstar
for entry in "${package_files[@]}"; do
  entry=${entry#./}
  entry=${entry%/}
  # An entry may be a glob, as npm allows (widget/*.js): each match keeps its place under npm/.
  matches=()
  for match in npm/$entry; do
    if [ -e "$match" ]; then matches+=("$match"); fi
  done
  if [ "${#matches[@]}" -gt 0 ]; then
    for match in "${matches[@]}"; do
      mkdir -p "pkg/$(dirname "${match#npm/}")"
      cp -R "$match" "pkg/${match#npm/}"
    done
  elif [ -e "$wasm_out/$entry" ]; then
    cp -R "$wasm_out/$entry" "pkg/$entry"
  else
    echo "npm/package.json lists \`$entry\` in files, but it is neither in npm/ nor made by wasm-bindgen ($wasm_out)" >&2
    exit 1
  fi
done
# What wasm-bindgen wrote must reach the package (a snippets/ folder, a new module…), except
# the declarations of the raw wasm exports, which only the glue uses.
for made in "$wasm_out"/*; do
  made=${made##*/}
  if [[ "$made" != *_bg.wasm.d.ts && ! -e "pkg/$made" ]]; then
    echo "wasm-bindgen made $made, which npm/package.json's files does not list: add it there" >&2
    exit 1
  fi
done
cp npm/package.json README.md LICENSE pkg/
node scripts/minify-package.mjs pkg

node scripts/check-package-loads.mjs pkg
echo "package: $(du -sb pkg | cut -f1) bytes in pkg/ (what pages download, gzipped: node scripts/check-size-budget.mjs)"
