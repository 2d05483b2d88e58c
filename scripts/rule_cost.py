#!/usr/bin/env python3
"""What the chart's Synapse rules and dashboard cost a Prometheus: real Synapse expositions (one per
process type, saved by the end-to-end suite) served as N processes with the labels the chart's
ServiceMonitors give, scraped and evaluated every 30 s by a pinned Prometheus, once without rules
and once per rule file given. Prints a Markdown report. Run through scripts/rule-cost.sh."""
import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml

# How N processes split over the worker types of the e2e suite's homeserver: one main process, the
# rest mostly synchrotrons and generic workers, as the large deployments Synapse's docs describe.
WORKER_WEIGHTS = [("synchrotron", 4), ("generic-worker", 4), ("event-persister", 1), ("federation-sender", 1)]
EXPOSITION_OF_TYPE = {"main": "synapse-main", "synchrotron": "synapse-synchrotron",
                      "generic-worker": "synapse-generic-worker", "event-persister": "synapse-event-persister",
                      "federation-sender": "synapse-federation-sender"}
INTERVAL = 30
# Counters grow by this fraction of their captured value a second, so that rate() has something to
# compute and the histograms' buckets stay cumulative (every bucket grows by the same factor).
GROWTH = 1 / 600


def process_types(n):
    types = ["main"]
    total = sum(w for _, w in WORKER_WEIGHTS)
    counts = {t: 0 for t, _ in WORKER_WEIGHTS}
    for i in range(n - 1):  # largest remaining deficit first: deterministic and proportional
        t = max(WORKER_WEIGHTS, key=lambda tw: (i + 1) * tw[1] / total - counts[tw[0]])[0]
        counts[t] += 1
        types.append(t)
    return types


