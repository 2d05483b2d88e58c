#!/usr/bin/env bash
# Installs the Debian packages the tests use (an OCI registry, nginx with WebDAV, Redis, HAProxy,
# PostgreSQL and their exporters, Python's venv for Synapse, Django with django-prometheus for the
# end-to-end suite's key_vault, run by Debian's /usr/bin/python3, etcd for the suite's Kubernetes
# API server). Fast when they are there.
# Go (1.26 or newer, for scripts/tools.sh, which builds Prometheus, Alertmanager, Helm 4, pint and
# the suite's Kubernetes binaries, and for the end-to-end suite's scrape configuration generator)
# comes with the machine; Synapse itself is installed by e2e/synapse-venv.sh.
# Debian starts no service on install in a container without systemd; anything that did start
# is stopped, so the tests start only their own loopback instances.
set -euo pipefail

packages=(docker-registry nginx-light apache2-utils redis-server prometheus-redis-exporter
          haproxy prometheus-haproxy-exporter postgresql prometheus-postgres-exporter curl python3-venv
          python3-django python3-django-prometheus etcd-server)

if ! command -v go >/dev/null 2>&1; then
  echo "install-test-deps: Go 1.26 or newer is needed on the PATH (scripts/tools.sh builds the pinned tools)" >&2
  exit 1
fi

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

for service in docker-registry nginx redis-server haproxy postgresql etcd \
               prometheus-redis-exporter prometheus-haproxy-exporter prometheus-postgres-exporter; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    systemctl stop "$service" && systemctl disable --quiet "$service" || true
  elif command -v service >/dev/null 2>&1; then
    service "$service" stop >/dev/null 2>&1 || true
  fi
done
