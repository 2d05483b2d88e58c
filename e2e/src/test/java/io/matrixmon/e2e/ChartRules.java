package io.matrixmon.e2e;

import io.matrixmon.core.descriptor.ComponentDeclaration;
import io.matrixmon.core.descriptor.DescriptorException;
import io.matrixmon.core.descriptor.DescriptorLoader;
import io.matrixmon.core.helm.HelmCharts;
import io.matrixmon.core.lint.Manifest;
import io.matrixmon.core.lint.PrometheusRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The rules of the built chart, as a user gets them: {@code helm template} of the chart archive
 * with install-time values, the PrometheusRules' groups gathered into one Prometheus rules file.
 */
final class ChartRules {

    /** The scrape targets the suite runs (and the PostgreSQL cluster); every other is switched off at install time. */
    private static final List<String> RUN = List.of("redis", "haproxy", "synapse", "synapseLi", "keyVault");

    static final Map<String, Object> VALUES = new LinkedHashMap<>();

    /**
     * The service-level objectives switched on. The suite's values switch them off: their burn-rate
     * alerts read windows of up to three days, so budget one scenario spends (a key_vault answering
     * 500s, a slow event send) keeps them firing through every later scenario, minutes apart. The
     * healthy stack, which starts the suite, is checked with them on (SharedStack).
     */
    static final Map<String, Object> WITH_OBJECTIVES = new LinkedHashMap<>();

    /** The Synapse worker types the suite runs (the chart also knows media-repository). */
    private static final List<String> WORKER_TYPES = List.of("synchrotron", "generic-worker", "event-persister",
            "federation-sender");

    static {
        for (String objective : defaultObjectives()) {
            VALUES.put("slos." + objective + ".enabled", false);
            WITH_OBJECTIVES.put("slos." + objective + ".enabled", true);
        }
        for (String service : defaultServices()) {
            if (!RUN.contains(service)) {
                VALUES.put(service + ".enabled", false);
            }
        }
        for (String off : List.of("syncSystem", "synapseWorkers.types.media-repository",
                "postgresql.clusters.matrix-postgresql-li",
                "grafana.datasource")) {
            VALUES.put(off + ".enabled", false);
        }
        // The exporters are scraped every second, so rates fill up quickly; Synapse every five
        // seconds with a timeout of four: rendering its metrics costs it CPU, and a Python process
        // on a busy two-core machine can take longer than a second to answer.
        for (String target : List.of("redis", "haproxy", "postgresql.clusters.matrix-postgresql")) {
            VALUES.put(target + ".interval", "1s");
            VALUES.put(target + ".scrapeTimeout", "900ms");
        }
        List<String> synapseTargets = new ArrayList<>(List.of("synapse", "synapseLi"));
        WORKER_TYPES.forEach(type -> synapseTargets.add("synapseWorkers.types." + type));
        for (String target : synapseTargets) {
            VALUES.put(target + ".interval", "5s");
            VALUES.put(target + ".scrapeTimeout", "4s");
        }
        // key_vault is a Python process too (Django's runserver): the same five seconds, timeout four.
        VALUES.put("keyVault.interval", "5s");
        VALUES.put("keyVault.scrapeTimeout", "4s");
        // CloudNativePG's collector reports cnpg_collector_up: 0 when PostgreSQL does not answer;
        // postgres_exporter's pg_up says the same and is renamed by the PodMonitor (see README).
        String relabel = "postgresql.clusters.matrix-postgresql.metricRelabelings[0].";
        VALUES.put(relabel + "sourceLabels[0]", "__name__");
        VALUES.put(relabel + "regex", "pg_up");
        VALUES.put(relabel + "targetLabel", "__name__");
        VALUES.put(relabel + "replacement", "cnpg_collector_up");
        // Every alert of every bundle is enabled (those of the components switched off render nothing,
        // and so do the Pooler alerts: the suite runs no CloudNativePG Pooler, and scrapes none).
        for (String alert : alertsOf(null)) {
            VALUES.put("alerts." + alert + ".enabled", true);
        }
        // The chart's alert routing, to the suite's Alertmanager: each receiver a webhook of the test
        // JVM (Notifications); a group's first notification after a second, the next a second after
        // a change, so that a scenario sees its notifications at once; no repeat during the run.
        VALUES.put("alertRouting.enabled", true);
        VALUES.put("alertRouting.groupWait", "1s");
        VALUES.put("alertRouting.groupInterval", "1s");
        for (String receiver : Notifications.RECEIVERS) {
            VALUES.put("alertRouting.repeatInterval." + receiver, "1h");
            VALUES.put("alertRouting.receivers." + receiver + ".webhookConfigs[0].url", Notifications.url(receiver));
        }
        // Short "for" and keep_firing_for durations keep the suite fast (a scenario waits for its alerts
        // to fire and to resolve); the expressions are the shipped ones.
        List<String> shortened = new ArrayList<>(List.of("RedisDown", "RedisHighMemoryUsage", "PostgreSQLDown",
                "PostgreSQLTooManyConnections", "PostgreSQLReplicationLag", "PostgreSQLBackupFailing", "HAProxyDown",
                "HAProxyHighErrorRate"));
        shortened.addAll(alertsOf("synapse"));
        shortened.addAll(alertsOf("key-vault"));
        shortened.addAll(List.of("HAProxyBackendDown", "HAProxyBackendNoServers"));
        Map<String, ComponentDeclaration.AlertDefaults> declared = declaredAlerts(null);
        for (String alert : shortened) {
            VALUES.put("alerts." + alert + ".for", "5s");
            if (declared.get(alert).keepFiringFor() != null) {
                VALUES.put("alerts." + alert + ".keepFiringFor", "5s");
            }
        }
    }

