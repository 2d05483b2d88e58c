package io.matrixmon.core.descriptor;

import io.matrixmon.core.component.Components;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of a deployment descriptor: every key it may hold, each value's type and range.
 * Kubernetes and Prometheus naming rules are enforced here so that a bad name fails the build
 * with its location instead of failing at {@code helm install} or, worse, in Prometheus.
 */
final class DescriptorSchema {

    static final long SECOND = 1000;
    static final long DAY = 24 * 3600 * SECOND;

    private static final Spec FLAG = new Spec.Flag();
    private static final Spec.Text DNS_LABEL = new Spec.Text(
            "a Kubernetes name (lowercase letters, digits and '-', starting and ending with a letter or digit,"
                    + " at most 63 characters)", "[a-z0-9]([-a-z0-9]*[a-z0-9])?", 63);
    private static final Spec.Text NAMESPACE_OR_EMPTY = new Spec.Text(
            "a Kubernetes namespace name or \"\" (the release namespace)", "|[a-z0-9]([-a-z0-9]*[a-z0-9])?", 63);
    private static final Spec.Text SECRET_KEY = new Spec.Text(
            "a Secret key (letters, digits, '-', '_' and '.')", "[-._a-zA-Z0-9]+", 253);
    private static final Spec.Text LABEL_KEY = new Spec.Text(
            "a Kubernetes label key ([prefix/]name, name of letters, digits, '-', '_', '.', at most 63 characters)",
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?"
                    + "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?", 317);
    private static final Spec.Text LABEL_VALUE = new Spec.Text(
            "a Kubernetes label value (letters, digits, '-', '_', '.', at most 63 characters)",
            "([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?", 63);
    private static final Spec.Text PROMETHEUS_LABEL = new Spec.Text(
            "a Prometheus label name (letters, digits and '_', not starting with a digit or '__')",
            "(?!__)[a-zA-Z_][a-zA-Z0-9_]*", 128);
    private static final Spec.Text JOB = new Spec.Text(
            "a job name (letters, digits, '-', '_', '.' and ':')", "[A-Za-z0-9][-A-Za-z0-9_.:]*", 128);
    private static final Spec.Text ANY_TEXT = new Spec.Text("a string", null, 4096);
    private static final Spec.Text PROMETHEUS_LABEL_VALUE = new Spec.Text(
            "a single-line string", "[^\\n\\r]*", 1024);
    private static final Spec.Text URL = new Spec.Text(
            "an http(s) URL without spaces", "https?://[^\\s]+", 2048);
    private static final Spec.Text URL_OR_EMPTY = new Spec.Text(
            "an http(s) URL without spaces, or \"\"", "|https?://[^\\s]+", 2048);
    private static final Spec.Text PATH = new Spec.Text(
            "an HTTP path starting with '/' (no spaces, no '?')", "/[^\\s?#]*", 1024);
    private static final Spec.Text PORT_NAME = new Spec.Text(
            "a port name (lowercase letters, digits and '-', at most 15 characters) or \"\"",
            "|[a-z0-9]([-a-z0-9]*[a-z0-9])?", 15);
    private static final Spec PORT = new Spec.Whole("a port number 1-65535", 1, 65535);
    private static final Spec INTERVAL = Durations.spec(
            "a Prometheus duration between 1s and 1h such as 30s or 1m", SECOND, 3600 * SECOND);
    private static final Spec FOR = Durations.spec(
            "a Prometheus duration between 0s and 7d such as 5m", 0, 7 * DAY);
    private static final Spec REPEAT = Durations.spec(
            "a Prometheus duration between 1m and 7d such as 4h", 60 * SECOND, 7 * DAY);
    private static final Spec SEVERITY = new Spec.Text(
            "one of critical, warning, info", "critical|warning|info", 16);
    private static final Spec SCHEME = new Spec.Text("http or https", "https?", 5);
    private static final Spec.Text ALERT_NAME = new Spec.Text(
            "an alert name (letters and digits, starting with a capital letter)", "[A-Z][A-Za-z0-9]{0,99}", 100);
    /**
     * An objective: the share of good events over the window. Below 0.95 the fastest burn rate
     * that pages (14.4 times the error budget) would need more than every event to fail; above
     * 0.9999 a 30-day budget is 4 minutes, less than the shortest window can tell.
     */
    static final Spec OBJECTIVE = new Spec.Decimal(
            "a fraction between 0.95 and 0.9999 (e.g. 0.999 for 99.9% of events good)", 0.95, 0.9999);
    /** The windows an objective is kept over: the burn-rate alerts' factors are those of a month. */
    static final Spec SLO_WINDOW = new Spec.Text("one of 7d, 14d, 28d, 30d", "7d|14d|28d|30d", 3);
    private static final Spec.Text SLO_NAME = new Spec.Text(
            "an objective name (a letter, then letters and digits, camelCase)", "[a-z][a-zA-Z0-9]{0,59}", 60);
    private static final Spec NUMBER = new Spec.Decimal("a number", -Double.MAX_VALUE, Double.MAX_VALUE);
    /** The descriptor's sections that belong to one component, whose bundle holds their defaults. */
    private static final Map<String, Spec> COMPONENT_SECTIONS = componentSections();

