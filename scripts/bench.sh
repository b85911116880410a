#!/usr/bin/env bash
# `npm run bench`: prepare the host, then print the benchmark figures.
# BENCH_SESSIONS (default 10) and BENCH_IDLE (default 5) set its size.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prepare.sh
node sandbox-server/dist/bench/session-ready.js
