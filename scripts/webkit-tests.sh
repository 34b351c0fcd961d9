#!/usr/bin/env bash
# The library and the widget in WebKit, Safari's engine: Debian's WebKitGTK MiniBrowser driven
# through its WebKitWebDriver, on a private Xvfb display (WebKitGTK has no headless mode).
#
#   1. the wasm-bindgen-test suites tests/browser_*.rs, as in Chromium and Firefox
#      (scripts/browser-tests.sh webkit: uploads checked byte for byte, pause/resume, cancel,
#      retries, resume after a reload, ProgressiveUploader, the errors, tokens, a Web Worker);
#   2. tests/webkit/*.test.mjs (node --test, WebDriver from Node): the package starting in WebKit
#      and naming its start failures from WebKit's messages, and the demo page's widget uploading
#      a picked file byte for byte, with Pause/Resume, Cancel/Retry and an error.
#
#   bash scripts/webkit-tests.sh                   # both
#   bash scripts/webkit-tests.sh library [ARGS]    # 1 only; ARGS as for browser-tests.sh
#                                                  # (browser_upload, a test name filter…)
#   bash scripts/webkit-tests.sh widget            # 2 only
#
# Builds pkg/ first when it is missing or stale (as tests/e2e/run.sh does). Xvfb, and every
# process this run started (MiniBrowser, WebKitWebDriver, the upload-server…), are ended on exit,
# failure, Ctrl-C or SIGTERM included. About a minute on 2 cores when everything is built.
# scripts/ensure-tools.sh installs webkit2gtk-driver (WebKitWebDriver, and MiniBrowser with
# libwebkit2gtk) and xvfb from Debian.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

part=all
case "${1:-}" in
  library | widget) part=$1; shift ;;
  all) shift ;;
  "") ;;
  *)
    echo "usage: $0 [all | library [browser-tests.sh filters…] | widget]" >&2
    exit 2
    ;;
esac
[ "$part" = library ] || [ $# -eq 0 ] || { echo "filters are for: $0 library …" >&2; exit 2; }

export WEBKITDRIVER=${WEBKITDRIVER:-/usr/bin/WebKitWebDriver}
minibrowser=${MINIBROWSER:-$(ls /usr/lib/*/webkit2gtk-4.*/MiniBrowser /usr/lib/webkit2gtk-4.*/MiniBrowser 2>/dev/null | sort -r | head -n 1 || true)}
for tool in "$WEBKITDRIVER" "$minibrowser" "$(command -v Xvfb || true)"; do
  if [ -z "$tool" ] || [ ! -x "$tool" ]; then
    echo "WebKitWebDriver, MiniBrowser or Xvfb is missing: run scripts/ensure-tools.sh" >&2
    exit 1
  fi
done
export MINIBROWSER="$minibrowser"

started=$(date +%s)

if [ "$part" != library ]; then
  wasm=pkg/video_uploader_wasm_bg.wasm
  if [ ! -f "$wasm" ] || [ -n "$(find src npm Cargo.toml Cargo.lock -newer "$wasm" -print -quit)" ]; then
    echo "== pkg/ is missing or stale: scripts/build-package.sh"
    bash scripts/build-package.sh
  fi
fi

# --- the display: Xvfb picks a free number itself (-displayfd) and writes it once it is ready.
work_dir=$(mktemp -d "${TMPDIR:-/tmp}/webkit-tests.XXXXXX")
xvfb_pid=""
display=""
# Every process started from here on carries this mark in its environment, also once orphaned
# (MiniBrowser outlives a WebKitWebDriver that was killed): the cleanup ends those, by id.
export WEBKIT_TESTS_RUN="$$-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
cleanup() {
  local pids=() pid environ
  for environ in /proc/[0-9]*/environ; do
    pid=${environ#/proc/}
    pid=${pid%/environ}
    [ "$pid" != "$$" ] && [ "$pid" != "$BASHPID" ] && [ "$pid" != "$xvfb_pid" ] || continue
    if { tr '\0' '\n' <"$environ"; } 2>/dev/null | grep -qxF "WEBKIT_TESTS_RUN=$WEBKIT_TESTS_RUN"; then pids+=("$pid"); fi
  done
  if [ ${#pids[@]} -gt 0 ]; then
    kill "${pids[@]}" 2>/dev/null || true
    # browser-tests.sh stops its upload-server on SIGTERM: a moment for that, then SIGKILL.
    for _ in $(seq 1 30); do
      kill -0 "${pids[@]}" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
  fi
  # Xvfb last. An idle X server can miss a SIGTERM (it only looks at its exit flag when it
  # wakes up): give it 2 s, then SIGKILL (it then leaves its lock file: removed below).
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    for _ in $(seq 1 20); do
      kill -0 "$xvfb_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$xvfb_pid" 2>/dev/null; then
      kill -KILL "$xvfb_pid" 2>/dev/null || true
      if [ -n "$display" ]; then rm -f "/tmp/.X$display-lock" "/tmp/.X11-unix/X$display"; fi
    fi
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$work_dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

: >"$work_dir/display" # before Xvfb, which opens it in the background
Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp 3>"$work_dir/display" \
  >"$work_dir/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 100); do
  display=$(tr -dc '0-9' <"$work_dir/display")
  [ -n "$display" ] && break
  if ! kill -0 "$xvfb_pid" 2>/dev/null; then
    echo "Xvfb exited:" >&2
    cat "$work_dir/xvfb.log" >&2
    exit 1
  fi
  sleep 0.1
done
[ -n "$display" ] || { echo "Xvfb did not start within 10 s" >&2; cat "$work_dir/xvfb.log" >&2; exit 1; }
export DISPLAY=":$display"
# No accessibility bus or session D-Bus here: keep GTK from looking for them.
export NO_AT_BRIDGE=1
echo "== Xvfb on $DISPLAY; WebKitGTK $(dpkg-query -W -f='${Version}' webkit2gtk-driver 2>/dev/null || echo '?'), $MINIBROWSER"

# Each step runs in the background and is waited for: bash runs the INT/TERM trap (and so the
# cleanup) at once during a `wait`, but only after a foreground command has ended.
run() {
  "$@" &
  wait $!
}

status=0
failed=()
if [ "$part" != widget ]; then
  echo "== the library in WebKit: scripts/browser-tests.sh webkit $*"
  run bash scripts/browser-tests.sh webkit "$@" || { status=1; failed+=(library); }
fi
if [ "$part" != library ]; then
  if [ -z "${UPLOAD_SERVER_BIN:-}" ]; then
    run cargo build -q -p upload-server
    UPLOAD_SERVER_BIN="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/debug/upload-server"
    export UPLOAD_SERVER_BIN
  fi
  echo "== the package and the widget in WebKit: node --test tests/webkit/"
  run node --test --test-concurrency=1 tests/webkit/*.test.mjs || { status=1; failed+=(widget); }
fi

if [ "$status" -eq 0 ]; then
  echo "== WebKit tests passed in $(($(date +%s) - started)) s"
else
  echo "== WebKit tests FAILED in $(($(date +%s) - started)) s: ${failed[*]}"
fi
exit "$status"