    private DescriptorSchema() {
    }

    /** The descriptor's spec; the alerts, their threshold ranges and the dashboards come from the bundles. */
    static Spec.Fields root(Declarations declarations) {
        Spec.Fields root = new Spec.Fields("the deployment descriptor (a mapping)")
                .with("chart", chart())
                .with("monitoring", monitoring())
                .with("grafana", new Spec.Fields("a mapping")
                        .with("externalUrl", URL)
                        .with("datasource", datasource())
                        .with("dashboards", dashboards(declarations.withDashboards())))
                .with("stack", stack())
                .with("alertRouting", alertRouting())
                .with("services", services(target(true)));
        COMPONENT_SECTIONS.forEach(root::with);
        return root.with("alerts", alerts(declarations.alerts())).with("slos", slos(declarations.slos().keySet()));
    }

    /**
     * The shape of a bundle's component.yaml. Its services are defaults of the descriptor's
     * services.&lt;name&gt; and complete targets; its settings are defaults of the descriptor's
     * sections the component owns.
     */
    static Spec.Fields component() {
        Spec.Fields settings = new Spec.Fields("a mapping of the component's own descriptor sections ("
                + String.join(", ", COMPONENT_SECTIONS.keySet()) + ")");
        COMPONENT_SECTIONS.forEach(settings::with);
        Spec.Fields threshold = new Spec.Fields("a mapping (default, unit, minimum, maximum)")
                .with("default", NUMBER)
                .with("unit", new Spec.Text("a unit: fraction, or the plural of what is counted such as seconds,"
                        + " bytes or CPU cores (letters and spaces)", "[A-Za-z][A-Za-z ]{0,39}", 40))
                .with("minimum", NUMBER)
                .with("maximum", NUMBER)
                .require("default", "unit", "minimum", "maximum");
        Spec.MapOf inhibits = new Spec.MapOf("a mapping of a less severe alert of the bundle to the labels that"
                + " identify its target", ALERT_NAME, new Spec.ListOf(PROMETHEUS_LABEL, 20), false, false);
        Spec.Fields alert = new Spec.Fields("a mapping (severity, for, keepFiringFor, threshold, inhibits)")
                .with("severity", SEVERITY)
                .with("for", FOR)
                .with("keepFiringFor", FOR)
                .with("threshold", threshold)
                .with("inhibits", inhibits)
                .require("severity", "for");
        Spec.Fields slo = new Spec.Fields("a mapping (description, objective, window, minimumRate)")
                .with("description", new Spec.Text("a single-line description", "[^\\n\\r]+", 300))
                .with("objective", OBJECTIVE)
                .with("window", SLO_WINDOW)
                .with("minimumRate", new Spec.Decimal("a number of events a second between 0.0001 and 1000",
                        0.0001, 1000))
                .require("description", "objective", "window", "minimumRate");
        return new Spec.Fields("a component declaration (services, settings, alerts, slos, dashboard)")
                .with("services", services(target(true).require("selector", "port", "path", "job")))
                .with("settings", settings)
                .with("alerts", new Spec.MapOf("a mapping of alert name to its defaults", ALERT_NAME, alert, false,
                        true))
                .with("slos", new Spec.MapOf("a mapping of objective name to its defaults", SLO_NAME, slo, false,
                        true))
                .with("dashboard", FLAG)
                .require("dashboard");
    }

