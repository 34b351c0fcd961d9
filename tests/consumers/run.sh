#!/usr/bin/env bash
# The consumer apps (tests/consumers/): installs the package's tarball into a Vite app, a
# webpack app, a static site (consumers.test.mjs), a Node.js backend, a Next.js app, a Vue app
# and a SvelteKit app (frameworks.test.mjs), builds each, serves it as built and uploads
# through it in headless Chromium. Packs the package first (npm run package) unless
# CONSUMER_TARBALL names a tarball; builds the debug upload-server unless UPLOAD_SERVER_BIN
# names one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export PATH="$HOME/.cargo/bin:$PATH"

if [[ -z "${CONSUMER_TARBALL:-}" ]]; then
  CONSUMER_TARBALL=$(bash scripts/package.sh | tail -n 1)
fi
export CONSUMER_TARBALL
if [[ -z "${UPLOAD_SERVER_BIN:-}" ]]; then
  cargo build -q -p upload-server
  export UPLOAD_SERVER_BIN="$PWD/target/debug/upload-server"
fi
echo "== consumers of $CONSUMER_TARBALL"
exec node --test --test-concurrency=1 tests/consumers/consumers.test.mjs tests/consumers/frameworks.test.mjs
