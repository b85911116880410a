#!/usr/bin/env bash
# `npm start`: prepare the host and start the playground on $PORT (default 4000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prepare.sh
exec node sandbox-server/dist/main.js
