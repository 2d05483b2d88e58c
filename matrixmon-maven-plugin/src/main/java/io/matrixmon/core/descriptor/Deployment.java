package io.matrixmon.core.descriptor;

import io.matrixmon.core.component.Components;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resolved deployment model: the merged descriptor in which every scrape target carries all
 * of its settings (inherited ones filled in). Only maps, lists and scalars, so that templates can
 * read it and cannot call into it.
 */
public final class Deployment {

    /** Top-level chart values owned by the chart itself; a service may not take these names. */
    static final Set<String> RESERVED_NAMES = Set.of("global", "commonLabels", "namespaceOverride",
            "nameOverride", "fullnameOverride", "monitoring", "grafana", "synapseWorkers", "postgresql",
            "syncSystem", "alerts", "slos", "rules", "alertRouting", "additionalAlertLabels", "runbookBaseUrl", "runbookSuffix");

    private static final List<String> INHERITED = List.of("namespace", "port", "portName", "path", "scheme",
            "interval", "scrapeTimeout", "relabelings", "metricRelabelings");

    private final Map<String, Object> model;

    private Deployment(Map<String, Object> model) {
        this.model = model;
    }

    /** The whole model, read-only. */
    public Map<String, Object> model() {
        return model;
    }

    public String chartName() {
        return (String) section("chart").get("name");
    }

    public Map<String, Object> section(String name) {
        return map(model.get(name));
    }

