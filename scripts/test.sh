#!/usr/bin/env bash
# The README's test command: installs what the tests need (Debian packages, and the pinned
# Prometheus, Alertmanager, Helm 4, pint and the end-to-end suite's Kubernetes control plane,
# prometheus-operator, kube-state-metrics and kwok built from the Go module proxy into the user's
# cache; tools.sh says what it builds and how long it took),
# starts the loopback servers the integration tests publish to, runs every test (unit,
# integration, invoker ITs, end to end) and stops the servers again, whatever happened.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

scripts/install-test-deps.sh
scripts/tools.sh install
# verify-rules (the reference chart, the invoker ITs) runs the promtool on the PATH: the one of the
# Prometheus kube-prometheus-stack 67.0.0 runs. The tests themselves run every pinned version.
PATH="$(scripts/tools.sh path "$(scripts/tools.sh list | grep -m1 '^prometheus-')"):$PATH"
export PATH
scripts/test-servers.sh start
trap 'scripts/test-servers.sh stop' EXIT

# The invoker ITs also run on the newest JDK installed beside the build's own (see it/pom.xml).
newest_jdk() {
    local release major best="" best_major=0
    for release in /usr/lib/jvm/*/release; do
        major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")"
        if [[ -n "$major" && "$major" -gt "$best_major" ]]; then
            best="$(dirname "$release")" best_major="$major"
        fi
    done
    echo "$best $best_major"
}
read -r jdk jdk_major < <(newest_jdk)
build_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [[ -z "$jdk" || "$jdk_major" -le "$build_major" ]]; then
    echo "No JDK newer than the build's Java $build_major under /usr/lib/jvm: the tests run the plugin on the newest JDK users have; install one (e.g. Temurin 25)" >&2
    exit 1
fi
echo "User matrix: newest JDK $jdk (Java $jdk_major)"

mvn -B -ntp verify -Dmatrix.newestJdk="$jdk" -Dmatrix.newestJavaVersion="$jdk_major" "$@"

# A short fuzzing run of the descriptor loader (the stored inputs already ran in verify). With -am
# and a compile phase, the plugin finds chart-templates in the reactor: nothing was installed.
JAZZER_FUZZ=1 mvn -B -ntp -q -o -pl matrixmon-maven-plugin -am test-compile surefire:test -Dtest=DescriptorFuzzTest \
  -Dsurefire.failIfNoSpecifiedTests=false

# The benchmark's history writer (scripts/tsdb-backfill): its blocks read back as written.
(cd scripts/tsdb-backfill && GOTOOLCHAIN=local GOWORK=off GOFLAGS=-mod=readonly go test ./...)
