#!/usr/bin/env bash
# What the plugin costs a build, on the embedded default deployment: wall time of a consumer's
# `mvn -o clean package` with the plugin (render, lint, package) and with -Dmatrixmon.skip, the
# time of each goal (from the goals' own log lines), and an unchanged re-run (`mvn -o package`).
# Usage: scripts/benchmark.sh [runs]   (default 5; the plugin must be installed: mvn install)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
work="$root/target/benchmark"
rm -rf "$work" && mkdir -p "$work"
cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>bench</artifactId><version>1.0.0</version><packaging>pom</packaging>
  <properties><project.build.outputTimestamp>2026-01-01T00:00:00Z</project.build.outputTimestamp></properties>
  <build><plugins><plugin>
    <groupId>io.matrixmon</groupId><artifactId>matrixmon-maven-plugin</artifactId><version>$version</version>
    <executions><execution><goals><goal>render</goal><goal>lint</goal><goal>package</goal></goals></execution></executions>
  </plugin></plugins></build>
</project>
POM
cd "$work"
mvn -B -q -o package >/dev/null # warm the local repository and the file cache

measure() { # label, mvn arguments...
  local label=$1; shift
  local total=0 min=999999 ms
  for _ in $(seq 1 "$runs"); do
    local start; start=$(date +%s%N)
    mvn -B -o "$@" > "$work/last.log"
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    total=$((total + ms)); (( ms < min )) && min=$ms
  done
  printf '%-46s mean %6d ms   min %6d ms\n' "$label" $((total / runs)) "$min"
  eval "${label//[^a-z]/_}=$((total / runs))"
}

echo "matrixmon benchmark: $runs runs each, $(nproc) cores, $(java -version 2>&1 | head -1)"
measure "clean package, plugin skipped" -q clean package -Dmatrixmon.skip
measure "clean package, with the plugin" clean package
grep -E "matrixmon:(render|lint|package) took" "$work/last.log" | sed 's/^\[INFO\] /  last run: /'
measure "unchanged re-run (package)" package
grep -E "up to date|unchanged" "$work/last.log" | sed 's/^\[INFO\] /  last run: /'
measure "re-run, plugin skipped" -q package -Dmatrixmon.skip
echo "plugin cost, clean build:   $((clean_package__with_the_plugin - clean_package__plugin_skipped)) ms (target: at most 1500 ms)"
echo "plugin cost, unchanged run: $((unchanged_re_run__package_ - re_run__plugin_skipped)) ms (target: at most 200 ms)"