    private static Map<String, Spec> componentSections() {
        Map<String, Spec> sections = new LinkedHashMap<>();
        sections.put("synapseWorkers", workers());
        sections.put("postgresql", postgresql());
        sections.put("syncSystem", new Spec.Fields("a mapping")
                .with("enabled", FLAG)
                .with("namespace", DNS_LABEL)
                .with("liCluster", DNS_LABEL)
                .with("liFeed", liFeed())
                .with("mediaJobPrefix", DNS_LABEL)
                .with("kubeStateMetricsJob", JOB));
        return Collections.unmodifiableMap(sections);
    }

    private static Spec services(Spec.Fields target) {
        return new Spec.MapOf("a mapping of service name to scrape settings",
                new Spec.Text("a service name (a letter, then letters and digits, camelCase)",
                        "[a-z][a-zA-Z0-9]{0,39}", 40), target, false, true);
    }

    private static Spec chart() {
        return new Spec.Fields("a mapping")
                .with("name", new Spec.Text("a chart name (lowercase letters, digits and '-', at most 53 characters)",
                        "[a-z0-9]([-a-z0-9]*[a-z0-9])?", 53))
                .with("description", new Spec.Text("a one-line description", "[^\\n\\r]+", 1024))
                .with("appVersion", new Spec.Text("a version (no spaces)", "[^\\s]+", 64))
                .with("home", URL)
                .with("keywords", new Spec.ListOf(new Spec.Text("a keyword (no spaces)", "[^\\s]+", 64), 50))
                .with("sources", new Spec.ListOf(URL, 20))
                .with("maintainers", new Spec.ListOf(new Spec.Fields("a maintainer (name, email, url)")
                        .with("name", new Spec.Text("a name", "[^\\n\\r]+", 200))
                        .with("email", new Spec.Text("an e-mail address", "[^@\\s]+@[^@\\s]+", 254))
                        .with("url", URL), 20));
    }

    private static Spec monitoring() {
        return new Spec.Fields("a mapping")
                .with("namespace", NAMESPACE_OR_EMPTY)
                .with("selectorLabels", labels("a mapping of label key to value", true))
                .with("targetNamespace", DNS_LABEL)
                .with("interval", INTERVAL)
                .with("scrapeTimeout", INTERVAL)
                .with("runbookBaseUrl", URL_OR_EMPTY)
                .with("runbookSuffix", new Spec.Text("what follows the alert name in a runbook URL, without"
                        + " spaces, such as .md, .html or \"\"", "[^\\s]*", 64))
                .with("additionalAlertLabels", new Spec.MapOf("a mapping of Prometheus label name to value",
                        PROMETHEUS_LABEL, PROMETHEUS_LABEL_VALUE, true, true));
    }

    private static Spec datasource() {
        return new Spec.Fields("a mapping")
                .with("enabled", FLAG)
                .with("name", new Spec.Text("a datasource name (one line)", "[^\\n\\r]+", 190))
                .with("uid", new Spec.Text("a Grafana uid (letters, digits, '-' and '_', at most 40)",
                        "[a-zA-Z0-9_-]{1,40}", 40))
                .with("url", URL)
                .with("isDefault", FLAG);
    }

    private static Spec dashboards(List<String> withDashboards) {
        List<String> names = new ArrayList<>(withDashboards);
        names.add(Components.RUNBOOK_DASHBOARD);
        return new Spec.Fields("a mapping (enabled, folder, exclude)")
                .with("enabled", FLAG)
                .with("folder", new Spec.Text("a Grafana folder name (one line)", "[^\\n\\r]+", 190))
                .with("exclude", new Spec.ListOf(new Spec.Text("one of " + String.join(", ", names),
                        String.join("|", names), 40), 20));
    }