    /**
     * @param declarations what the bundles declare, for the templates as {@code model.components},
     *     {@code model.thresholds}, ... (see {@link Declarations#toTemplateModel()})
     */
    static Deployment resolve(Map<String, Object> merged, Origins origins, Declarations declarations)
            throws DescriptorException {
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> model = new LinkedHashMap<>(merged);
        Map<String, Object> monitoring = map(merged.get("monitoring"));
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("enabled", true);
        defaults.put("namespace", monitoring.get("targetNamespace"));
        defaults.put("portName", "");
        defaults.put("scheme", "http");
        defaults.put("interval", monitoring.get("interval"));
        defaults.put("scrapeTimeout", monitoring.get("scrapeTimeout"));
        defaults.put("relabelings", List.of());
        defaults.put("metricRelabelings", List.of());

        Map<String, Object> services = new LinkedHashMap<>();
        map(merged.get("services")).forEach((name, value) -> {
            String path = "services." + name;
            if (RESERVED_NAMES.contains(name)) {
                problems.add(origins.problem(path, "'" + name + "' is a name the chart uses itself;"
                        + " choose another service name"));
            }
            Map<String, Object> service = inherit(defaults, map(value));
            service.putIfAbsent("description", "");
            service.putIfAbsent("targetLabels", Map.of());
            require(service, path, List.of("selector", "port", "path", "job"), origins, problems);
            services.put(name, service);
        });
        model.put("services", services);

        Map<String, Object> workers = map(merged.get("synapseWorkers"));
        Map<String, Object> workerDefaults = inherit(defaults, shared(workers));
        // jobLabel synapse: each worker's job is its app (generic_worker, federation_sender, ...), the
        // convention Synapse's metrics documentation and its own Grafana dashboard select on. The chart's
        // rules follow either way: they read the jobs from the values (matrixmon.synapseJobs).
        boolean appJobs = "synapse".equals(workers.get("jobLabel"));
        Map<String, Object> types = new LinkedHashMap<>();
        map(workers.get("types")).forEach((type, value) -> {
            Map<String, Object> worker = inherit(workerDefaults, map(value));
            Object app = worker.remove("app");
            if (appJobs && app == null) {
                problems.add(origins.problem("synapseWorkers.types." + type, "missing required key 'app' (with"
                        + " synapseWorkers.jobLabel: synapse the job of a worker type is its Synapse app, such as"
                        + " generic_worker, media_repository or federation_sender)"));
            }
            // Without an app the problem above is reported once; the shared job keeps 'job' from failing too.
            worker.put("job", appJobs && app != null ? app : workers.get("job"));
            worker.put("targetLabels", OrderedMaps.of("worker_type", type, "matrix_instance", "main"));
            require(worker, "synapseWorkers.types." + type, List.of("selector", "port", "path", "job"),
                    origins, problems);
            types.put(type, worker);
        });
        model.put("synapseWorkers", OrderedMaps.of("enabled", workers.getOrDefault("enabled", true), "types", types));

        Map<String, Object> postgresql = map(merged.get("postgresql"));
        Map<String, Object> clusterDefaults = inherit(defaults, shared(postgresql));
        Map<String, Object> clusters = new LinkedHashMap<>();
        map(postgresql.get("clusters")).forEach((name, value) -> {
            Map<String, Object> cluster = inherit(clusterDefaults, map(value));
            cluster.put("job", postgresql.get("job"));
            cluster.put("targetLabels", OrderedMaps.of("cnpg_io_cluster", name));
            require(cluster, "postgresql.clusters." + name, List.of("role", "path", "job"), origins, problems);
            // CloudNativePG's own default is one instance; only the main database backs up by default.
            cluster.putIfAbsent("instances", 1L);
            cluster.putIfAbsent("backupsExpected", "main".equals(cluster.get("role")));
            Map<String, Object> poolers = new LinkedHashMap<>(Map.of("enabled", false));
            poolers.putAll(map(cluster.get("poolers")));
            cluster.put("poolers", poolers);
            if ("".equals(cluster.get("portName"))) {
                problems.add(origins.problem("postgresql.portName", "expected the name of the metrics container"
                        + " port (CloudNativePG names it \"metrics\"), got \"\""));
            }
            clusters.put(name, cluster);
        });
        if (postgresql.get("poolerJob") != null && postgresql.get("poolerJob").equals(postgresql.get("job"))) {
            problems.add(origins.problem("postgresql.poolerJob", "expected a job other than postgresql.job (\""
                    + postgresql.get("job") + "\"): the instance rules tell instances from Poolers by it"));
        }
        model.put("postgresql", OrderedMaps.of("enabled", postgresql.getOrDefault("enabled", true),
                "poolerJob", postgresql.get("poolerJob"), "kubeletJob", postgresql.get("kubeletJob"),
                "clusters", clusters));

        Map<String, Object> sync = new LinkedHashMap<>(map(merged.get("syncSystem")));
        sync.putIfAbsent("namespace", monitoring.get("targetNamespace"));
        if (Boolean.TRUE.equals(sync.get("enabled"))) {
            if (!clusters.containsKey(sync.get("liCluster"))) {
                problems.add(origins.problem("syncSystem.liCluster", "expected one of the postgresql.clusters ("
                        + String.join(", ", clusters.keySet()) + "), got \"" + sync.get("liCluster") + "\""));
            }
            List<String> mainClusters = clusters.entrySet().stream()
                    .filter(entry -> "main".equals(map(entry.getValue()).get("role"))).map(Map.Entry::getKey).toList();
            Object source = map(sync.get("liFeed")).get("sourceCluster");
            if (!mainClusters.contains(source)) {
                problems.add(origins.problem("syncSystem.liFeed.sourceCluster", "expected one of the"
                        + " postgresql.clusters with role main (" + String.join(", ", mainClusters) + "), got \""
                        + source + "\""));
            }
        }
        model.put("syncSystem", sync);

        List<?> remoteWrite = (List<?>) map(map(merged.get("stack")).get("prometheus")).getOrDefault("remoteWrite",
                List.of());
        for (int i = 0; i < remoteWrite.size(); i++) {
            require(map(remoteWrite.get(i)), "stack.prometheus.remoteWrite[" + i + "]", List.of("url"), origins,
                    problems);
        }
        model.putAll(declarations.toTemplateModel());
        checkRunbookLinks(monitoring, map(map(merged.get("grafana")).get("dashboards")), origins, problems);
        checkTargets(services, types, clusters, origins, problems);
        if (!problems.isEmpty()) {
            throw new DescriptorException(problems);
        }
        return new Deployment(deepUnmodifiable(model));
    }

