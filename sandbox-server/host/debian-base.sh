#!/usr/bin/env bash
# Builds a slim Debian base image from Debian packages (debootstrap), the root
# of every image Dockyard runs. Usage: debian-base.sh SUITE TAG
set -euo pipefail
source "$(dirname "$0")/lib.sh"

suite=$1 tag=$2
root=$(mktemp -d "${TMPDIR:-/tmp}/dockyard-rootfs.XXXXXX")
trap 'rm -rf "$root"' EXIT

log "debootstrap $suite (a few minutes, once per recipe)"
debootstrap --variant=minbase --include=ca-certificates "$suite" "$root" "$DOCKYARD_DEBIAN_MIRROR" \
  > "$root.log" 2>&1 || { tail -20 "$root.log" >&2; die "debootstrap $suite failed"; }
rm -f "$root.log"

# Sources the same as the host's mirror, so `RUN apt-get install` works in learners' builds.
security=${DOCKYARD_DEBIAN_MIRROR%/debian}/debian-security
cat > "$root/etc/apt/sources.list" <<EOF
deb $DOCKYARD_DEBIAN_MIRROR $suite main
deb $DOCKYARD_DEBIAN_MIRROR $suite-updates main
deb $security $suite-security main
EOF
# What makes the official images "slim": no docs, man pages or apt caches.
cat > "$root/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
EOF
cat > "$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
Acquire::GzipIndexes "true";
APT::Install-Recommends "false";
EOF
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/* \
  "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
echo "dockyard" > "$root/etc/hostname"

tar -C "$root" --numeric-owner -c . | docker import --change 'CMD ["bash"]' - "$tag" >/dev/null
log "built $tag"