    private static Spec stack() {
        Spec.Fields remoteWrite = new Spec.Fields("a remote write endpoint (url, name, basicAuthSecret)")
                .with("url", URL)
                .with("name", new Spec.Text("a name (letters, digits, '-' and '_')", "[-_a-zA-Z0-9]+", 63))
                .with("basicAuthSecret", DNS_LABEL);
        Spec.Fields prometheus = new Spec.Fields("a mapping")
                .with("retention", Durations.spec("a Prometheus duration between 2h and 10y such as 30d",
                        2 * 3600 * SECOND, 3650 * DAY))
                .with("retentionSize", new Spec.Text("a size in Prometheus' units such as 100GB (B, KB, MB, GB, TB, PB)",
                        "[1-9][0-9]{0,8}(B|KB|MB|GB|TB|PB)", 12))
                .with("storage", new Spec.Text("a Kubernetes storage quantity such as 100Gi (Mi, Gi, Ti, Pi or M, G, T, P)",
                        "[1-9][0-9]{0,8}(Mi|Gi|Ti|Pi|M|G|T|P)", 12))
                .with("storageClassName", new Spec.Text("a StorageClass name or \"\" (the cluster's default)",
                        "|[a-z0-9]([-a-z0-9.]*[a-z0-9])?", 253))
                .with("scrapeInterval", INTERVAL)
                .with("evaluationInterval", INTERVAL)
                .with("externalLabels", new Spec.MapOf("a mapping of Prometheus label name to value",
                        PROMETHEUS_LABEL, PROMETHEUS_LABEL_VALUE, true, true))
                .with("remoteWrite", new Spec.ListOf(remoteWrite, 20))
                .with("thanos", new Spec.Fields("a mapping (enabled, objectStorageSecret)")
                        .with("enabled", FLAG)
                        .with("objectStorageSecret", secretKey()));
        return new Spec.Fields("a mapping")
                .with("chartVersion", new Spec.Text("a chart version such as 67.0.0", "[0-9]+\\.[0-9]+\\.[0-9]+", 32))
                .with("namespace", DNS_LABEL)
                .with("prometheus", prometheus)
                .with("grafana", new Spec.Fields("a mapping").with("adminSecret",
                        new Spec.Fields("a Secret reference (name, userKey, passwordKey)")
                                .with("name", DNS_LABEL)
                                .with("userKey", SECRET_KEY)
                                .with("passwordKey", SECRET_KEY)));
    }

    private static Spec alertRouting() {
        return new Spec.Fields("a mapping")
                .with("enabled", FLAG)
                .with("groupWait", INTERVAL)
                .with("groupInterval", INTERVAL)
                .with("repeatInterval", new Spec.Fields("a mapping (critical, warning)")
                        .with("critical", REPEAT)
                        .with("warning", REPEAT));
    }

    private static Spec secretKey() {
        return new Spec.Fields("a Secret reference (name, key)")
                .with("name", DNS_LABEL)
                .with("key", SECRET_KEY);
    }

    private static Spec labels(String expected, boolean allowEmpty) {
        return new Spec.MapOf(expected, LABEL_KEY, LABEL_VALUE, true, allowEmpty);
    }

    /** Scrape settings of one target; a service has a selector, shared blocks do not. */
    private static Spec.Fields target(boolean service) {
        Spec.Fields fields = new Spec.Fields("a mapping of scrape settings")
                .with("enabled", FLAG)
                .with("namespace", DNS_LABEL)
                .with("port", PORT)
                .with("portName", PORT_NAME)
                .with("path", PATH)
                .with("scheme", SCHEME)
                .with("interval", INTERVAL)
                .with("scrapeTimeout", INTERVAL)
                .with("relabelings", relabelings())
                .with("metricRelabelings", relabelings());
        if (service) {
            fields.with("description", new Spec.Text("a one-line description", "[^\\n\\r]*", 1024))
                    .with("selector", labels("a non-empty mapping of label key to value", false))
                    .with("job", JOB)
                    .with("targetLabels", new Spec.MapOf("a mapping of Prometheus label name to value",
                            PROMETHEUS_LABEL, PROMETHEUS_LABEL_VALUE, true, true))
                    .with("bearerTokenSecret", secretKey());
        }
        return fields;
    }