    /**
     * Without runbookBaseUrl every alert's runbook_url opens the chart's runbook dashboard: leaving
     * that dashboard out would make every link dead.
     */
    private static void checkRunbookLinks(Map<String, Object> monitoring, Map<String, Object> dashboards,
            Origins origins, List<Problem> problems) {
        if (!"".equals(monitoring.get("runbookBaseUrl"))) {
            return;
        }
        String why = ": while monitoring.runbookBaseUrl is empty, every alert's runbook_url opens the chart's"
                + " runbook dashboard; keep it, or set monitoring.runbookBaseUrl to your copy of the runbooks";
        if (Boolean.FALSE.equals(dashboards.get("enabled"))) {
            problems.add(origins.problem("grafana.dashboards.enabled", "expected true, got false" + why));
        } else if (((List<?>) dashboards.getOrDefault("exclude", List.of())).contains(Components.RUNBOOK_DASHBOARD)) {
            problems.add(origins.problem("grafana.dashboards.exclude", "expected a list without '"
                    + Components.RUNBOOK_DASHBOARD + "'" + why));
        }
    }

    private static void checkTargets(Map<String, Object> services, Map<String, Object> workers,
            Map<String, Object> clusters, Origins origins, List<Problem> problems) {
        Map<String, String> owners = new HashMap<>();
        Map<String, Object> targets = new LinkedHashMap<>();
        services.forEach((name, target) -> targets.put("services." + name, target));
        workers.forEach((name, target) -> targets.put("synapseWorkers.types." + name, target));
        clusters.forEach((name, target) -> targets.put("postgresql.clusters." + name, target));
        targets.forEach((path, value) -> {
            Map<String, Object> target = map(value);
            Object interval = target.get("interval");
            Object timeout = target.get("scrapeTimeout");
            if (interval != null && timeout != null
                    && Durations.toMillis((String) timeout) > Durations.toMillis((String) interval)) {
                problems.add(origins.problem(path + ".scrapeTimeout", "expected a scrape timeout no longer than"
                        + " the interval (" + interval + "), got " + timeout));
            }
            String identity = target.get("job") + " " + new java.util.TreeMap<>(map(target.get("targetLabels")));
            String previous = owners.putIfAbsent(identity, path);
            if (previous != null && Boolean.TRUE.equals(target.get("enabled"))) {
                problems.add(origins.problem(path + ".job", "job \"" + target.get("job")
                        + "\" with the same target labels is already used by " + previous
                        + "; their series would collide"));
            }
        });
    }

    private static Map<String, Object> shared(Map<String, Object> block) {
        Map<String, Object> shared = new LinkedHashMap<>();
        for (String key : INHERITED) {
            if (block.containsKey(key)) {
                shared.put(key, block.get(key));
            }
        }
        return shared;
    }

    private static Map<String, Object> inherit(Map<String, Object> defaults, Map<String, Object> own) {
        Map<String, Object> result = new LinkedHashMap<>(defaults);
        result.putAll(own);
        return result;
    }

    private static void require(Map<String, Object> target, String path, List<String> keys, Origins origins,
            List<Problem> problems) {
        for (String key : keys) {
            if (target.get(key) == null) {
                problems.add(origins.problem(path, "missing required key '" + key + "'"));
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static <T> T deepUnmodifiable(T value) {
        if (value instanceof Map<?, ?> source) {
            Map<String, Object> copy = new LinkedHashMap<>();
            source.forEach((key, child) -> copy.put((String) key, deepUnmodifiable(child)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> source) {
            return (T) source.stream().map(Deployment::deepUnmodifiable).toList();
        }
        return value;
    }
}
