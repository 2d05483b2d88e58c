#!/usr/bin/env bash
# What the plugin costs a build, on the embedded default deployment: wall time of a consumer's
# `mvn -o clean package` with the plugin (render, lint, package) and with -Dmatrixmon.skip, run
# in pairs; the time of each goal (from the goals' own log lines); the same for an unchanged
# re-run (`mvn -o package`); and what declaring the plugin costs a build that skips it.
# The consumer is a pom project that lists the goals in an execution, or with `helm-chart` a helm-chart
# packaging project (the plugin declared with <extensions>true</extensions>, as the README shows).
# With `compare`, it instead measures two builds of the plugin against each other: the jars take
# turns as the installed plugin (the installed one is put back at the end), and the sums of the
# goals' times of the runs are compared in pairs; this resolves differences of about 30 ms.
# Usage: scripts/benchmark.sh [pairs] [executions|helm-chart]
#        scripts/benchmark.sh compare A.jar B.jar [pairs]
#   (default 5 pairs, executions; the plugin must be installed: mvn install -DskipTests -Dinvoker.skip)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${1:-}" = compare ]; then
  jar_a="$(realpath "$2")"; jar_b="$(realpath "$3")"; runs="${4:-10}"; consumer=executions
else
  jar_a=""; runs="${1:-5}"; consumer="${2:-executions}"
fi
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)"
work="$root/target/benchmark"
rm -rf "$work" && mkdir -p "$work"
case "$consumer" in
  helm-chart) packaging=helm-chart; plugin="<extensions>true</extensions>" ;;
  executions) packaging=pom
    plugin="<executions><execution><goals><goal>render</goal><goal>lint</goal><goal>package</goal></goals></execution></executions>" ;;
  *) echo "unknown consumer '$consumer' (helm-chart or executions)" >&2; exit 2 ;;
esac
cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>bench</artifactId><version>1.0.0</version><packaging>$packaging</packaging>
  <properties><project.build.outputTimestamp>2026-01-01T00:00:00Z</project.build.outputTimestamp></properties>
  <build><plugins><plugin>
    <groupId>io.matrixmon</groupId><artifactId>matrixmon-maven-plugin</artifactId><version>$version</version>
    $plugin
  </plugin></plugins></build>
</project>
POM
mkdir -p "$work/none"
sed -e '/<build>/,/<\/build>/d' -e 's:<packaging>[^<]*<:<packaging>pom<:' "$work/pom.xml" > "$work/none/pom.xml"
cd "$work"
# Online once, so that the plugins the measured offline runs need are in the local repository.
mvn -B -q clean package >/dev/null # also warms the file cache

