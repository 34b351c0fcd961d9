#!/usr/bin/env bash
# npm start: installs what is missing, builds, starts the server on 127.0.0.1:8080 with its
# data in ./data, mints a demo upload token and prints the URL to open. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

bash scripts/ensure-tools.sh

# The package into pkg/ (the widget in www/ needs no build step), and the server.
bash scripts/build-package.sh
cargo build --release -p upload-server
server=target/release/upload-server
mkdir -p data
log=data/server.log
: >"$log"

"$server" --listen 127.0.0.1:8080 --data-dir ./data --static-dir www --static-dir /pkg=pkg > >(tee "$log") 2>&1 &
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
echo "Record from the camera: http://127.0.0.1:8080/record.html?token=$token"
echo "Token console (a local tool: it needs the API key printed above): http://127.0.0.1:8080/tokens.html"
echo "(the token lasts one hour; Ctrl-C stops the server)"
wait "$pid"
