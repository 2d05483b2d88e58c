#!/usr/bin/env bash
# The README's test command: installs what the tests need (Debian packages), starts the
# loopback servers the integration tests publish to, runs every test (unit, integration,
# invoker ITs) and stops the servers again, whatever happened.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

scripts/install-test-deps.sh
scripts/test-servers.sh start
trap 'scripts/test-servers.sh stop' EXIT

mvn -B -ntp verify "$@"
