#!/usr/bin/env bash
# npm start: installs what is missing, builds, starts the server on 127.0.0.1:8080 with its
# data in ./data, mints a demo upload token and prints the URL to open. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

bash scripts/ensure-tools.sh

# ---- build of the wasm package and the widget into www/: a later issue adds it here.

cargo build --release -p upload-server
server=target/release/upload-server
mkdir -p data
log=data/server.log
: >"$log"

"$server" --listen 127.0.0.1:8080 --data-dir ./data --static-dir www > >(tee "$log") 2>&1 &
pid=$!

stop() {
  trap - INT TERM
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "server stopped"
  exit 0
}
trap stop INT TERM

# Wait for its "listening on" line (at most 30 s).
for _ in $(seq 1 300); do
  grep -q '^listening on ' "$log" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q '^listening on ' "$log" 2>/dev/null; then
  echo "the server did not start (see $log)" >&2
  kill -TERM "$pid" 2>/dev/null || true
  exit 1
fi

token=$("$server" token create --ttl 3600 --data-dir ./data)
echo
echo "Open http://127.0.0.1:8080/?token=$token"
echo "(Ctrl-C stops the server)"
wait "$pid"
