#!/bin/sh
# As in the official image: a config file or a registry subcommand as the
# command runs the registry binary with it.
set -e

case "$1" in
    *.yaml|*.yml) set -- registry serve "$@" ;;
    serve|garbage-collect|help|-*) set -- registry "$@" ;;
esac

exec "$@"