    /** The alerts the bundle of a component declares (every bundle's for null). */
    static List<String> alertsOf(String component) {
        return new ArrayList<>(declaredAlerts(component).keySet());
    }

    /** Each alert a bundle of the component (every bundle's for null) declares, with its defaults. */
    private static Map<String, ComponentDeclaration.AlertDefaults> declaredAlerts(String component) {
        Map<String, ComponentDeclaration.AlertDefaults> alerts = new LinkedHashMap<>();
        for (ComponentDeclaration declaration : new DescriptorLoader().declarations().components()) {
            if (component == null || declaration.name().equals(component)) {
                alerts.putAll(declaration.alerts());
            }
        }
        return alerts;
    }

    /** Every service of the default deployment: a component added later is switched off too. */
    private static Set<String> defaultServices() {
        return defaultSection("services");
    }

    /** Every service-level objective of the default deployment. */
    private static Set<String> defaultObjectives() {
        return defaultSection("slos");
    }

    private static Set<String> defaultSection(String name) {
        try {
            return new DescriptorLoader().load((String) null, "default").section(name).keySet();
        } catch (DescriptorException e) {
            throw new IllegalStateException(e);
        }
    }

    private final Map<String, Object> values;
    private final String manifests;
    private final List<PrometheusRule.Group> groups = new ArrayList<>();
    private final Map<String, String> dashboards = new LinkedHashMap<>();
    ChartRules(Path chart) {
        this(chart, Map.of());
    }

    /** The chart installed with the suite's values and some more, e.g. an alert's lowered threshold. */
    ChartRules(Path chart, Map<String, Object> moreValues) {
        Map<String, Object> values = new LinkedHashMap<>(VALUES);
        values.putAll(moreValues);
        this.values = values;
        manifests = HelmCharts.template(chart, "e2e", "monitoring", values);
        for (Manifest manifest : Manifest.parse(manifests)) {
            if (manifest.kind().equals(PrometheusRule.KIND)) {
                groups.addAll(PrometheusRule.of(manifest).groups());
            } else if (manifest.kind().equals("ConfigMap") && manifest.object().get("data") instanceof Map<?, ?> data) {
                data.forEach((file, json) -> {
                    if (String.valueOf(file).endsWith(".json")) {
                        dashboards.put(String.valueOf(file), String.valueOf(json));
                    }
                });
            }
        }
    }

    /**
     * The panel queries of one dashboard (matrixmon-&lt;name&gt;.json) as Grafana would send them
     * with "All" selected: every template variable matches anything.
     */
    Map<String, String> panelQueries(String dashboard) {
        String json = dashboards.get("matrixmon-" + dashboard + ".json");
        if (json == null) {
            throw new IllegalStateException("the chart has no dashboard " + dashboard + ": " + dashboards.keySet());
        }
        Map<String, String> queries = new LinkedHashMap<>();
        io.matrixmon.core.lint.Dashboards.expressions(json)
                .forEach((panel, expr) -> queries.put(panel, expr.replaceAll("\\$\\w+", ".*")));
        return queries;
    }

    /** The install-time values (--set), for helm install and upgrade. */
    Map<String, Object> values() {
        return values;
    }

    /** All rendered objects, as helm template printed them. */
    String manifests() {
        return manifests;
    }

    /** The rules file Prometheus loads. */
    String rulesFile() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(PrometheusRule.ruleFile(groups));
    }

    /** Names of the recording rules, for the check that each returns data. */
    List<String> recordingRules() {
        return rules().map(PrometheusRule.Rule::record).filter(java.util.Objects::nonNull).toList();
    }

    /** The names of the alerting rules. */
    List<String> alertNames() {
        return rules().filter(PrometheusRule.Rule::isAlert).map(PrometheusRule.Rule::alert).toList();
    }

    /** The expressions of the alerting rules. */
    List<String> alertExpressions() {
        return rules().filter(PrometheusRule.Rule::isAlert).map(rule -> String.valueOf(rule.expr())).toList();
    }

    private Stream<PrometheusRule.Rule> rules() {
        return groups.stream().flatMap(group -> group.rules().stream());
    }

    /** The chart archive the build produced next to the chart directory, or the directory itself. */
    static Path builtChart(Path chartDirectory) {
        try (Stream<Path> siblings = Files.list(chartDirectory.getParent())) {
            return siblings.filter(p -> p.getFileName().toString().startsWith(chartDirectory.getFileName() + "-")
                    && p.getFileName().toString().endsWith(".tgz")).findFirst().orElse(chartDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(path);
                }
            }
        }
    }
}