# One run of mvn: prints its wall time and its CPU time (user + system, all threads), in ms; its
# log stays in $work/<name>.log.
run() { # name, mvn arguments...
  local name=$1; shift
  local times
  times=$( { TIMEFORMAT='%3R %3U %3S'; time mvn -B -o "$@" > "$work/$name.log" 2>&1; } 2>&1 ) || {
    echo "a measured build failed: mvn -o $* (see $work/$name.log)" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<< "$times"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
spread() { sort -n "$1" | awk 'NR == 1 { min = $1 } { max = $1 } END { printf "min %d, max %d", min, max }'; }

# The machine's load drifts between runs (a VM's neighbours, page-cache reclaim): each run with
# the plugin is paired with a run without it made right before, and the pairs' differences are
# what the plugin costs; the median of them is reported.
compare() { # label, the mvn arguments of the run without, "--", those of the run with
  local label=$1; shift
  local without_args=()
  while [ "$1" != "--" ]; do without_args+=("$1"); shift; done
  shift
  : > "$work/with.ms"; : > "$work/without.ms"; : > "$work/cost.ms"; : > "$work/cpu.ms"; : > "$work/goals.log"
  for _ in $(seq 1 "$runs"); do
    local without with
    without=($(run without "${without_args[@]}"))
    with=($(run with "$@"))
    grep -oE "matrixmon:(render|lint|package) took [0-9]+" "$work/with.log" >> "$work/goals.log" || true
    echo "${without[0]}" >> "$work/without.ms"; echo "${with[0]}" >> "$work/with.ms"
    echo $((with[0] - without[0])) >> "$work/cost.ms"; echo $((with[1] - without[1])) >> "$work/cpu.ms"
  done
  printf '%-34s with %6d ms   without %6d ms   cost %5d ms (median of %d pairs; %s)\n' \
    "$label" "$(median < "$work/with.ms")" "$(median < "$work/without.ms")" "$(median < "$work/cost.ms")" "$runs" \
    "$(spread "$work/cost.ms")"
  # CPU time of all the build's threads: on two cores the plugin's wall time follows it.
  printf '%-34s CPU time added: %5d ms (median; %s)\n' "" "$(median < "$work/cpu.ms")" "$(spread "$work/cpu.ms")"
  cost=$(median < "$work/cost.ms")
  # Each goal's own time (its log line), as the median over the runs with the plugin.
  for goal in render lint package; do
    grep "matrixmon:$goal took" "$work/goals.log" | awk '{ print $3 }' > "$work/goal.ms" || true
    if [ -s "$work/goal.ms" ]; then
      printf '  matrixmon:%-8s %5d ms (median; %s)\n' "$goal" "$(median < "$work/goal.ms")" "$(spread "$work/goal.ms")"
    fi
  done
}

# A against B: each pair runs the consumer with jar A installed, then with jar B.
compare_jars() {
  local installed
  # (this Maven writes colour codes even in batch mode)
  installed="$(mvn -B -q help:evaluate -Dexpression=settings.localRepository -DforceStdout | sed 's/\x1b\[[0-9;]*m//g')/io/matrixmon/matrixmon-maven-plugin/$version/matrixmon-maven-plugin-$version.jar"
  cp "$installed" "$work/installed.jar"
  trap "cp '$work/installed.jar' '$installed'" EXIT # the installed jar goes back, whatever happens
  : > "$work/a.ms"; : > "$work/b.ms"; : > "$work/diff.ms"
  for _ in $(seq 1 "$runs"); do
    local a b
    cp "$jar_a" "$installed"; a=$(goals_time)
    cp "$jar_b" "$installed"; b=$(goals_time)
    echo "$a" >> "$work/a.ms"; echo "$b" >> "$work/b.ms"; echo $((b - a)) >> "$work/diff.ms"
  done
  echo "goals' time, A ($jar_a): $(median < "$work/a.ms") ms, B ($jar_b): $(median < "$work/b.ms") ms (medians of $runs runs)"
  echo "B - A: $(median < "$work/diff.ms") ms (median of the pairs; $(spread "$work/diff.ms"))"
}

# One build with the plugin: the sum of its goals' times, in ms.
goals_time() {
  run with clean package > /dev/null
  grep -oE "matrixmon:[a-z]+ took [0-9]+" "$work/with.log" | awk '{ s += $3 } END { print s }'
}

if [ -n "$jar_a" ]; then
  compare_jars
  exit 0
fi

echo "matrixmon benchmark ($consumer consumer): $runs pairs of runs each, $(nproc) cores, $(java -version 2>&1 | head -1)"
compare "mvn clean package" clean package -Dmatrixmon.skip -- clean package
clean_cost=$cost
mvn -B -q -o package >/dev/null # leave an up-to-date build behind for the re-runs
compare "unchanged re-run: mvn package" package -Dmatrixmon.skip -- package
grep -E "up to date|unchanged" "$work/with.log" | sed 's/^\[INFO\] /  last run: /'
rerun_cost=$cost
# What a build pays for the plugin before any goal runs (Maven resolves it and loads its class
# realm even when it is skipped): the same consumer with and without the plugin declared.
compare "declared, -Dmatrixmon.skip" -f none/pom.xml clean package -- clean package -Dmatrixmon.skip
echo "plugin cost, clean build:   $clean_cost ms (target: at most 1500 ms)"
echo "plugin cost, unchanged run: $rerun_cost ms (target: at most 200 ms)"
echo "declaring the plugin:       $cost ms (paid even when it is skipped)"
