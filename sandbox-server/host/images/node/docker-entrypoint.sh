#!/bin/sh
# As in the official image: run the command with node when the first argument
# is an option (-e, --version, ...) or not a command on PATH (e.g. app.js).
set -e
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1" || true)" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then
    set -- node "$@"
fi
exec "$@"
