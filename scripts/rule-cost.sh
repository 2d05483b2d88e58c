#!/usr/bin/env bash
# Measures what the chart's rules and Synapse dashboard cost the user's Prometheus (docs/benchmark.md,
# "The chart inside Prometheus"): real Synapse expositions multiplied into N processes, Prometheus
# 3.16.0 scraping them every 30 s without rules and with each rule file, and the dashboard's panel
# queries with and without the recording rules. Prints a Markdown report on stdout.
# Usage: scripts/rule-cost.sh [N,N,...] [NAME=RULES.yaml[,DASHBOARD.json] ...]
#   N defaults to 10,50,150; the rule files default to chart=<the reference chart's rules>.
#   RULE_COST_MINUTES (default 8): scraping per run before measuring; each run takes that long.
#   RULE_COST_BASELINE=0 skips the run without rules.
#   RULE_COST_PROFILES=DIR saves each run's heap profile there (go tool pprof -top -sample_index=...).
#   RULE_COST_HISTORY_HOURS=H backfills H hours of history first (RULE_COST_HISTORY_FAMILIES=REGEX: of
#     those families only; RULE_COST_HISTORY_RULES=0: without the recording rules' output over it);
#     the panels are then queried over those H hours (RULE_COST_WINDOW=MINUTES sets another range).
#   RULE_COST_PARALLEL=1 runs the rule files (and the run without rules) of each N at the same time,
#     each Prometheus on its own port; RULE_COST_TRACE=FILE appends each one's memory every minute.
#   RULE_COST_MEMORY_LIMIT=MiB runs each Prometheus in a memory cgroup with that limit (as a container's
#     memory limit; Prometheus sets its Go memory limit to 90% of it). Needs root.
#   RULE_COST_NICE (default 19): the niceness of each Prometheus (0: as the machine's other processes).
#   RULE_COST_PORT (default 29300): the served processes' port; the Prometheus take the next ones.
# Needs the expositions the end-to-end suite saves (SynapseMetricsIT, under e2e/target/e2e/
# synapse-expositions) and the reference chart (mvn -o -pl reference-chart -am package -DskipTests).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
counts="${1:-10,50,150}"
shift || true
expositions="$root/e2e/target/e2e/synapse-expositions"
chart="$root/reference-chart/target/matrixmon/matrix-monitoring"
if [ ! -f "$expositions/synapse-main.prom" ]; then
  echo "rule-cost: no Synapse expositions in $expositions; capture them once with" >&2
  echo "  mvn -B -o -pl reference-chart,e2e -am verify -Dinvoker.skip -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false -Dit.test=SynapseMetricsIT" >&2
  exit 1
fi
if [ ! -d "$chart" ]; then
  echo "rule-cost: no reference chart at $chart; build it with mvn -B -o -pl reference-chart -am package -DskipTests -Dinvoker.skip" >&2
  exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rules=("$@")
if [ ${#rules[@]} -eq 0 ]; then
  # The PrometheusRules of the chart as Helm renders them with its default values, as one rule file.
  "$("$root/scripts/tools.sh" path helm-4.3.2)/helm" template bench "$chart" > "$work/chart.yaml"
  python3 - "$work/chart.yaml" "$work/rules.yaml" <<'EOF'
import sys, yaml
groups = [g for d in yaml.safe_load_all(open(sys.argv[1])) if d and d["kind"] == "PrometheusRule"
          for g in d["spec"]["groups"]]
yaml.safe_dump({"groups": groups}, open(sys.argv[2], "w"), sort_keys=False)
EOF
  rules=("chart=$work/rules.yaml")
fi
"$root/scripts/tools.sh" install prometheus-3.16.0 tsdb-backfill-3.16.0 >&2
prometheus="$("$root/scripts/tools.sh" path prometheus-3.16.0)"
rule_args=()
for r in "${rules[@]}"; do rule_args+=(--rules "$r"); done
python3 "$root/scripts/rule_cost.py" --expositions "$expositions" --prometheus "$prometheus/prometheus" \
  --prometheus-version 3.16.0 --backfill "$("$root/scripts/tools.sh" path tsdb-backfill-3.16.0)/tsdb-backfill" --n "$counts" --minutes "${RULE_COST_MINUTES:-8}" \
  --dashboard "$root/chart-templates/src/main/resources/matrixmon/components/synapse/dashboard.json" \
  "${rule_args[@]}"
