#!/usr/bin/env bash
# npm test: installs what is missing, then runs the lints (rustfmt, clippy) and every test suite;
# fails on the first failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

bash scripts/ensure-tools.sh

echo "== cargo fmt --all --check"
cargo fmt --all --check
echo "== cargo clippy --workspace --all-targets (native: the server, and the crate's pure core)"
cargo clippy --workspace --all-targets -- -D warnings
echo "== cargo clippy -p video-uploader-wasm --target wasm32-unknown-unknown --all-targets (the browser glue compiles only there)"
cargo clippy -p video-uploader-wasm --target wasm32-unknown-unknown --all-targets -- -D warnings

echo "== cargo test --workspace"
cargo test --workspace

echo "== cargo build -p upload-server"
cargo build -p upload-server

echo "== the npm package (npm run package): pkg/ and its tarball, its TypeScript declarations, its size budget (measured in Chromium)"
tarball=$(bash scripts/package.sh | tail -n 1)
npx tsc -p tests/types
node scripts/check-size-budget.mjs pkg

echo "== the library in headless Chromium and Firefox (wasm-bindgen-test) against a live upload-server"
bash scripts/browser-tests.sh
echo "== the library, the package and the widget in WebKit (WebKitGTK's MiniBrowser on Xvfb, scripts/webkit-tests.sh)"
UPLOAD_SERVER_BIN="$PWD/target/debug/upload-server" bash scripts/webkit-tests.sh
echo "== end-to-end tests of the widget and demo pages (headless Chromium, tests/e2e)"
E2E_SKIP_BUILD=1 UPLOAD_SERVER_BIN="$PWD/target/debug/upload-server" bash tests/e2e/run.sh
echo "== fault injection: uploads through a proxy failing 20 % of the upload requests, upload-server killed mid-upload (tests/faults)"
UPLOAD_SERVER_BIN="$PWD/target/debug/upload-server" bash tests/faults/run.sh

echo "== compatibility tests with the official api.video clients"
node --test tests/compat/*.test.mjs

echo "== the package's tarball installed in apps: Vite + TypeScript, webpack 5, a static site, a Node.js backend, Next.js, Vue 3, SvelteKit (tests/consumers)"
CONSUMER_TARBALL="$tarball" UPLOAD_SERVER_BIN="$PWD/target/debug/upload-server" bash tests/consumers/run.sh
