#!/usr/bin/env bash
# Installs what the build, the demo and the tests need, from the package registries only
# (npm, crates.io, Debian, rustup), and nothing that is already there: quick when all is present.
# Nothing here downloads a browser or a prebuilt binary.
#
#   bash scripts/ensure-tools.sh          everything: npm start, npm test, npm run bench
#   bash scripts/ensure-tools.sh --build  what building the package needs (npm run package):
#                                         node_modules (Binaryen's wasm-opt, terser, playwright-core),
#                                         the pinned toolchain with its wasm target, wasm-bindgen-cli,
#                                         and Chromium, in which the build checks that the package loads
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case "${1:-}" in
  "") build_only=false ;;
  --build) build_only=true ;;
  *)
    echo "usage: bash scripts/ensure-tools.sh [--build]" >&2
    exit 2
    ;;
esac

export PATH="$HOME/.cargo/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# cargo install --locked, falling back to the newest compatible dependencies when a
# version pinned in the crate's own lock file is no longer served by the registry.
cargo_install() {
  cargo install --locked "$@" || {
    echo "cargo install --locked $* failed; retrying without --locked"
    cargo install "$@"
  }
}

# --- Debian packages: the browsers and their drivers ---------------------------------------
# (wasm-opt comes from the npm package `binaryen`: Debian's Binaryen is too old for the
# externref table wasm-bindgen emits; see scripts/build-package.sh.)
# WebKit: webkit2gtk-driver is WebKitWebDriver, and brings libwebkit2gtk with its MiniBrowser;
# xvfb is the X display it needs (scripts/webkit-tests.sh).
debian_packages=(chromium chromium-driver firefox-esr webkit2gtk-driver xvfb)
if $build_only; then debian_packages=(chromium); fi
apt_missing=()
for pkg in "${debian_packages[@]}"; do
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    echo "ok $pkg"
  else
    apt_missing+=("$pkg")
  fi
done
if [ "${#apt_missing[@]}" -gt 0 ]; then
  echo "installing ${apt_missing[*]}…"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_missing[@]}"
fi

# --- npm dev dependencies ---------------------------------------------------------------
# npm writes node_modules/.package-lock.json on every install: when it is older than the
# lock file or package.json, node_modules is stale.
if [ ! -d node_modules ]; then
  echo "installing node_modules (npm ci)…"
  npm ci --no-audit --no-fund
elif [ ! -f node_modules/.package-lock.json ] ||
  [ package-lock.json -nt node_modules/.package-lock.json ] ||
  [ package.json -nt node_modules/.package-lock.json ]; then
  echo "updating node_modules (npm install)…"
  npm install --no-audit --no-fund
else
  echo "ok node_modules"
fi

# --- Rust: the pinned toolchain, its wasm target and the wasm tools -------------------------
# rust-toolchain.toml names the toolchain (a stable release) with its target and components;
# rustup installs them on the first call of rustc in this folder.
if ! command -v rustup >/dev/null 2>&1; then
  echo "rustup is missing: install it from https://rustup.rs, then run this again" >&2
  exit 1
fi
echo "ok $(rustc --version)"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "ok wasm32-unknown-unknown"
else
  echo "installing wasm32-unknown-unknown…"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must be the exact version of the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_version=$(awk '
  $0 == "name = \"wasm-bindgen\"" { found = 1; next }
  found && /^version = / { gsub(/version = |"/, ""); print; exit }
' Cargo.lock)
if [ -z "$wasm_bindgen_version" ]; then
  echo "no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
installed_wasm_bindgen=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$installed_wasm_bindgen" = "$wasm_bindgen_version" ]; then
  echo "ok wasm-bindgen-cli $wasm_bindgen_version"
else
  echo "installing wasm-bindgen-cli $wasm_bindgen_version (found: ${installed_wasm_bindgen:-none})…"
  cargo_install --force wasm-bindgen-cli --version "$wasm_bindgen_version"
fi

# wasm-pack runs the browser tests (scripts/browser-tests.sh); geckodriver drives Firefox.
if $build_only; then exit 0; fi
for crate in wasm-pack geckodriver; do
  if command -v "$crate" >/dev/null 2>&1; then
    echo "ok $crate"
  else
    echo "installing $crate…"
    cargo_install "$crate"
  fi
done
