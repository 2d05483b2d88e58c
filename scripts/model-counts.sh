#!/usr/bin/env bash
# How much of the code reads the model as untyped maps: lines that mention Map<String, Object>,
# reference casts ((Map<...>) x, (String) x, ...; not numeric conversions such as (int) x) and
# @SuppressWarnings("unchecked"), in the plugin's core, its tests and the end-to-end suite's tests.
# Usage: scripts/model-counts.sh [REVISION]   (default: the work tree)
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:-}
CAST='\((Map|List|Set|Collection|Iterable|Optional)(<[^()]*>)?\) *[A-Za-z(]|\((String|Boolean|Double|Long|Integer|Number|Object|T)\) *[A-Za-z(]'

grep_in() { # options pattern path
    if [ -n "$rev" ]; then git grep -h "$1" -e "$2" "$rev" -- "$3" || true; else git grep --untracked -h "$1" -e "$2" -- "$3" || true; fi
}

printf '%-40s %6s %6s %10s\n' "where" "Map" "casts" "unchecked"
for where in matrixmon-maven-plugin/src/main/java matrixmon-maven-plugin/src/test/java e2e/src/test/java; do
    maps=$(grep_in -F 'Map<String, Object>' "$where" | wc -l)
    casts=$(grep_in -oE "$CAST" "$where" | wc -l)
    unchecked=$(grep_in -F '@SuppressWarnings("unchecked")' "$where" | wc -l)
    printf '%-40s %6d %6d %10d\n' "$where" "$maps" "$casts" "$unchecked"
done
