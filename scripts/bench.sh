#!/usr/bin/env bash
# `npm run bench`: prepare the host, then print the benchmark figures:
# session start-up and idle memory (BENCH_SESSIONS, default 10; BENCH_IDLE,
# default 5; BENCH_WARM, default 30), a burst of sessions (BENCH_BURST, 30),
# keystroke echo (BENCH_KEYS, 200), an output flood (BENCH_FLOOD_MB, 100),
# lesson check rounds (BENCH_CHECKS, 20), a load of sessions each running
# nginx and terminal commands (BENCH_LOAD_SESSIONS, 30, for
# BENCH_LOAD_SECONDS, 60), a hostile session's cost to its neighbour
# (BENCH_NEIGHBOUR_KEYS, 100), the web app's sizes, and first paint
# (BENCH_VISITS, default 10). docs/BENCHMARKS.md has the figures. Figures
# fail nothing; the load bench fails (exit 1) if a session fails to start or
# a command fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prepare.sh --with-browser
node sandbox-server/dist/bench/session-ready.js
node sandbox-server/dist/bench/burst.js
node sandbox-server/dist/bench/keystroke-echo.js
node sandbox-server/dist/bench/output-flood.js
node sandbox-server/dist/bench/lesson-checks.js
node sandbox-server/dist/bench/load.js
node sandbox-server/dist/bench/noisy-neighbour.js
npm run size --silent --workspace web

# First paint needs a server: a private one on a free port and state directory.
port=${BENCH_PORT:-4590}
state=$(mktemp -d "${TMPDIR:-/tmp}/dockyard-bench-web.XXXXXX")
PORT=$port HOST=127.0.0.1 DOCKYARD_STATE=$state node sandbox-server/dist/main.js > "$state/server.log" 2>&1 &
server=$!
# On the way out, even after a failure: stop it, then release what it started.
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; DOCKYARD_STATE=$state node sandbox-server/dist/bench/release-state.js' EXIT
until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null; do
  kill -0 $server 2>/dev/null || { cat "$state/server.log"; exit 1; }
  sleep 0.2
done
node e2e/bench/first-paint.mjs "http://127.0.0.1:$port" "${BENCH_VISITS:-10}"