    private static Spec relabelings() {
        return new Spec.ListOf(new Spec.Fields("a relabeling (sourceLabels, separator, targetLabel, regex,"
                + " modulus, replacement, action)")
                .with("sourceLabels", new Spec.ListOf(new Spec.Text("a label name", "[a-zA-Z_][a-zA-Z0-9_]*", 128), 20))
                .with("separator", ANY_TEXT)
                .with("targetLabel", new Spec.Text("a label name", "[a-zA-Z_][a-zA-Z0-9_]*", 128))
                .with("regex", ANY_TEXT)
                .with("modulus", new Spec.Whole("a positive number", 1, Integer.MAX_VALUE))
                .with("replacement", ANY_TEXT)
                .with("action", new Spec.Text("a relabel action (replace, keep, drop, hashmod, labelmap,"
                        + " labeldrop, labelkeep, lowercase, uppercase, keepequal, dropequal)",
                        "(?i)replace|keep|drop|hashmod|labelmap|labeldrop|labelkeep|lowercase|uppercase"
                                + "|keepequal|dropequal", 16)), 50);
    }

    private static Spec workers() {
        Spec.Fields type = target(false)
                .with("selector", labels("a non-empty mapping of label key to value", false))
                .with("app", JOB);
        return target(false)
                .with("job", JOB)
                .with("jobLabel", new Spec.Text("matrixmon (every worker's job is synapseWorkers.job) or synapse"
                        + " (each worker's job is its type's app, as in Synapse's metrics documentation)",
                        "matrixmon|synapse", 9))
                .with("types", new Spec.MapOf("a mapping of worker type to its selector",
                        new Spec.Text("a worker type (lowercase letters, digits and '-')",
                                "[a-z0-9]([-a-z0-9]*[a-z0-9])?", 40), type, false, true));
    }

    private static Spec postgresql() {
        Spec.Fields cluster = new Spec.Fields("a mapping (enabled, role, namespace, instances, backupsExpected, poolers)")
                .with("enabled", FLAG)
                .with("role", new Spec.Text("main or li", "main|li", 4))
                .with("namespace", DNS_LABEL)
                .with("instances", new Spec.Whole("a number of instances 1-100 (the Cluster's spec.instances)", 1, 100))
                .with("backupsExpected", FLAG)
                .with("poolers", new Spec.Fields("a mapping (enabled)").with("enabled", FLAG));
        return target(false)
                .with("job", JOB)
                .with("poolerJob", JOB)
                .with("kubeletJob", JOB)
                .with("clusters", new Spec.MapOf("a mapping of CloudNativePG cluster name to settings",
                        DNS_LABEL, cluster, false, true));
    }

    /** How the LI database is fed: a replica cluster, or a logical subscription of the source cluster. */
    private static Spec liFeed() {
        return new Spec.Fields("a mapping (mode, sourceCluster, subscription, slot)")
                .with("mode", new Spec.Text("replica-cluster or logical", "replica-cluster|logical", 15))
                .with("sourceCluster", DNS_LABEL)
                .with("subscription", new Spec.Text("a PostgreSQL subscription name (lowercase letters, digits,"
                        + " '_' and '$', not starting with a digit or '$', at most 63 characters)",
                        "[a-z_][a-z0-9_$]*", 63))
                .with("slot", new Spec.Text("a replication slot name (lowercase letters, digits and '_', at most"
                        + " 63 characters)", "[a-z0-9_]+", 63));
    }

    private static Spec alerts(Map<String, ComponentDeclaration.AlertDefaults> declaredAlerts) {
        Spec.Fields alerts = new Spec.Fields("a mapping of alert name to settings");
        declaredAlerts.forEach((name, declared) -> {
            Spec.Fields settings = new Spec.Fields("a mapping (enabled, severity, for"
                    + (declared.keepFiringFor() == null ? "" : ", keepFiringFor")
                    + (declared.threshold() == null ? ")" : ", threshold)"))
                    .with("enabled", FLAG)
                    .with("severity", SEVERITY)
                    .with("for", FOR);
            if (declared.keepFiringFor() != null) {
                settings.with("keepFiringFor", FOR);
            }
            if (declared.threshold() != null) {
                settings.with("threshold", declared.threshold().spec());
            }
            alerts.with(name, settings);
        });
        return alerts;
    }

    private static Spec slos(Collection<String> names) {
        Spec.Fields slos = new Spec.Fields("a mapping of objective name to settings");
        names.forEach(name -> slos.with(name, new Spec.Fields("a mapping (enabled, objective, window)")
                .with("enabled", FLAG)
                .with("objective", OBJECTIVE)
                .with("window", SLO_WINDOW)));
        return slos;
    }
}
