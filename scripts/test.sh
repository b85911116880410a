#!/usr/bin/env bash
# `npm test`: prepare the host, then run every test suite against the real
# engine, registry and browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prepare.sh --with-browser
npm test --workspace lessons
npm test --workspace sandbox-server
npm test --workspace web
# Every lesson in the repository: each check fails before its solution, passes after.
npm run lessons -- validate
npm run lessons -- test
# A learner in a real browser against the real server.
npm test --workspace e2e
