#!/usr/bin/env python3
"""What the chart's Synapse rules and dashboard cost a Prometheus: real Synapse expositions (one per
process type, saved by the end-to-end suite) served as N processes with the labels the chart's
ServiceMonitors give, scraped and evaluated every 30 s by a pinned Prometheus, once without rules
and once per rule file given. Prints a Markdown report. Run through scripts/rule-cost.sh."""
import argparse
import json
import os
import re
import resource
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
# Families Synapse exposes as gauges whose values only grow: its cache metrics are set on every scrape
# from running totals (synapse/util/caches/__init__.py, CacheMetric.collect: hits, hits + misses, and
# the evictions per reason since the process started). The dashboard and rules take their rate(), so
# they grow here as counters do.
CUMULATIVE_GAUGES = {"synapse_util_caches_cache_hits", "synapse_util_caches_cache",
                     "synapse_util_caches_cache_evicted_size", "synapse_util_caches_response_cache_hits",
                     "synapse_util_caches_response_cache", "synapse_util_caches_response_cache_evicted_size"}
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
            grows = name in CUMULATIVE_GAUGES or (
                any(name == f or (name.startswith(f + "_") and not name.endswith("_created")) for f in counter_families)
                and name.rsplit("_", 1)[-1] in ("total", "bucket", "count", "sum"))
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


class MemoryCgroup:
    """A memory cgroup with a limit, as a container's resources.limits.memory gives Prometheus: the kernel
    keeps the process's memory (its anonymous pages and the page cache it charges) under the limit, and
    Prometheus 3 reads the limit and sets the Go runtime's memory limit to 90% of it
    (--auto-gomemlimit, on by default). cgroup v2 where it has the memory controller, else v1."""

    def __init__(self, name, limit_mib):
        if "memory" in read_or_empty("/sys/fs/cgroup/cgroup.controllers").split():
            self.path, self.files = f"/sys/fs/cgroup/{name}", ("memory.max", "memory.current", "memory.peak")
        elif os.path.isdir("/sys/fs/cgroup/memory"):
            self.path = f"/sys/fs/cgroup/memory/{name}"
            self.files = ("memory.limit_in_bytes", "memory.usage_in_bytes", "memory.max_usage_in_bytes")
        else:
            raise SystemExit("RULE_COST_MEMORY_LIMIT needs the cgroup memory controller (v2 or v1) under /sys/fs/cgroup")
        os.makedirs(self.path, exist_ok=True)
        with open(os.path.join(self.path, self.files[0]), "w") as f:
            f.write(str(int(limit_mib * 2**20)))
        self.limit_mib = limit_mib

    def enter(self):
        """Moves the calling process into the cgroup (run in the child before it execs Prometheus)."""
        with open(os.path.join(self.path, "cgroup.procs"), "w") as f:
            f.write(str(os.getpid()))

    def usage_mib(self):
        """Memory charged now and its peak since the cgroup was made, MiB."""
        return [float(read_or_empty(os.path.join(self.path, name)) or "nan") / 2**20 for name in self.files[1:]]

    def remove(self):
        try:
            os.rmdir(self.path)
        except OSError as e:
            print(f"rule-cost: could not remove the cgroup {self.path}: {e}", file=sys.stderr)


