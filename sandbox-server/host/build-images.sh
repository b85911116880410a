#!/usr/bin/env bash
# Builds the Debian bases, the session engine image and the offline image set,
# and seeds the registry mirror with the set. Every image is cached under a
# hash of its recipe, so a second run with nothing changed takes seconds.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

export DOCKER_BUILDKIT=0 # the legacy builder: what every Debian engine has
BUILD_LOG="$DOCKYARD_STATE/build.log"
mkdir -p "$DOCKYARD_STATE/registry/seeded"
: > "$BUILD_LOG"

build() { # build TAG DIR BASE
  log "building $1"
  docker build --build-arg "BASE=$3" -t "$1" "$2" >>"$BUILD_LOG" 2>&1 \
    || { tail -30 "$BUILD_LOG" >&2; die "building $1 failed; full log: $BUILD_LOG"; }
}

# Base images: one debootstrap per suite, keyed by suite, mirror and recipe.
base_tag() { echo "dockyard/debian:$1-slim-$(recipe_hash "$1" "$DOCKYARD_DEBIAN_MIRROR" "$HOST_DIR/debian-base.sh")"; }
ensure_base() {
  local tag; tag=$(base_tag "$1")
  have_image "$tag" || bash "$HOST_DIR/debian-base.sh" "$1" "$tag"
  echo "$tag"
}
trixie=$(ensure_base trixie)
bookworm=$(ensure_base bookworm)

# The engine every session runs. The server starts dockyard/engine:current.
engine="dockyard/engine:$(recipe_hash "$HOST_DIR/engine" "$trixie")"
have_image "$engine" || build "$engine" "$HOST_DIR/engine" "$trixie"
docker tag "$engine" dockyard/engine:current

# The offline image set, pushed to the mirror as library/NAME:TAG.
seed() { # seed NAME IMAGE HASH TAGS...
  local name=$1 image=$2 hash=$3; shift 3
  local marker="$DOCKYARD_STATE/registry/seeded/$name@$1"
  if [ "$(cat "$marker" 2>/dev/null)" = "$hash" ] \
    && curl -fs -o /dev/null -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
      "http://127.0.0.1:$DOCKYARD_SEED_PORT/v2/library/$name/manifests/$1"; then
    return 0
  fi
  log "pushing $name:{$(IFS=,; echo "$*")} to the mirror"
  local tag
  for tag in "$@"; do
    docker tag "$image" "127.0.0.1:$DOCKYARD_SEED_PORT/library/$name:$tag"
    docker push "127.0.0.1:$DOCKYARD_SEED_PORT/library/$name:$tag" >>"$BUILD_LOG" 2>&1 \
      || { tail -20 "$BUILD_LOG" >&2; die "pushing $name:$tag failed; full log: $BUILD_LOG"; }
    docker rmi "127.0.0.1:$DOCKYARD_SEED_PORT/library/$name:$tag" >/dev/null
  done
  echo "$hash" > "$marker"
}

if [ -n "$DOCKYARD_MIRROR_UPSTREAM" ]; then
  log "mirror is a pull-through cache of $DOCKYARD_MIRROR_UPSTREAM; not seeding the offline set"
  exit 0
fi

seed debian "$bookworm" "$bookworm" bookworm-slim bookworm 12-slim 12
seed debian "$trixie" "$trixie" trixie-slim trixie 13-slim 13 stable-slim stable latest
for dir in "$HOST_DIR"/images/*/; do
  name=$(basename "$dir")
  hash=$(recipe_hash "$dir" "$trixie")
  image="dockyard/image-$name:$hash"
  have_image "$image" || build "$image" "$dir" "$trixie"
  # shellcheck disable=SC2046 # tags are one line of words
  seed "$name" "$image" "$hash" $(cat "$dir/tags")
done
log "images ready: engine $engine, offline set in the mirror"
