#!/usr/bin/env bash
# Installs the Debian packages the tests use (promtool and a real Prometheus, an OCI registry,
# nginx with WebDAV, Redis, HAProxy, PostgreSQL and their exporters). Fast when they are there.
# Debian starts no service on install in a container without systemd; anything that did start
# is stopped, so the tests start only their own loopback instances.
set -euo pipefail

packages=(prometheus docker-registry nginx-light apache2-utils redis-server prometheus-redis-exporter
          haproxy prometheus-haproxy-exporter postgresql prometheus-postgres-exporter curl)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: these packages are missing and installing them needs root: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"

for service in prometheus docker-registry nginx redis-server haproxy postgresql \
               prometheus-redis-exporter prometheus-haproxy-exporter prometheus-postgres-exporter; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    systemctl stop "$service" && systemctl disable --quiet "$service" || true
  elif command -v service >/dev/null 2>&1; then
    service "$service" stop >/dev/null 2>&1 || true
  fi
done
