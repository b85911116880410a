#!/bin/sh
# Behaves like the official image's entrypoint.
set -e

# `docker run redis --appendonly yes` or `docker run redis /path/redis.conf`
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
    set -- redis-server "$@"
fi

# As root: hand /data to redis and come back here as that user
# (so `docker run --user ...` also works).
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi

if [ "$1" = redis-server ]; then
    # The official image's redis-server defaults to protected-mode no; Debian's
    # to yes, which would refuse clients from other containers. Keep the
    # official default unless the user chose a value.
    chosen=
    for arg in "$@"; do
        [ "$arg" = --protected-mode ] && chosen=yes
    done
    if [ -z "$chosen" ] && [ $# -ge 2 ] && [ "${2#-}" = "$2" ] && [ -f "$2" ] \
        && grep -qiE '^[[:space:]]*protected-mode[[:space:]]' "$2"; then
        chosen=yes
    fi
    [ -n "$chosen" ] || set -- "$@" --protected-mode no
fi

# Same umask as the official image.
if [ "$(umask)" = 0022 ]; then
    umask 0077
fi

exec "$@"
