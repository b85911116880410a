#!/usr/bin/env bash
# Host set-up, idempotent: a running Docker engine and the registry mirror.
# Run by `npm start` and `npm test`; safe to run again at any time.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  is_root || die "missing $* and not root: install them (Debian: apt-get install $*) and run again"
  command -v apt-get >/dev/null || die "missing $* and no apt-get: install them by hand"
  log "installing $* from Debian"
  [ -n "$(find /var/lib/apt/lists -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ] || apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v curl >/dev/null || missing+=(curl)
  # The end-to-end tests drive Debian's Chromium; only `npm test` asks for it.
  [ "${1:-}" = --with-browser ] && ! command -v chromium >/dev/null && missing+=(chromium)
  [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

dockerd_alive() { [ -f /var/run/docker.pid ] && kill -0 "$(cat /var/run/docker.pid)" 2>/dev/null; }
dockerd_settled() { docker_ready || ! dockerd_alive; }

ensure_dockerd() {
  docker_ready && return 0
  # A dockerd still starting up, or still shutting down: let it finish first,
  # since a second one would fight it for its pid file and socket.
  if dockerd_alive; then
    wait_for 60 dockerd_settled || die "dockerd (pid $(cat /var/run/docker.pid)) neither answers nor exits"
    docker_ready && return 0
  fi
  is_root || die "the Docker engine is not running and we are not root: start dockerd, or run as root"
  log "starting dockerd (log: /var/log/dockyard-dockerd.log)"
  # setsid: the engine must outlive this script and the npm process that ran it.
  setsid dockerd >/var/log/dockyard-dockerd.log 2>&1 < /dev/null &
  wait_for 60 docker_ready || die "dockerd did not start; see /var/log/dockyard-dockerd.log"
}

registry_up() { curl -fs -o /dev/null "http://127.0.0.1:$1/v2/"; }

write_registry_config() { # name port addr mode
  local file="$DOCKYARD_STATE/registry/$1.yml"
  {
    echo "version: 0.1"
    echo "log: {level: warn}"
    echo "storage:"
    echo "  filesystem: {rootdirectory: $DOCKYARD_STATE/registry/data}"
    echo "  delete: {enabled: true}"
    if [ "$4" = readonly ]; then
      echo "  maintenance: {readonly: {enabled: true}, uploadpurging: {enabled: false}}"
    else
      echo "  maintenance: {uploadpurging: {enabled: false}}"
    fi
    echo "http: {addr: \"$3:$2\"}"
    if [ "$4" = proxy ]; then
      echo "proxy: {remoteurl: \"$DOCKYARD_MIRROR_UPSTREAM\"}"
    fi
  } > "$file"
  echo "$file"
}

start_registry() { # name port addr mode
  registry_up "$2" && return 0
  local config; config=$(write_registry_config "$@")
  log "starting registry $1 on $3:$2"
  setsid docker-registry serve "$config" >"$DOCKYARD_STATE/registry/$1.log" 2>&1 < /dev/null &
  wait_for 20 registry_up "$2" || die "registry $1 did not start; see $DOCKYARD_STATE/registry/$1.log"
}

ensure_registries() {
  mkdir -p "$DOCKYARD_STATE/registry/data"
  if [ -n "$DOCKYARD_MIRROR_UPSTREAM" ]; then
    start_registry mirror "$DOCKYARD_MIRROR_PORT" 0.0.0.0 proxy
  else
    # Engines reach the mirror through their network's gateway, hence 0.0.0.0;
    # it is read-only so no learner can overwrite an image another learner pulls.
    start_registry mirror "$DOCKYARD_MIRROR_PORT" 0.0.0.0 readonly
    start_registry seed "$DOCKYARD_SEED_PORT" 127.0.0.1 readwrite
  fi
}

# Engines may reach the host only for the registry mirror: not this server's
# API, not anything else listening here; and never a cloud metadata service.
ensure_firewall() {
  is_root || { log "not root: engines are not fenced off from host ports"; return 0; }
  iptables -N DOCKYARD-ENGINES 2>/dev/null || iptables -F DOCKYARD-ENGINES
  iptables -A DOCKYARD-ENGINES -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
  iptables -A DOCKYARD-ENGINES -p tcp --dport "$DOCKYARD_MIRROR_PORT" -j RETURN
  iptables -A DOCKYARD-ENGINES -j DROP
  iptables -C INPUT -s "$DOCKYARD_SUBNET_POOL" -j DOCKYARD-ENGINES 2>/dev/null \
    || iptables -I INPUT 1 -s "$DOCKYARD_SUBNET_POOL" -j DOCKYARD-ENGINES
  iptables -C DOCKER-USER -s "$DOCKYARD_SUBNET_POOL" -d 169.254.0.0/16 -j DROP 2>/dev/null \
    || iptables -I DOCKER-USER 1 -s "$DOCKYARD_SUBNET_POOL" -d 169.254.0.0/16 -j DROP
}

# Every engine may hold DOCKYARD_SESSION_PIDS processes; the kernel's default
# of 32768 for the whole host would let a few fork bombs starve it.
ensure_pid_room() {
  is_root || return 0
  local want=4194304
  [ "$(cat /proc/sys/kernel/pid_max)" -ge "$want" ] && return 0
  sysctl -qw kernel.pid_max=$want 2>/dev/null || log "cannot raise kernel.pid_max: fewer sessions fit before the host runs out of processes"
}

ensure_packages "$@"
ensure_pid_room
ensure_dockerd
ensure_registries
ensure_firewall
log "host ready: docker $(docker version --format '{{.Server.Version}}'), mirror on :$DOCKYARD_MIRROR_PORT"