def read_or_empty(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return ""


class Prometheus:
    def __init__(self, binary, config, port, work, niceness, memory_limit_mib=0):
        self.url = f"http://127.0.0.1:{port}"
        path = os.path.join(work, "prometheus.yml")
        with open(path, "w") as f:
            yaml.safe_dump(config, f)
        self.log = open(os.path.join(work, "prometheus.log"), "w")
        self.cgroup = MemoryCgroup(f"rule-cost-{port}", memory_limit_mib) if memory_limit_mib else None
        self.process = subprocess.Popen(
            ["nice", "-n", str(niceness), binary, f"--config.file={path}", f"--storage.tsdb.path={work}/data",
             f"--web.listen-address=127.0.0.1:{port}", "--storage.tsdb.retention.time=30d"],
            stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=self.cgroup.enter if self.cgroup else None)
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
        if self.cgroup:
            self.cgroup.remove()


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
    """The median time of the range query, and the points it returned (a panel that finds nothing is
    fast for that reason alone)."""
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        result = prometheus.get("/api/v1/query_range", query=expr, start=start, end=end, step=INTERVAL)
        times.append(time.perf_counter() - began)
    return statistics.median(times), sum(len(series["values"]) for series in result["data"]["result"])


def target_labels(types):
    """Each target's labels as its samples carry them (the scrape config's, without __metrics_path__)."""
    config = scrape_config(types, 0, 0, None)["scrape_configs"][0]["static_configs"]
    return [dict({k: v for k, v in group["labels"].items() if not k.startswith("__")}) for group in config]


def backfill(args, run, expositions):
    """History for the families --history-families names: the samples the N processes would have had over
    the last --history hours (every 30 s, counters growing linearly to their captured value, which the
    live scrape then continues from; gauges at their captured value), written as blocks into the run's
    data directory by tsdb-backfill (scripts/tsdb-backfill) before Prometheus starts. Returns its time."""
    family = re.compile(args.history_families)
    now = int(time.time()) // INTERVAL * INTERVAL
    run.history = (now - int(args.history * 3600), now)
    files = {}
    for worker_type in set(run.types):
        growing, constant = (os.path.join(run.work, f"{worker_type}-{kind}.prom") for kind in ("growing", "constant"))
        with open(growing, "w") as grows_out, open(constant, "w") as constant_out:
            for text, value, grows in expositions[worker_type].lines:
                if value is not None and family.match(text.split("{")[0].strip()):
                    (grows_out if grows else constant_out).write(f"{text}{value!r}\n")
        files[worker_type] = (growing, constant)
    spec = {"start_ms": run.history[0] * 1000, "end_ms": now * 1000, "step_ms": INTERVAL * 1000,
            "targets": [{"growing": files[t][0], "constant": files[t][1], "labels": labels}
                        for labels, t in zip(target_labels(run.types), run.types)]}
    with open(os.path.join(run.work, "history.json"), "w") as f:
        json.dump(spec, f)
    began, cpu = time.time(), children_cpu()
    subprocess.run(["nice", "-n", "19", args.backfill, os.path.join(run.work, "history.json"),
                    os.path.join(run.work, "data")], check=True, stdout=sys.stderr)
    return {"history": time.time() - began, "history CPU": children_cpu() - cpu}


def children_cpu():
    """CPU seconds of the child processes that have ended, user and system."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rule_levels(rule_file):
    """The recording rules of a rule file in the order they can be backfilled: first those that read
    only scraped series, then those that read those recordings, and so on (promtool evaluates each
    rule against what Prometheus already holds, so a recording must be there before its readers)."""
    with open(rule_file) as f:
        groups = yaml.safe_load(f)["groups"]
    rules = [r for g in groups for r in g["rules"] if "record" in r]
    names = {r["record"] for r in rules}
    reads = [[n for n in names if re.search(r"(?<![\w:])" + re.escape(n) + r"(?![\w:])", r["expr"])] for r in rules]
    levels = {n: 0 for n in names}
    for _ in range(len(rules)):  # a recording's level: one more than the highest it reads
        changed = False
        for rule, read in zip(rules, reads):
            level = 1 + max((levels[n] for n in read if n != rule["record"]), default=-1)
            if level > levels[rule["record"]]:
                levels[rule["record"]], changed = level, True
        if not changed:
            break
    out = []
    for group in groups:
        for rule in group["rules"]:
            if "record" in rule:
                depth = levels[rule["record"]]
                while len(out) <= depth:
                    out.append({})
                out[depth].setdefault(group["name"], []).append(rule)
    return [[{"name": name, "rules": rs} for name, rs in by_group.items()] for by_group in out]


def backfill_rules(args, run):
    """The recording rules' own output over the backfilled history, as the running Prometheus would have
    recorded it: promtool tsdb create-blocks-from rules evaluates each recording rule every 30 s over the
    history through this Prometheus's query API, and its blocks are moved into the data directory, which
    Prometheus loads within a minute. Level by level (rule_levels), waiting for each level's blocks to be
    queryable before the next. Returns the time it took."""
    began, cpu = time.time(), children_cpu()
    prometheus_cpu = own_metric(run.prometheus, "process_cpu_seconds_total")
    start, end = run.history
    for depth, groups in enumerate(rule_levels(run.rule_file)):
        rule_file = os.path.join(run.work, f"rules-{depth}.yaml")
        with open(rule_file, "w") as f:
            yaml.safe_dump({"groups": groups}, f, sort_keys=False)
        out = os.path.join(run.work, f"rule-blocks-{depth}")
        log = open(os.path.join(run.work, f"rules-{depth}.log"), "w")
        subprocess.run(["nice", "-n", "19", os.path.join(os.path.dirname(args.prometheus), "promtool"), "tsdb",
                        "create-blocks-from", "rules", f"--start={start}", f"--end={end - 1}",
                        f"--eval-interval={INTERVAL}s", f"--url={run.prometheus.url}", f"--output-dir={out}",
                        rule_file], check=True, stdout=log, stderr=log)
        blocks = [b for b in os.listdir(out) if os.path.isdir(os.path.join(out, b))]
        for block in blocks:
            os.rename(os.path.join(out, block), os.path.join(run.work, "data", block))
        names = "|".join(re.escape(r["record"]) for g in groups for r in g["rules"])
        # Loaded once an instant query at the history's end finds them (or when a level recorded nothing).
        for _ in range(180):
            if not blocks or run.prometheus.query(f'count({{__name__=~"{names}"}})', time=end - INTERVAL):
                break
            time.sleep(1)
        print(f"N={run.n} {run.variant}: recording rules of level {depth} backfilled "
              f"({len(blocks)} blocks, {time.time() - began:.0f} s so far)", file=sys.stderr)
    # promtool's own CPU, and the queries it had the Prometheus evaluate (as scraped, to a few seconds).
    return {"rules history": time.time() - began, "promtool CPU": children_cpu() - cpu,
            "Prometheus CPU": own_metric(run.prometheus, "process_cpu_seconds_total") - prometheus_cpu}


class Run:
    """One Prometheus scraping the served processes, with one rule file or none."""

    def __init__(self, args, n, variant, rule_file, dashboard, port, work):
        self.n, self.variant, self.rule_file, self.dashboard, self.work = n, variant, rule_file, dashboard, work
        self.types = process_types(n)
        self.config = scrape_config(self.types, args.port, port, rule_file)
        self.port = port
        self.prometheus = None
        self.costs = {}  # seconds the backfills took

    def start(self, args):
        self.prometheus = Prometheus(args.prometheus, self.config, self.port, self.work, args.nice, args.memory_limit)
        self.started = time.time()

    def stop(self):
        if self.prometheus:
            self.prometheus.stop()


# What a trace line reads from a Prometheus's own /metrics, each minute of a run.
TRACED = {"rss_mib": "process_resident_memory_bytes", "heap_inuse_mib": "go_memstats_heap_inuse_bytes",
          "heap_alloc_mib": "go_memstats_heap_alloc_bytes", "next_gc_mib": "go_memstats_next_gc_bytes",
          "gcs": "go_gc_duration_seconds_count", "head_series": "prometheus_tsdb_head_series",
          "head_chunks": "prometheus_tsdb_head_chunks", "compactions": "prometheus_tsdb_compactions_total",
          "cpu_s": "process_cpu_seconds_total"}
# What the RSS is made of, from the kernel: anonymous pages (the Go heap, stacks, runtime) and
# file-backed ones (the head's memory-mapped chunks and the blocks' index and chunk files as queries
# touch them, which the kernel may drop under memory pressure and reread).
KERNEL_TRACED = {"rss_anon_mib": "RssAnon", "rss_file_mib": "RssFile"}


def kernel_memory(pid):
    """The process's RssAnon and RssFile in MiB, as /proc/PID/status says them now."""
    with open(f"/proc/{pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status if ":" in line)
    return {key: float(fields[field].split()[0]) / 1024 for key, field in KERNEL_TRACED.items()}


def own_metric(prometheus, name, text=None):
    """A metric of the Prometheus's own /metrics as it is now (its first self-scrape may be seconds away)."""
    text = text if text is not None else prometheus.get("/metrics").decode()
    match = re.search("^" + name + r"(?:\{[^}]*\})? (\S+)$", text, re.M)
    return float(match.group(1)) if match else float("nan")


def trace(path, runs):
    """Appends one line per running Prometheus to the trace file (a TSV with a header line): its memory
    as its own /metrics says it now, so that a run of hours shows how the RSS moves with the GC and
    the head compactions, minute by minute, while the run goes on."""
    new = not os.path.exists(path)
    with open(path, "a") as out:
        if new:
            out.write("\t".join(["utc", "minute", "n", "rules", *TRACED, *KERNEL_TRACED, "retained_mib",
                                 "gomemlimit_mib", "cgroup_mib", "cgroup_peak_mib", "load"]) + "\n")
        for run in runs:
            try:
                text = run.prometheus.get("/metrics").decode()
            except OSError as e:
                print(f"trace: {run.variant} did not answer: {e}", file=sys.stderr)
                continue
            values = []
            for key, metric in TRACED.items():
                value = own_metric(run.prometheus, metric, text)
                values.append(f"{value / 2**20:.1f}" if key.endswith("_mib") else f"{value:.1f}" if key == "cpu_s" else f"{value:.0f}")
            values += [f"{value:.1f}" for value in kernel_memory(run.prometheus.process.pid).values()]
            # Heap pages the Go runtime holds without using them and has not returned to the kernel.
            retained = own_metric(run.prometheus, "go_memstats_heap_idle_bytes", text) \
                - own_metric(run.prometheus, "go_memstats_heap_released_bytes", text)
            values.append(f"{retained / 2**20:.1f}")
            # The Go runtime's memory limit: Prometheus sets it to 90% of its cgroup's limit, or of the
            # machine's memory without one; with --no-auto-gomemlimit and no GOMEMLIMIT it is unbounded.
            limit = own_metric(run.prometheus, "go_gc_gomemlimit_bytes", text)
            values.append(f"{limit / 2**20:.1f}" if limit < 2**50 else "-")
            cgroup = run.prometheus.cgroup
            values += [f"{value:.1f}" for value in cgroup.usage_mib()] if cgroup else ["-", "-"]
            out.write("\t".join([time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                 f"{(time.time() - run.started) / 60:.1f}", str(run.n), run.variant, *values,
                                 f"{os.getloadavg()[0]:.2f}"]) + "\n")


def wait(args, runs, seconds):
    """Sleeps, writing a trace line per run each minute when --trace names a file."""
    end = time.time() + seconds
    while True:
        left = end - time.time()
        if left <= 0:
            return
        if not args.trace:
            time.sleep(left)
            return
        time.sleep(min(60, left))
        trace(args.trace, runs)


def measure_all(args, n, variants, expositions):
    """Runs each variant for --minutes and measures it: one after the other, or all at once (--parallel,
    each Prometheus on its own port, scraping the same served processes) so that a run of hours
    compares them under the same load."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="rule-cost-") as tmp:
        runs = []
        for i, (variant, rule_file, dashboard) in enumerate(variants):
            with open(dashboard) as f:
                dashboard_json = json.load(f)
            work = os.path.join(tmp, variant)
            os.makedirs(work)
            runs.append(Run(args, n, variant, rule_file, dashboard_json, args.port + 1 + i, work))
        for batch in ([runs] if args.parallel else [[run] for run in runs]):
            print(f"N={n} rules={'+'.join(r.variant for r in batch)}: {args.minutes} min", file=sys.stderr)
            if args.history:
                for run in batch:
                    run.costs.update(backfill(args, run, expositions))
            # Served afresh for each batch: the counters start at their captured values, where the
            # backfilled history ends.
            server = serve(expositions, runs[0].types, args.port)
            try:
                for run in batch:
                    run.start(args)
                if args.history and args.history_rules:
                    for run in batch:
                        if run.rule_file:
                            run.costs.update(backfill_rules(args, run))
                    for run in batch:
                        run.started = time.time()  # the run's minutes count from here
                if args.query_first:
                    # A Prometheus in use serves dashboards: their queries allocate, so that its heap
                    # reaches the size the GC lets it grow to. Without them, a Prometheus without rules
                    # allocates so little that in minutes it never does, and its RSS says nothing about
                    # the days it runs for.
                    wait(args, batch, args.minutes * 60 - 180)
                    for run in batch:
                        for _, expr in dashboard_queries(run.dashboard):
                            run.prometheus.get("/api/v1/query_range", query=expr, step=INTERVAL,
                                               start=time.time() - args.window * 60, end=time.time())
                    wait(args, batch, 120)
                else:
                    wait(args, batch, args.minutes * 60 - 60)
                cpu_before = {run.variant: run.prometheus.scalar('process_cpu_seconds_total{job="prometheus"}')
                              for run in batch}
                wait(args, batch, 60)
                for run in batch:
                    results[(n, run.variant)] = measure(args, run, cpu_before[run.variant])
                    results[(n, run.variant)]["costs"] = run.costs
            finally:
                for run in batch:
                    run.stop()
                server.shutdown()
                server.server_close()
    return results


def measure(args, run, cpu_before):
    prometheus, n, variant, rule_file, dashboard = run.prometheus, run.n, run.variant, run.rule_file, run.dashboard
    end = time.time()
    result = {
        "head_series": prometheus.scalar("prometheus_tsdb_head_series"),
        # The backfilled blocks overlap (history, then each level of recordings); Prometheus merges them
        # in its next compaction, a minute or two later: a run with history says how many are left.
        "blocks": prometheus.scalar("prometheus_tsdb_blocks_loaded"),
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
        "groups": {}, "rules": [], "panels": [], "load": os.getloadavg()[0],
        "cgroup": [*prometheus.cgroup.usage_mib(), prometheus.cgroup.limit_mib,
                   prometheus.scalar("go_gc_gomemlimit_bytes") / 2**20] if prometheus.cgroup else None}
    # The first evaluations are slower (cold caches, few samples): mean and max of the last minutes.
    settled = f"{max(2, int(args.minutes) - 5)}m"
    # What the Go runtime allocates a minute: the rules' evaluations make most of it, and the more a
    # Prometheus allocates, the more often its heap grows back to its GC size.
    result["allocated"] = prometheus.scalar(f'rate(go_memstats_alloc_bytes_total{{job="prometheus"}}[{settled}])') * 60
    for group in prometheus.get("/api/v1/rules")["data"]["groups"]:
        selector = f'prometheus_rule_group_last_duration_seconds{{rule_group=~".*;{group["name"]}"}}[{settled}]'
        result["groups"][group["name"]] = (prometheus.scalar(f"avg_over_time({selector})"),
                                           prometheus.scalar(f"max_over_time({selector})"), group["interval"])
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
        recorded, points = time_range_query(prometheus, expr, window_start, end, args.repeats)
        inlined_expr = inline(expr, recordings)
        inlined, inlined_points = (time_range_query(prometheus, inlined_expr, window_start, end, args.repeats)
                                   if inlined_expr != expr else (None, None))
        result["panels"].append((title, expr, recorded, inlined, points, inlined_points))
    return result


def report(results, args):
    history = (f" and {args.history:g} h of backfilled history of {args.history_families}" if args.history else "")
    out = [f"Window of the panel queries: {args.window} min at a {INTERVAL} s step, after {args.minutes} min of "
           f"scraping{history}; Prometheus {args.prometheus_version}; load average before the run {args.load:.1f}.", ""]
    out.append("| N | rules | head series | scraped samples | RSS MiB | heap in use MiB | live heap MiB | next GC at MiB "
               "| GCs in 2 min | CPU cores | slowest group (mean) | slowest evaluation | rule evaluation per 30 s "
               "| all panels s | inlined s |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for (n, variant), r in results.items():
        slowest = max(r["groups"].items(), key=lambda g: g[1][0], default=("—", (0, 0, 1)))
        panels = sum(p[2] for p in r["panels"])
        inlined = sum(p[3] if p[3] is not None else p[2] for p in r["panels"])
        # The slowest single evaluation against its group's interval (groups of 1 minute have twice the time).
        peak = max(r["groups"].items(), key=lambda g: g[1][1] / g[1][2], default=("—", (0, 0, 1)))
        total = sum(mean * INTERVAL / interval for mean, _, interval in r["groups"].values())
        slowest_cell = f"{slowest[0]} {slowest[1][0] * 1000:.0f} ms" if r["groups"] else "—"
        peak_cell = (f"{peak[0]} {peak[1][1] * 1000:.0f} ms ({peak[1][1] / peak[1][2]:.2%} of {peak[1][2]:.0f} s)"
                     if r["groups"] else "—")
        out.append(f"| {n} | {variant} | {r['head_series']:,.0f} | {r['scraped']:,.0f} | {r['rss'] / 2**20:,.0f} | "
                   f"{r['heap_inuse'] / 2**20:,.0f} | {r['heap_alloc_min'] / 2**20:,.0f} | {r['next_gc'] / 2**20:,.0f} | "
                   f"{r['gcs']:.0f} | "
                   f"{r['cpu']:.2f} | {slowest_cell} | {peak_cell} | "
                   f"{total * 1000:.0f} ms | {panels:.2f} | {inlined:.2f} |")
    if args.history:
        out += ["", "What the history cost to write (seconds, before each run's minutes):", ""]
        for (n, variant), r in results.items():
            out.append(f"- N = {n}, {variant}: " + ", ".join(f"{k} {v:.0f} s" for k, v in r["costs"].items())
                       + f"; {r['blocks']:.0f} blocks when measured")
    out += ["", "RSS (MiB) at each minute of each run:", ""]
    for (n, variant), r in results.items():
        out.append(f"- N = {n}, {variant} (load average {r['load']:.1f} at the end): "
                   + ", ".join(f"{v:.0f}" for v in r["rss_by_minute"]))
    for (n, variant), r in results.items():
        if r["cgroup"]:
            usage, peak, limit, go_limit = r["cgroup"]
            out.append(f"- N = {n}, {variant}: in a memory cgroup of {limit:.0f} MiB (Go memory limit {go_limit:.0f} MiB): "
                       f"{usage:.0f} MiB charged at the end, {peak:.0f} MiB at most")
    out += ["", "Allocated by each Prometheus (MiB a minute, over the last minutes):", ""]
    for (n, variant), r in results.items():
        out.append(f"- N = {n}, {variant}: {r['allocated'] / 2**20:.0f}")
    for (n, variant), r in results.items():
        if not r["groups"]:
            continue
        out += ["", f"N = {n}, {variant}: Synapse rule groups (mean / max evaluation, the max as a share of the group's "
                    "interval) and the slowest rules (last)", ""]
        out += ["| group or rule | mean ms | max ms | max / interval |", "|---|---|---|---|"]
        for name, (mean, peak, interval) in sorted(r["groups"].items()):
            if "synapse" in name:
                out.append(f"| `{name}` | {mean * 1000:.1f} | {peak * 1000:.1f} | {peak / interval:.2%} |")
        for seconds, name, group in sorted(r["rules"], reverse=True)[:6]:
            out.append(f"| `{name}` | {seconds * 1000:.1f} | | |")
        out += ["", "| panel | query s | recordings inlined s | points returned (inlined) |", "|---|---|---|---|"]
        for title, expr, recorded, inlined, points, inlined_points in r["panels"]:
            if inlined is not None or recorded > 0.05:
                out.append(f"| {title} | {recorded:.3f} | {'' if inlined is None else f'{inlined:.3f}'} | "
                           f"{points:,}{'' if inlined is None else f' ({inlined_points:,})'} |")
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
    parser.add_argument("--window", type=float, default=float(os.environ.get("RULE_COST_WINDOW", 0)),
                        help="range of the panel queries, minutes (RULE_COST_WINDOW; default the history, or 6)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--port", type=int, default=int(os.environ.get("RULE_COST_PORT", 29300)),
                        help="the served processes' port; each Prometheus takes one of the next (RULE_COST_PORT)")
    parser.add_argument("--history", type=float, default=float(os.environ.get("RULE_COST_HISTORY_HOURS", 0)),
                        help="hours of history to backfill before the run (RULE_COST_HISTORY_HOURS)")
    parser.add_argument("--history-rules", type=int, default=int(os.environ.get("RULE_COST_HISTORY_RULES", 1)),
                        help="0: backfill no recording rules over the history (RULE_COST_HISTORY_RULES)")
    parser.add_argument("--backfill", help="the tsdb-backfill binary (scripts/tsdb-backfill), for --history")
    parser.add_argument("--history-families", default=os.environ.get("RULE_COST_HISTORY_FAMILIES", ".*"),
                        help="the metric names (a regex) to backfill (RULE_COST_HISTORY_FAMILIES)")
    parser.add_argument("--query-first", action="store_true", default=os.environ.get("RULE_COST_QUERY_FIRST") == "1",
                        help="query the dashboard's panels 3 minutes before measuring (RULE_COST_QUERY_FIRST=1)")
    parser.add_argument("--profiles", default=os.environ.get("RULE_COST_PROFILES"),
                        help="a directory to save each run's heap profile in (RULE_COST_PROFILES)")
    parser.add_argument("--parallel", action="store_true", default=os.environ.get("RULE_COST_PARALLEL") == "1",
                        help="run the variants of each N at the same time, each on its own port (RULE_COST_PARALLEL=1)")
    parser.add_argument("--trace", default=os.environ.get("RULE_COST_TRACE"),
                        help="a TSV file to append each Prometheus's memory to every minute (RULE_COST_TRACE)")
    parser.add_argument("--nice", type=int, default=int(os.environ.get("RULE_COST_NICE", 19)),
                        help="the niceness each Prometheus runs at (RULE_COST_NICE; default 19)")
    parser.add_argument("--memory-limit", type=float, default=float(os.environ.get("RULE_COST_MEMORY_LIMIT", 0)),
                        help="MiB: run each Prometheus in a memory cgroup with this limit (RULE_COST_MEMORY_LIMIT)")
    parser.add_argument("--no-baseline", action="store_true", default=os.environ.get("RULE_COST_BASELINE") == "0",
                        help="skip the run without rules (RULE_COST_BASELINE=0)")
    args = parser.parse_args()
    if not args.window:
        args.window = args.history * 60 or 6
    if args.history and not args.backfill:
        parser.error("--history needs --backfill")
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
        results.update(measure_all(args, n, variants, expositions))
    print(report(results, args))


if __name__ == "__main__":
    main()
