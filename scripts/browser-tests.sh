#!/usr/bin/env bash
# The browser tests of video-uploader-wasm (tests/browser_*.rs): `wasm-pack test` in headless
# Chromium and Firefox against a real upload-server started here on a free port, with a temp
# data directory and a random API key. The tests read the server's URL and key at compile time
# (UPLOAD_SERVER_URL, UPLOAD_SERVER_API_KEY).
#
#   bash scripts/browser-tests.sh            # Chrome, then Firefox (or: all)
#   bash scripts/browser-tests.sh chrome     # one browser only (or: firefox)
#   bash scripts/browser-tests.sh webkit     # WebKit (MiniBrowser through WebKitWebDriver): needs
#                                            # an X display; scripts/webkit-tests.sh gives it one
#
# Extra arguments after the browser pick test binaries by name (browser_upload) or filter
# tests by name within them (resume), e.g.
#   bash scripts/browser-tests.sh chrome browser_upload resume
#
# Nothing here downloads a browser or a driver: it uses /usr/bin/chromedriver, the
# installed geckodriver and Debian's /usr/bin/WebKitWebDriver.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

browsers=(chrome firefox)
if [ $# -gt 0 ]; then
  case "$1" in
    chrome | firefox | webkit) browsers=("$1") ;;
    all) ;;
    *)
      echo "usage: $0 [chrome|firefox|webkit|all] [browser_<binary> | test name filter]..." >&2
      exit 2
      ;;
  esac
  shift
fi
filters=("$@")

chromedriver=${CHROMEDRIVER:-/usr/bin/chromedriver}
geckodriver=${GECKODRIVER:-$(command -v geckodriver || true)}
webkitdriver=${WEBKITDRIVER:-/usr/bin/WebKitWebDriver}
for browser in "${browsers[@]}"; do
  case "$browser" in
    chrome) [ -x "$chromedriver" ] || { echo "chromedriver not found at $chromedriver" >&2; exit 1; } ;;
    firefox) [ -n "$geckodriver" ] && [ -x "$geckodriver" ] || { echo "geckodriver not found on PATH" >&2; exit 1; } ;;
    webkit)
      [ -x "$webkitdriver" ] || { echo "WebKitWebDriver not found at $webkitdriver" >&2; exit 1; }
      [ -n "${DISPLAY:-}" ] || { echo "WebKit needs an X display: run scripts/webkit-tests.sh" >&2; exit 1; }
      ;;
  esac
done

started=$(date +%s)

echo "== cargo build -p upload-server"
cargo build -q -p upload-server
server_bin="${CARGO_TARGET_DIR:-target}/debug/upload-server"

work_dir=$(mktemp -d "${TMPDIR:-/tmp}/browser-tests.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

api_key=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
# Created here: the server's redirections happen in the background, maybe after the first read.
: >"$work_dir/server.out"
: >"$work_dir/server.err"
"$server_bin" --listen 127.0.0.1:0 --data-dir "$work_dir/data" --api-key "$api_key" \
  >"$work_dir/server.out" 2>"$work_dir/server.err" &
server_pid=$!

server_url=""
for _ in $(seq 1 200); do
  server_url=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$work_dir/server.out" | head -n 1)
  [ -n "$server_url" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "upload-server exited before listening:" >&2
    cat "$work_dir/server.err" >&2
    exit 1
  fi
  sleep 0.05
done
if [ -z "$server_url" ]; then
  echo "upload-server did not print its address within 10 s" >&2
  cat "$work_dir/server.err" >&2
  exit 1
fi
echo "== upload-server at $server_url"

export UPLOAD_SERVER_URL="$server_url"
export UPLOAD_SERVER_API_KEY="$api_key"
# The runner's limit is for one test binary (all its tests, one after the other).
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"

# Only the browser test binaries (the crate's own unit tests are native: cargo test), one
# wasm-pack run each, so that a failing binary does not hide the results of the others.
all_tests=()
for file in tests/browser_*.rs; do
  all_tests+=("$(basename "$file" .rs)")
done
test_names=()
name_filters=()
for arg in "${filters[@]}"; do
  if [ -f "tests/$arg.rs" ]; then test_names+=("$arg"); else name_filters+=("$arg"); fi
done
[ ${#test_names[@]} -gt 0 ] || test_names=("${all_tests[@]}")
runner_args=()
if [ ${#name_filters[@]} -gt 0 ]; then
  runner_args=(-- "${name_filters[@]}")
fi

status=0
failed=()
for browser in "${browsers[@]}"; do
  browser_started=$(date +%s)
  for name in "${test_names[@]}"; do
    echo "== wasm-pack test --headless --$browser -- --test $name"
    case "$browser" in
      chrome)
        CHROMEDRIVER="$chromedriver" wasm-pack test --headless --chrome --chromedriver "$chromedriver" \
          -- --test "$name" "${runner_args[@]}" || { status=1; failed+=("$browser:$name"); }
        ;;
      firefox)
        GECKODRIVER="$geckodriver" wasm-pack test --headless --firefox --geckodriver "$geckodriver" \
          -- --test "$name" "${runner_args[@]}" || { status=1; failed+=("$browser:$name"); }
        ;;
      webkit)
        # wasm-bindgen-test-runner drives WebKitWebDriver as it would drive safaridriver (the
        # same W3C WebDriver), with empty capabilities: WebKitGTK's driver then starts the
        # MiniBrowser of its own package with --automation, on $DISPLAY.
        SAFARIDRIVER="$webkitdriver" wasm-pack test --headless --safari --safaridriver "$webkitdriver" \
          -- --test "$name" "${runner_args[@]}" || { status=1; failed+=("$browser:$name"); }
        ;;
    esac
  done
  echo "== $browser: $(($(date +%s) - browser_started)) s"
done

if [ "$status" -ne 0 ]; then
  echo "upload-server log (last 40 lines):" >&2
  tail -n 40 "$work_dir/server.err" >&2 || true
fi
if [ "$status" -eq 0 ]; then
  echo "== browser tests passed in $(($(date +%s) - started)) s"
else
  echo "== browser tests FAILED in $(($(date +%s) - started)) s: ${failed[*]}"
fi
exit "$status"
