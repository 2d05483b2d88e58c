package io.matrixmon.core.render;

import io.matrixmon.core.TestThreads;
import static io.matrixmon.core.render.Charts.at;
import static io.matrixmon.core.render.Charts.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.component.Component;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.descriptor.Deployment;
import io.matrixmon.core.descriptor.DescriptorLoader;
import io.matrixmon.core.lint.ChartLinter;
import io.matrixmon.core.lint.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The default deployment's chart, checked through real Helm (helm-java). */
class RenderedChartTest {

    @TempDir
    Path scratch;

    private final List<Manifest> manifests = Charts.template(Charts.defaultChart(), Map.of());

    @Test
    void lintsStrictWithDefaultsAndWithEverythingEnabled() throws Exception {
        ChartLinter.Report report = new ChartLinter().lint(Charts.defaultChart(), scratch, TestThreads.SHARED);
        assertEquals(List.of(), report.findings());
        // A monitor per target and a PrometheusRule per bundle with rules by default; with every
        // component enabled also the optional targets, a Pooler PodMonitor per cluster and the
        // AlertmanagerConfig.
        Deployment deployment = new DescriptorLoader().load((String) null, "default");
        long rules = Components.embedded().all().stream().filter(c -> c.has(Component.RULES)).count();
        long clusters = ((Map<?, ?>) at(deployment.section("postgresql"), "clusters")).size();
        assertEquals(targets(deployment, true) + rules + targets(deployment, false) + clusters + rules + 1,
                report.objectsValidated());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "synapse,           matrix,        9090,  /_synapse/metrics,          synapse",
        "synapse-li,        matrix,        9090,  /_synapse/metrics,          synapse-li",
        "sygnal,            matrix,        9000,  /metrics,                   sygnal",
        "key-vault,         matrix,        8000,  /metrics,                   key-vault",
        "redis,             matrix,        9121,  /metrics,                   redis",
        "minio,             matrix,        9000,  /minio/v2/metrics/cluster,  minio",
        "haproxy,           matrix,        9101,  /metrics,                   haproxy",
        "ingress-nginx,     ingress-nginx, 10254, /metrics,                   ingress-nginx",
    })
    void serviceMonitorOfEachSeedComponent(String name, String namespace, int port, String path, String job) {
        Manifest monitor = find(manifests, "ServiceMonitor", "mon-matrix-monitoring-" + name);
        assertEquals(List.of(namespace), at(monitor, "spec.namespaceSelector.matchNames"));
        assertEquals(port, at(monitor, "spec.endpoints.0.targetPort"));
        assertEquals(path, at(monitor, "spec.endpoints.0.path"));
        assertEquals("30s", at(monitor, "spec.endpoints.0.interval"));
        assertEquals("10s", at(monitor, "spec.endpoints.0.scrapeTimeout"));
        assertEquals(Map.of("action", "replace", "targetLabel", "job", "replacement", job),
                at(monitor, "spec.endpoints.0.relabelings.0"));
        assertEquals("prometheus", at(monitor, "metadata.labels.release"));
        @SuppressWarnings("unchecked")
        Map<String, Object> labels = (Map<String, Object>) at(monitor, "metadata.labels");
        assertEquals("Helm", labels.get("app.kubernetes.io/managed-by"));
        assertEquals("matrix-monitoring", labels.get("app.kubernetes.io/name"));
        assertEquals("matrix-monitoring-1.2.3-SNAPSHOT", labels.get("helm.sh/chart"));
    }

    @Test
    void everyWorkerTypeHasAServiceMonitorThatLabelsItsTargets() {
        for (String type : List.of("synchrotron", "generic-worker", "media-repository", "event-persister",
                "federation-sender")) {
            Manifest monitor = find(manifests, "ServiceMonitor", "mon-matrix-monitoring-synapse-worker-" + type);
            assertEquals(type, selector(monitor).get("app.kubernetes.io/component"));
            assertTrue(relabelings(monitor).contains(Map.of("action", "replace", "targetLabel", "worker_type",
                    "replacement", type)), () -> type + ": " + relabelings(monitor));
            assertEquals(9090, at(monitor, "spec.endpoints.0.targetPort"));
        }
    }

    @Test
    void theLiInstanceCarriesItsMarker() {
        Manifest monitor = find(manifests, "ServiceMonitor", "mon-matrix-monitoring-synapse-li");
        assertTrue(relabelings(monitor).contains(Map.of("action", "replace", "targetLabel", "matrix_instance",
                "replacement", "li")));
        Manifest main = find(manifests, "ServiceMonitor", "mon-matrix-monitoring-synapse");
        assertTrue(relabelings(main).contains(Map.of("action", "replace", "targetLabel", "matrix_instance",
                "replacement", "main")));
    }

    /** Synapse's dashboard tells the processes of a job apart by index: the pod's ordinal or last name part. */
    @Test
    @SuppressWarnings("unchecked")
    void everySynapseProcessCarriesAnIndexFromItsPodName() {
        List<String> monitors = new ArrayList<>(List.of("synapse", "synapse-li"));
        for (String type : List.of("synchrotron", "generic-worker", "media-repository", "event-persister",
                "federation-sender")) {
            monitors.add("synapse-worker-" + type);
        }
        for (String name : monitors) {
            List<?> relabelings = relabelings(find(manifests, "ServiceMonitor", "mon-matrix-monitoring-" + name));
            Map<String, Object> index = (Map<String, Object>) relabelings.stream()
                    .filter(r -> "index".equals(((Map<?, ?>) r).get("targetLabel"))).findFirst()
                    .orElseThrow(() -> new AssertionError(name + ": no index relabeling in " + relabelings));
            assertEquals(List.of("__meta_kubernetes_pod_name"), index.get("sourceLabels"));
            assertEquals("$1", index.get("replacement"));
            // Prometheus anchors relabeling regexes; RE2 and java.util.regex agree on this one.
            Pattern regex = Pattern.compile("^(?:" + index.get("regex") + ")$");
            Map<String, String> pods = Map.of("synapse-0", "0", "synapse-generic-worker-12", "12",
                    "synapse-media-repository-5d8f7b9c4-qx2lp", "qx2lp", "synapse", "synapse");
            pods.forEach((pod, expected) -> {
                Matcher matcher = regex.matcher(pod);
                assertTrue(matcher.matches(), pod);
                assertEquals(expected, matcher.group(1), pod);
            });
        }
        assertTrue(relabelings(find(manifests, "ServiceMonitor", "mon-matrix-monitoring-redis")).stream()
                .noneMatch(r -> "index".equals(((Map<?, ?>) r).get("targetLabel"))), "only Synapse processes");
    }

    @Test
    void minioUsesBearerTokenFromASecret() {
        Manifest monitor = find(manifests, "ServiceMonitor", "mon-matrix-monitoring-minio");
        assertEquals(Map.of("type", "Bearer", "credentials", Map.of("name", "minio-prometheus-token", "key", "token")),
                at(monitor, "spec.endpoints.0.authorization"));
    }

    @Test
    void aPodMonitorPerCloudNativePgClusterSelectsItsInstancePodsOnly() {
        for (String cluster : List.of("matrix-postgresql", "matrix-postgresql-li")) {
            Manifest monitor = find(manifests, "PodMonitor", "mon-matrix-monitoring-" + cluster);
            // The cluster's Pooler (PgBouncer) pods carry cnpg.io/cluster too, and a port named metrics.
            assertEquals(Map.of("cnpg.io/cluster", cluster, "cnpg.io/podRole", "instance"),
                    at(monitor, "spec.selector.matchLabels"));
            assertEquals("metrics", at(monitor, "spec.podMetricsEndpoints.0.port"));
            assertTrue(((List<?>) at(monitor, "spec.podMetricsEndpoints.0.relabelings")).contains(
                    Map.of("action", "replace", "targetLabel", "cnpg_io_cluster", "replacement", cluster)));
        }
    }

    @Test
    void aPodMonitorWithoutAPortNameScrapesThePortNumberNotTheDeprecatedTargetPort() {
        Manifest monitor = find(Charts.template(Charts.defaultChart(),
                Map.of("postgresql.clusters.matrix-postgresql.portName", "")),
                "PodMonitor", "mon-matrix-monitoring-matrix-postgresql");
        Map<?, ?> endpoint = (Map<?, ?>) at(monitor, "spec.podMetricsEndpoints.0");
        assertEquals(9187, endpoint.get("portNumber"), endpoint::toString);
        assertFalse(endpoint.containsKey("targetPort") || endpoint.containsKey("port"), endpoint::toString);
    }

    @Test
    void aClustersPoolersGetAPodMonitorOfTheirOwnWhenAsked() {
        assertTrue(manifests.stream().noneMatch(m -> m.name().endsWith("-pooler")), "off by default");
        Manifest monitor = find(Charts.template(Charts.defaultChart(),
                Map.of("postgresql.clusters.matrix-postgresql.poolers.enabled", true)),
                "PodMonitor", "mon-matrix-monitoring-matrix-postgresql-pooler");
        assertEquals(Map.of("cnpg.io/cluster", "matrix-postgresql"), at(monitor, "spec.selector.matchLabels"));
        assertEquals(List.of(Map.of("key", "cnpg.io/poolerName", "operator", "Exists")),
                at(monitor, "spec.selector.matchExpressions"));
        assertEquals("metrics", at(monitor, "spec.podMetricsEndpoints.0.port"));
        assertEquals(List.of(Map.of("action", "replace", "targetLabel", "job", "replacement", "pgbouncer"),
                Map.of("action", "replace", "targetLabel", "cnpg_io_cluster", "replacement", "matrix-postgresql"),
                Map.of("action", "replace", "sourceLabels", List.of("__meta_kubernetes_pod_label_cnpg_io_poolerName"),
                        "targetLabel", "cnpg_io_pooler")),
                at(monitor, "spec.podMetricsEndpoints.0.relabelings"));
    }

    /**
     * Regression: the Pooler alerts were rendered with no Pooler scraped, selecting nothing. They
     * exist only with a cluster whose Poolers get their PodMonitor, and select that cluster's only.
     */
    @Test
    void thePoolerAlertsExistOnlyForClustersWhosePoolersAreScraped() {
        List<String> poolerAlerts = List.of("PgBouncerNotAnswering", "PgBouncerClientsWaiting");
        String postgresql = "mon-matrix-monitoring-postgresql";
        Manifest byDefault = find(manifests, "PrometheusRule", postgresql);
        assertTrue(alertNames(byDefault).contains("PostgreSQLDown"), "the instance alerts stay");
        assertEquals(List.of(), alertNames(byDefault).stream().filter(poolerAlerts::contains).toList(),
                "no cluster's Poolers are scraped by default");
        String main = "postgresql.clusters.matrix-postgresql.";
        List<Manifest> disabledCluster = Charts.template(Charts.defaultChart(),
                Map.of(main + "poolers.enabled", true, main + "enabled", false));
        assertTrue(disabledCluster.stream().noneMatch(m -> m.name().endsWith("-pooler")));
        assertEquals(List.of(), alertNames(find(disabledCluster, "PrometheusRule", postgresql)).stream()
                .filter(poolerAlerts::contains).toList(), "a switched-off cluster's Poolers are not scraped");

        Manifest mainOnly = find(Charts.template(Charts.defaultChart(), Map.of(main + "poolers.enabled", true)),
                "PrometheusRule", postgresql);
        assertEquals("cnpg_pgbouncer_up{job=\"pgbouncer\", cnpg_io_cluster=~\"matrix-postgresql\"} == 0\n"
                + "or up{job=\"pgbouncer\", cnpg_io_cluster=~\"matrix-postgresql\"} == 0",
                alert(mainOnly, "PgBouncerNotAnswering").get("expr"));
        assertTrue(((String) alert(mainOnly, "PgBouncerClientsWaiting").get("expr")).contains(
                "cnpg_pgbouncer_pools_maxwait{job=\"pgbouncer\", cnpg_io_cluster=~\"matrix-postgresql\", database!=\"pgbouncer\"}"));
        Manifest both = find(Charts.template(Charts.defaultChart(), Charts.EVERY_ALERT), "PrometheusRule", postgresql);
        for (String alert : poolerAlerts) {
            assertTrue(((String) alert(both, alert).get("expr")).contains(
                    "cnpg_io_cluster=~\"matrix-postgresql|matrix-postgresql-li\""), alert);
        }
        assertEquals(List.of(), alertNames(find(Charts.template(Charts.defaultChart(), Map.of(main + "poolers.enabled",
                true, "alerts.PgBouncerNotAnswering.enabled", false)), "PrometheusRule", postgresql)).stream()
                .filter(name -> name.equals("PgBouncerNotAnswering")).toList(), "still switchable");
    }

    @Test
    void optionalComponentsAreOffByDefaultAndCanBeSwitchedOn() {
        assertTrue(manifests.stream().noneMatch(m -> m.name().endsWith("element-web") || m.name().endsWith("coturn")));
        List<Manifest> enabled = Charts.template(Charts.defaultChart(),
                Map.of("elementWeb.enabled", true, "coturn.enabled", true));
        assertEquals(9641, at(find(enabled, "ServiceMonitor", "mon-matrix-monitoring-coturn"),
                "spec.endpoints.0.targetPort"));
        find(enabled, "ServiceMonitor", "mon-matrix-monitoring-element-web");
    }

    @ParameterizedTest
    @CsvSource({"redis, redis", "minio, minio", "haproxy, haproxy", "keyVault, key-vault",
        "ingressNginx, ingress-nginx", "synapse, synapse"})
    void eachComponentCanBeSwitchedOffAtInstallTime(String key, String name) {
        List<Manifest> without = Charts.template(Charts.defaultChart(), Map.of(key + ".enabled", false));
        assertTrue(without.stream().noneMatch(m -> m.name().equals("mon-matrix-monitoring-" + name)),
                () -> name + " still rendered");
        assertEquals(manifests.size() - 2, without.size(), "its ServiceMonitor and its PrometheusRule go");
    }

    @Test
    void workersAndClustersCanBeSwitchedOff() {
        assertEquals(manifests.size() - 5,
                Charts.template(Charts.defaultChart(), Map.of("synapseWorkers.enabled", false)).size());
        assertEquals(manifests.size() - 1, Charts.template(Charts.defaultChart(),
                Map.of("postgresql.clusters.matrix-postgresql-li.enabled", false)).size());
    }

    @Test
    void scrapeSettingsSelectorsAndRelabelingsAreValues() {
        List<Manifest> tuned = Charts.template(Charts.defaultChart(), Map.of(
                "redis.interval", "15s", "redis.scrapeTimeout", "5s", "redis.namespace", "cache",
                "redis.selector.app", "my-redis", "redis.portName", "http-metrics",
                "redis.metricRelabelings[0].action", "drop", "redis.metricRelabelings[0].regex", "redis_keyspace.*",
                "redis.metricRelabelings[0].sourceLabels[0]", "__name__"));
        Manifest redis = find(tuned, "ServiceMonitor", "mon-matrix-monitoring-redis");
        assertEquals("15s", at(redis, "spec.endpoints.0.interval"));
        assertEquals("5s", at(redis, "spec.endpoints.0.scrapeTimeout"));
        assertEquals(List.of("cache"), at(redis, "spec.namespaceSelector.matchNames"));
        assertEquals("my-redis", selector(redis).get("app"));
        assertEquals("http-metrics", at(redis, "spec.endpoints.0.port"));
        assertEquals(Map.of("action", "drop", "regex", "redis_keyspace.*", "sourceLabels", List.of("__name__")),
                at(redis, "spec.endpoints.0.metricRelabelings.0"));
    }

    @Test
    void valuesSchemaRejectsUnknownKeysAndWrongTypes() {
        IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> Charts.template(Charts.defaultChart(), Map.of("redis.prot", 1)));
        assertTrue(unknown.getMessage().contains("prot"), unknown.getMessage());
        IllegalStateException type = assertThrows(IllegalStateException.class,
                () -> Charts.template(Charts.defaultChart(), Map.of("redis.port", "http")));
        assertTrue(type.getMessage().contains("port"), type.getMessage());
        assertThrows(IllegalStateException.class,
                () -> Charts.template(Charts.defaultChart(), Map.of("redis.interval", "30 seconds")));
        // the presets are shared definitions: each use is still checked
        IllegalStateException action = assertThrows(IllegalStateException.class,
                () -> Charts.template(Charts.defaultChart(), Map.of("redis.relabelings[0].action", "rename")));
        assertTrue(action.getMessage().contains("action"), action.getMessage());
        IllegalStateException field = assertThrows(IllegalStateException.class,
                () -> Charts.template(Charts.defaultChart(), Map.of("synapse.relabelings[0].targetLable", "x")));
        assertTrue(field.getMessage().contains("targetLable"), field.getMessage());
    }

    @Test
    void prometheusTemplatesReachTheRulesLiterally() {
        Manifest rules = find(manifests, "PrometheusRule", "mon-matrix-monitoring-redis");
        Map<?, ?> redisDown = alert(rules, "RedisDown");
        assertTrue(((String) at(redisDown, "annotations.description")).contains("{{ $labels.instance }}"));
        assertEquals("critical", at(redisDown, "labels.severity"));
        assertEquals("redis", at(redisDown, "labels.component"));
        assertEquals("2m", redisDown.get("for"));
        assertEquals("http://prometheus-grafana.monitoring.svc/d/matrixmon-runbooks/matrix-runbooks?viewPanel="
                + Components.runbookPanelId("RedisDown"), at(redisDown, "annotations.runbook_url"));
    }

    @Test
    void thresholdsAndDurationsAreInstallTimeValues() {
        List<Manifest> tuned = Charts.template(Charts.defaultChart(), Map.of(
                "alerts.RedisHighMemoryUsage.threshold", 0.75, "alerts.RedisHighMemoryUsage.for", "1m",
                "alerts.RedisHighMemoryUsage.severity", "critical", "alerts.RedisDown.enabled", false));
        Manifest rules = find(tuned, "PrometheusRule", "mon-matrix-monitoring-redis");
        Map<?, ?> memory = alert(rules, "RedisHighMemoryUsage");
        assertTrue(((String) memory.get("expr")).endsWith("> 0.75"), (String) memory.get("expr"));
        assertEquals("1m", memory.get("for"));
        assertEquals("critical", at(memory, "labels.severity"));
        assertFalse(alertNames(rules).contains("RedisDown"));
    }

    /**
     * keep_firing_for is on the alerts whose bundle sets keepFiringFor (signals that flap by nature)
     * and nowhere else; values and the descriptor change it like for.
     */
    @Test
    @SuppressWarnings("unchecked")
    void keepFiringForOnlyWhereTheBundleSetsItAndAsTheValuesSay() throws Exception {
        Map<String, Map<String, Object>> values = (Map<String, Map<String, Object>>) new org.yaml.snakeyaml.Yaml()
                .<Map<String, Object>>load(Files.readString(Charts.defaultChart().resolve("values.yaml"))).get("alerts");
        Map<String, Object> expected = new java.util.TreeMap<>();
        values.forEach((name, alert) -> {
            if (alert.containsKey("keepFiringFor")) {
                expected.put(name, alert.get("keepFiringFor"));
            }
        });
        assertTrue(expected.keySet().containsAll(List.of("HAProxyHighErrorRate", "SynapseHighSyncLatency")), expected::toString);
        assertEquals(expected, keepFiringFor(Charts.template(Charts.defaultChart(), Charts.EVERY_ALERT)));

        Map<String, Object> tuned = keepFiringFor(Charts.template(Charts.defaultChart(),
                Map.of("alerts.HAProxyHighErrorRate.keepFiringFor", "25m")));
        assertEquals("25m", tuned.get("HAProxyHighErrorRate"));
        Path chart = Charts.render("alerts:\n  SynapseHighSyncLatency:\n    keepFiringFor: 0s\n", scratch);
        assertEquals("0s", keepFiringFor(Charts.template(chart, Map.of())).get("SynapseHighSyncLatency"));
        IllegalStateException undeclared = assertThrows(IllegalStateException.class,
                () -> Charts.render("alerts:\n  RedisDown:\n    keepFiringFor: 5m\n",
                        Files.createDirectories(scratch.resolve("undeclared"))));
        assertTrue(String.valueOf(undeclared.getCause()).contains("keepFiringFor"), String.valueOf(undeclared.getCause()));
    }

    /** Alert name to its keep_firing_for, for the alerts that have one. */
    private static Map<String, Object> keepFiringFor(List<Manifest> manifests) {
        Map<String, Object> found = new java.util.TreeMap<>();
        manifests.stream().filter(m -> m.kind().equals("PrometheusRule"))
                .flatMap(m -> ((List<?>) at(m, "spec.groups")).stream())
                .flatMap(group -> ((List<?>) at(group, "rules")).stream()).map(rule -> (Map<?, ?>) rule)
                .filter(rule -> rule.containsKey("keep_firing_for"))
                .forEach(rule -> found.put((String) rule.get("alert"), rule.get("keep_firing_for")));
        return found;
    }

    @Test
    void grafanaDatasourceForTheSidecar() {
        Manifest datasource = find(manifests, "ConfigMap", "mon-matrix-monitoring-grafana-datasource");
        assertEquals("1", at(datasource, "metadata.labels.grafana_datasource"));
        @SuppressWarnings("unchecked")
        Map<String, String> data = (Map<String, String>) at(datasource, "data");
        assertTrue(data.get("matrixmon-datasource.yaml").contains(
                "url: \"http://prometheus-kube-prometheus-prometheus.monitoring.svc:9090\""));
        List<Manifest> moved = Charts.template(Charts.defaultChart(),
                Map.of("grafana.datasource.url", "http://thanos-query.monitoring:9090"));
        @SuppressWarnings("unchecked")
        Map<String, String> movedData = (Map<String, String>) at(
                find(moved, "ConfigMap", "mon-matrix-monitoring-grafana-datasource"), "data");
        assertTrue(movedData.get("matrixmon-datasource.yaml").contains("http://thanos-query.monitoring:9090"));
    }

    @Test
    void chartFilesAreComplete() throws Exception {
        Path chart = Charts.defaultChart();
        String chartYaml = Files.readString(chart.resolve("Chart.yaml"));
        assertTrue(chartYaml.contains("apiVersion: v2"));
        assertTrue(chartYaml.contains("version: \"1.2.3-SNAPSHOT\""));
        for (String file : List.of("values.yaml", "values.schema.json", "README.md", "templates/_helpers.tpl",
                "templates/NOTES.txt", ".helmignore")) {
            assertTrue(Files.isRegularFile(chart.resolve(file)), file);
        }
        String readme = Files.readString(chart.resolve("README.md"));
        for (String key : List.of("`redis.port`", "`synapseWorkers.types.synchrotron.interval`",
                "`alerts.SynapseHighCPU.threshold`", "`commonLabels`", "`grafana.datasource.url`")) {
            assertTrue(readme.contains(key), key);
        }
        String values = Files.readString(chart.resolve("values.yaml"));
        assertTrue(values.contains("## -- Scrape interval."));
    }

    /** The scrape targets of the deployment: every one, or only those enabled by default. */
    private static long targets(Deployment deployment, boolean enabledOnly) {
        return Stream.of(deployment.section("services"), at(deployment.section("synapseWorkers"), "types"),
                        at(deployment.section("postgresql"), "clusters"))
                .flatMap(targets -> ((Map<?, ?>) targets).values().stream())
                .filter(target -> !enabledOnly || Boolean.TRUE.equals(((Map<?, ?>) target).get("enabled"))).count();
    }

    private static Map<?, ?> selector(Manifest monitor) {
        return (Map<?, ?>) at(monitor, "spec.selector.matchLabels");
    }

    private static List<?> relabelings(Manifest monitor) {
        return (List<?>) at(monitor, "spec.endpoints.0.relabelings");
    }

    static Map<?, ?> alert(Manifest rules, String name) {
        for (Object group : (List<?>) at(rules, "spec.groups")) {
            for (Object rule : (List<?>) at(group, "rules")) {
                if (name.equals(((Map<?, ?>) rule).get("alert"))) {
                    return (Map<?, ?>) rule;
                }
            }
        }
        throw new AssertionError("no alert " + name);
    }

    private static List<?> alertNames(Manifest rules) {
        return ((List<?>) at(rules, "spec.groups")).stream()
                .flatMap(group -> ((List<?>) at(group, "rules")).stream())
                .map(rule -> ((Map<?, ?>) rule).get("alert")).filter(java.util.Objects::nonNull).toList();
    }
}
