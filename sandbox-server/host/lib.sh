# Shared helpers and settings for the host scripts (sourced, not run).
# Every setting can be overridden from the environment; README lists them.

DOCKYARD_STATE=${DOCKYARD_STATE:-/var/lib/dockyard}
DOCKYARD_DEBIAN_MIRROR=${DOCKYARD_DEBIAN_MIRROR:-http://deb.debian.org/debian}
DOCKYARD_MIRROR_PORT=${DOCKYARD_MIRROR_PORT:-5000}
# The seeding registry shares the mirror's storage but only listens on loopback,
# so learners can pull from the mirror yet never push into it.
DOCKYARD_SEED_PORT=${DOCKYARD_SEED_PORT:-5001}
# Online deployments set this to a hub (e.g. https://registry-1.docker.io) and the
# mirror becomes a pull-through cache instead of serving the offline image set.
DOCKYARD_MIRROR_UPSTREAM=${DOCKYARD_MIRROR_UPSTREAM:-}

# Engine networks are carved from this pool (the server's DOCKYARD_SUBNET_POOL).
DOCKYARD_SUBNET_POOL=${DOCKYARD_SUBNET_POOL:-10.213.0.0/16}

HOST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

log() { printf '\033[1m[dockyard]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[31m[dockyard] %s\033[0m\n' "$*" >&2; exit 1; }

# Stable hash of files and strings: the cache key of a recipe.
recipe_hash() {
  local item
  for item in "$@"; do
    if [ -d "$item" ]; then
      (cd "$item" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
    elif [ -f "$item" ]; then
      sha256sum < "$item"
    else
      printf '%s\n' "$item"
    fi
  done | sha256sum | cut -c1-16
}

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

docker_ready() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

wait_for() { # wait_for SECONDS CMD...
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}
