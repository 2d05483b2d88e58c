#!/usr/bin/env bash
# Fuzzes the descriptor loader with Jazzer for longer than the test command does: repeated
# 20-second rounds (the duration the fuzz test declares) that share one growing corpus.
# Usage: scripts/fuzz.sh [rounds]   (default 30, about ten minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-30}"
mvn -B -ntp -q -pl matrixmon-maven-plugin -am install -DskipTests
for round in $(seq 1 "$rounds"); do
  echo "fuzz round $round/$rounds"
  JAZZER_FUZZ=1 mvn -B -ntp -q -o -pl matrixmon-maven-plugin surefire:test -Dtest=DescriptorFuzzTest \
    -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep -E '^(Done|==|.*(Exception|Error|FAIL))' || true
  # A finding makes surefire fail; stop at the first one and leave its crash file for the tests.
  if ls matrixmon-maven-plugin/src/test/resources/io/matrixmon/core/descriptor/DescriptorFuzzTestInputs/onlyDescriptorErrorsEscape/crash-* >/dev/null 2>&1; then
    echo "finding saved under src/test/resources/.../DescriptorFuzzTestInputs/"; exit 1
  fi
done