class Exposition:
    """One captured exposition: each sample line split into its text and value, counters marked."""

    SAMPLE = re.compile(r"^(\S+?(?:\{.*\})?) (\S+)(.*)$")

    def __init__(self, text):
        counter_families = set()
        self.lines = []
        for line in text.splitlines():
            if line.startswith("# TYPE "):
                _, _, name, kind = line.split(" ", 3)
                if kind in ("counter", "histogram", "summary"):
                    counter_families.add(name)
            if line.startswith("#") or not line:
                self.lines.append((line + "\n", None, False))
                continue
            match = self.SAMPLE.match(line)
            name = re.split(r"[{ ]", line, 1)[0]
            grows = any(name == f or (name.startswith(f + "_") and not name.endswith("_created"))
                        for f in counter_families) and name.rsplit("_", 1)[-1] in ("total", "bucket", "count", "sum")
            self.lines.append((match.group(1) + " ", float(match.group(2)), grows))
        self.cache = (None, b"")

    def body(self, elapsed):
        tick = int(elapsed // 5)
        if self.cache[0] != tick:
            factor = 1 + GROWTH * tick * 5
            out = []
            for text, value, grows in self.lines:
                if value is None:
                    out.append(text)
                else:
                    out.append(text + repr(value * factor if grows else value) + "\n")
            self.cache = (tick, "".join(out).encode())
        return self.cache[1]


def serve(expositions, types, port):
    started = time.time()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = expositions[types[int(self.path.rsplit("/", 1)[1])]].body(time.time() - started)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def scrape_config(types, port, prometheus_port, rule_file):
    """The target labels a ServiceMonitor of the chart gives a Synapse pod (see _helpers.tpl):
    job, matrix_instance, worker_type and index by relabeling; namespace, pod, service, endpoint,
    container and instance (pod IP:port) by the Prometheus Operator."""
    groups, ordinal = [], {}
    for i, worker_type in enumerate(types):
        ordinal[worker_type] = ordinal.get(worker_type, -1) + 1
        service = "synapse" if worker_type == "main" else "synapse-" + worker_type
        pod = f"{service}-{ordinal[worker_type]}"
        groups.append({"targets": [f"127.0.0.1:{port}"], "labels": {
            "__metrics_path__": f"/metrics/{i}", "instance": f"10.1.{i // 250}.{i % 250 + 1}:9000",
            "job": "synapse", "matrix_instance": "main", "worker_type": worker_type,
            "index": str(ordinal[worker_type]), "namespace": "matrix", "pod": pod, "service": service,
            "endpoint": "metrics", "container": "synapse"}})
    return {"global": {"scrape_interval": f"{INTERVAL}s", "evaluation_interval": f"{INTERVAL}s",
                       "scrape_timeout": "25s"},
            "rule_files": [rule_file] if rule_file else [],
            "scrape_configs": [
                {"job_name": "synapse", "static_configs": groups},
                {"job_name": "prometheus", "scrape_interval": "5s",
                 "static_configs": [{"targets": [f"127.0.0.1:{prometheus_port}"]}]}]}


class Prometheus:
    def __init__(self, binary, config, port, work):
        self.url = f"http://127.0.0.1:{port}"
        path = os.path.join(work, "prometheus.yml")
        with open(path, "w") as f:
            yaml.safe_dump(config, f)
        self.log = open(os.path.join(work, "prometheus.log"), "w")
        self.process = subprocess.Popen(
            ["nice", "-n", "19", binary, f"--config.file={path}", f"--storage.tsdb.path={work}/data",
             f"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.retention.time=30d"],
            stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(120):
            try:
                self.get("/-/ready")
                return
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"Prometheus did not start; see {work}/prometheus.log")

    def get(self, path, **params):
        url = self.url + path + ("?" + urllib.parse.urlencode(params) if params else "")
        with urllib.request.urlopen(url, timeout=120) as response:
            return json.load(response) if path.startswith("/api") else response.read()

    def query(self, expr, **params):
        return self.get("/api/v1/query", query=expr, **params)["data"]["result"]

    def scalar(self, expr):
        result = self.query(expr)
        return float(result[0]["value"][1]) if result else float("nan")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(60)
        self.log.close()


def dashboard_queries(dashboard):
    """Each panel query of the dashboard, with the variables at "All" as Grafana sends them."""
    queries = []

    def walk(panels):
        for panel in panels:
            walk(panel.get("panels", []))
            for target in panel.get("targets", []):
                expr = re.sub(r'=~"\$(matrix_instance|worker_type|pod)"', '=~".*"', target["expr"])
                queries.append((panel["title"], expr))
    walk(dashboard["panels"])
    return queries


def inline(expr, recordings):
    """The query with every recording rule replaced by its expression: what the panel would cost
    without the rule. The panel's own label matchers on a recorded series are all "All" (.*) here."""
    for name, rule_expr in recordings.items():
        expr = re.sub(re.escape(name) + r"(\{[^}]*\})?", lambda _: "(" + rule_expr + ")", expr)
    return expr


def time_range_query(prometheus, expr, start, end, repeats):
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        prometheus.get("/api/v1/query_range", query=expr, start=start, end=end, step=INTERVAL)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def target_labels(types):
    """Each target's labels as its samples carry them (the scrape config's, without __metrics_path__)."""
    config = scrape_config(types, 0, 0, None)["scrape_configs"][0]["static_configs"]
    return [dict({k: v for k, v in group["labels"].items() if not k.startswith("__")}) for group in config]


def backfill(args, types, expositions, work):
    """History for the families --history-families names: the samples N processes would have had over the
    last --history hours (every 30 s, counters growing towards their captured value, which the live
    scrape then continues), written as OpenMetrics and turned into blocks by promtool. It stands for a
    Prometheus that has run for that long, for the rules and panels that read those families."""
    family = re.compile(args.history_families)
    now = int(time.time()) // INTERVAL * INTERVAL
    start = now - int(args.history * 3600)
    path = os.path.join(work, "history.om")
    with open(path, "w") as out:
        for labels, worker_type in zip(target_labels(types), types):
            extra = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
            for text, value, grows in expositions[worker_type].lines:
                if value is None or not family.match(text.split("{")[0].strip()):
                    continue
                series = text.strip()
                series = (series[:-1] + "," + extra + "}") if series.endswith("}") else series + "{" + extra + "}"
                for t in range(start, now, INTERVAL):
                    v = value * (0.01 + 0.99 * (t - start) / (now - start)) if grows else value
                    out.write(f"{series} {v!r} {t}\n")
        out.write("# EOF\n")
    subprocess.run(["nice", "-n", "19", os.path.join(os.path.dirname(args.prometheus), "promtool"), "tsdb",
                    "create-blocks-from", "openmetrics", "--max-block-duration=24h", path,
                    os.path.join(work, "data")],
                   check=True, stdout=subprocess.DEVNULL)
    os.remove(path)


def measure(args, n, variant, rule_file, dashboard, expositions, work):
    types = process_types(n)
    if args.history:
        backfill(args, types, expositions, work)
    server = serve(expositions, types, args.port)
    config = scrape_config(types, args.port, args.port + 1, rule_file)
    prometheus = Prometheus(args.prometheus, config, args.port + 1, work)
    cpu_before = None
    try:
        if args.query_first:
            # A Prometheus in use serves dashboards: their queries allocate, so that its heap reaches the
            # size the GC lets it grow to. Without them, a Prometheus without rules allocates so little
            # that in minutes it never does, and its RSS says nothing about the days it runs for.
            time.sleep(args.minutes * 60 - 180)
            for _, expr in dashboard_queries(dashboard):
                prometheus.get("/api/v1/query_range", query=expr, start=time.time() - args.window * 60,
                               end=time.time(), step=INTERVAL)
            time.sleep(120)
        else:
            time.sleep(args.minutes * 60 - 60)
        cpu_before = prometheus.scalar('process_cpu_seconds_total{job="prometheus"}')
        time.sleep(60)
        end = time.time()
        result = {
            "head_series": prometheus.scalar("prometheus_tsdb_head_series"),
            "scraped": prometheus.scalar('sum(scrape_samples_scraped{job="synapse"})'),
            "rss": prometheus.scalar('max_over_time(process_resident_memory_bytes{job="prometheus"}[2m])'),
            # What the RSS is made of: the Go heap in use (live objects and freed ones not yet
            # collected), its live part after the last GC (heap_alloc right after a GC is about the
            # live heap) and the RSS at each minute, to tell a growing memory from a settled one.
            "heap_inuse": prometheus.scalar('max_over_time(go_memstats_heap_inuse_bytes{job="prometheus"}[2m])'),
            "heap_alloc_min": prometheus.scalar('min_over_time(go_memstats_heap_alloc_bytes{job="prometheus"}[2m])'),
            # The heap size at which the next GC starts (live heap times 1 + GOGC/100): the RSS a
            # Prometheus settles at whatever allocates, once enough was allocated to reach it.
            "next_gc": prometheus.scalar('max_over_time(go_memstats_next_gc_bytes{job="prometheus"}[2m])'),
            "gcs": prometheus.scalar('increase(go_gc_duration_seconds_count{job="prometheus"}[2m])'),
            "rss_by_minute": [float(v) / 2**20 for _, v in prometheus.get(
                "/api/v1/query_range", query='process_resident_memory_bytes{job="prometheus"}',
                start=end - args.minutes * 60 + 60, end=end, step=60)["data"]["result"][0]["values"]],
            "cpu": (prometheus.scalar('process_cpu_seconds_total{job="prometheus"}') - cpu_before) / 60,
            "groups": {}, "rules": [], "panels": [], "load": os.getloadavg()[0]}
        # The first evaluations are slower (cold caches, few samples): mean and max of the last minutes.
        settled = f"{max(2, int(args.minutes) - 5)}m"
        for group in prometheus.get("/api/v1/rules")["data"]["groups"]:
            selector = f'prometheus_rule_group_last_duration_seconds{{rule_group=~".*;{group["name"]}"}}[{settled}]'
            result["groups"][group["name"]] = (prometheus.scalar(f"avg_over_time({selector})"),
                                               prometheus.scalar(f"max_over_time({selector})"))
            for rule in group["rules"]:
                result["rules"].append((rule["evaluationTime"], rule["name"], group["name"]))
        if args.profiles:
            # A heap profile (go tool pprof -sample_index=inuse_space or alloc_space) says which code
            # holds and which allocates the memory: the head's series or the rules' queries.
            with open(os.path.join(args.profiles, f"heap-{n}-{variant}.pb.gz"), "wb") as f:
                f.write(prometheus.get("/debug/pprof/heap"))
        recordings = {}
        if rule_file:
            with open(rule_file) as f:
                for group in yaml.safe_load(f)["groups"]:
                    recordings.update({r["record"]: r["expr"] for r in group["rules"] if "record" in r})
        window_start = end - args.window * 60
        for title, expr in dashboard_queries(dashboard):
            recorded = time_range_query(prometheus, expr, window_start, end, args.repeats)
            inlined_expr = inline(expr, recordings)
            inlined = (time_range_query(prometheus, inlined_expr, window_start, end, args.repeats)
                       if inlined_expr != expr else None)
            result["panels"].append((title, expr, recorded, inlined))
        return result
    finally:
        prometheus.stop()
        server.shutdown()
        server.server_close()


def report(results, args):
    history = (f" and {args.history:g} h of backfilled history of {args.history_families}" if args.history else "")
    out = [f"Window of the panel queries: {args.window} min at a {INTERVAL} s step, after {args.minutes} min of "
           f"scraping{history}; Prometheus {args.prometheus_version}; load average before the run {args.load:.1f}.", ""]
    out.append("| N | rules | head series | scraped samples | RSS MiB | heap in use MiB | live heap MiB | next GC at MiB "
               "| GCs in 2 min | CPU cores | slowest group (mean) | slowest evaluation | all rule groups per interval "
               "| all panels s | inlined s |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (n, variant), r in results.items():
        slowest = max(r["groups"].items(), key=lambda g: g[1][0], default=("—", (0, 0)))
        panels = sum(p[2] for p in r["panels"])
        inlined = sum(p[3] if p[3] is not None else p[2] for p in r["panels"])
        peak = max(r["groups"].items(), key=lambda g: g[1][1], default=("—", (0, 0)))
        total = sum(mean for mean, _ in r["groups"].values())
        out.append(f"| {n} | {variant} | {r['head_series']:,.0f} | {r['scraped']:,.0f} | {r['rss'] / 2**20:,.0f} | "
                   f"{r['heap_inuse'] / 2**20:,.0f} | {r['heap_alloc_min'] / 2**20:,.0f} | {r['next_gc'] / 2**20:,.0f} | "
                   f"{r['gcs']:.0f} | "
                   f"{r['cpu']:.2f} | {slowest[0]} {slowest[1][0] * 1000:.0f} ms | {peak[0]} {peak[1][1] * 1000:.0f} ms | "
                   f"{total * 1000:.0f} ms | {panels:.2f} | {inlined:.2f} |")
    out += ["", "RSS (MiB) at each minute of each run:", ""]
    for (n, variant), r in results.items():
        out.append(f"- N = {n}, {variant} (load average {r['load']:.1f} at the end): "
                   + ", ".join(f"{v:.0f}" for v in r["rss_by_minute"]))
    for (n, variant), r in results.items():
        if not r["groups"]:
            continue
        out += ["", f"N = {n}, {variant}: Synapse rule groups (mean / max evaluation) and the slowest rules (last)", ""]
        out += ["| group or rule | mean ms | max ms |", "|---|---|---|"]
        for name, (mean, peak) in sorted(r["groups"].items()):
            if "synapse" in name:
                out.append(f"| `{name}` | {mean * 1000:.1f} | {peak * 1000:.1f} |")
        for seconds, name, group in sorted(r["rules"], reverse=True)[:6]:
            out.append(f"| `{name}` | {seconds * 1000:.1f} | |")
        out += ["", "| panel | query s | recordings inlined s |", "|---|---|---|"]
        for title, expr, recorded, inlined in r["panels"]:
            if inlined is not None or recorded > 0.05:
                out.append(f"| {title} | {recorded:.3f} | {'' if inlined is None else f'{inlined:.3f}'} |")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--expositions", required=True)
    parser.add_argument("--prometheus", required=True)
    parser.add_argument("--prometheus-version", default="")
    parser.add_argument("--dashboard", required=True)
    parser.add_argument("--rules", action="append", default=[], metavar="NAME=RULES[,DASHBOARD]",
                        help="a rule file, and the dashboard that reads it when not --dashboard's")
    parser.add_argument("--n", default="10,50,150")
    parser.add_argument("--minutes", type=float, default=8, help="scraping before the measurement")
    parser.add_argument("--window", type=float, default=6, help="range of the panel queries, minutes")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--port", type=int, default=29300)
    parser.add_argument("--history", type=float, default=float(os.environ.get("RULE_COST_HISTORY_HOURS", 0)),
                        help="hours of history to backfill before the run (RULE_COST_HISTORY_HOURS)")
    parser.add_argument("--history-families", default=os.environ.get("RULE_COST_HISTORY_FAMILIES", ".*"),
                        help="the metric names (a regex) to backfill (RULE_COST_HISTORY_FAMILIES)")
    parser.add_argument("--query-first", action="store_true", default=os.environ.get("RULE_COST_QUERY_FIRST") == "1",
                        help="query the dashboard's panels 3 minutes before measuring (RULE_COST_QUERY_FIRST=1)")
    parser.add_argument("--profiles", default=os.environ.get("RULE_COST_PROFILES"),
                        help="a directory to save each run's heap profile in (RULE_COST_PROFILES)")
    parser.add_argument("--no-baseline", action="store_true", default=os.environ.get("RULE_COST_BASELINE") == "0",
                        help="skip the run without rules (RULE_COST_BASELINE=0)")
    args = parser.parse_args()
    expositions = {}
    for worker_type, name in EXPOSITION_OF_TYPE.items():
        with open(os.path.join(args.expositions, name + ".prom")) as f:
            expositions[worker_type] = Exposition(f.read())
    args.load = os.getloadavg()[0]
    variants = [] if args.no_baseline else [("none", None, args.dashboard)]
    for spec in args.rules:
        name, files = spec.split("=", 1)
        rule_file, _, dashboard = files.partition(",")
        variants.append((name, os.path.abspath(rule_file), dashboard or args.dashboard))
    results = {}
    for n in [int(x) for x in args.n.split(",")]:
        for variant, rule_file, dashboard in variants:
            print(f"N={n} rules={variant}: {args.minutes} min", file=sys.stderr)
            with open(dashboard) as f:
                dashboard_json = json.load(f)
            with tempfile.TemporaryDirectory(prefix="rule-cost-") as work:
                results[(n, variant)] = measure(args, n, variant, rule_file, dashboard_json, expositions, work)
    print(report(results, args))


if __name__ == "__main__":
    main()
