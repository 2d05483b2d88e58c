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

# A short fuzzing run of the descriptor loader (the stored inputs already ran in verify). With -am
# and a compile phase, the plugin finds chart-templates in the reactor: nothing was installed.
JAZZER_FUZZ=1 mvn -B -ntp -q -o -pl matrixmon-maven-plugin -am test-compile surefire:test -Dtest=DescriptorFuzzTest \
  -Dsurefire.failIfNoSpecifiedTests=false
