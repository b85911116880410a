#!/usr/bin/env bash
# Everything `npm start` and `npm test` need (test passes --with-browser), idempotent and cached: npm
# packages, the host's Docker engine and registry mirror, the engine image and
# the offline image set, and a build of the server and web app.
set -euo pipefail
cd "$(dirname "$0")/.."

# Reinstall only when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[dockyard] installing npm packages" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
bash sandbox-server/host/setup.sh "$@"
bash sandbox-server/host/build-images.sh
npm run build --silent
