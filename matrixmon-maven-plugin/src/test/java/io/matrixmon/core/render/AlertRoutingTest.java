package io.matrixmon.core.render;

import static io.matrixmon.core.render.Charts.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import io.matrixmon.core.component.Bundles;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.descriptor.Declarations;
import io.matrixmon.core.lint.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The optional AlertmanagerConfig: off by default; on, it routes every alert of the chart. */
class AlertRoutingTest {

    private static List<Manifest> routing(Map<String, ?> values) {
        return Charts.template(Charts.defaultChart(), values).stream()
                .filter(m -> m.kind().equals("AlertmanagerConfig")).toList();
    }

    @Test
    void offByDefault() {
        assertEquals(List.of(), routing(Map.of()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertOfTheChartReachesTheReceiverOfItsSeverity() {
        Map<String, Object> sets = new java.util.HashMap<>(Charts.EVERY_ALERT);
        sets.put("alertRouting.enabled", true);
        List<Manifest> chart = Charts.template(Charts.defaultChart(), sets);
        Manifest config = chart.stream().filter(m -> m.kind().equals("AlertmanagerConfig")).findFirst().orElseThrow();
        Map<String, Object> route = (Map<String, Object>) at(config, "spec.route");
        assertEquals(List.of("alertname", "component"), route.get("groupBy"));
        Pattern components = Pattern.compile((String) at(route, "matchers.0.value"));
        assertEquals("component", at(route, "matchers.0.name"));
        int alerts = 0;
        for (Manifest rules : chart.stream().filter(m -> m.kind().equals("PrometheusRule")).toList()) {
            for (Map<String, Object> group : (List<Map<String, Object>>) at(rules, "spec.groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    if (rule.get("alert") == null) {
                        continue;
                    }
                    alerts++;
                    Map<String, String> labels = (Map<String, String>) rule.get("labels");
                    assertTrue(components.matcher(labels.get("component")).matches(), rule.get("alert") + " is routed");
                    String receiver = receiverOf(route, labels.get("severity"));
                    assertEquals("mon-matrix-monitoring-" + labels.get("severity"), receiver, (String) rule.get("alert"));
                }
            }
        }
        assertEquals(Bundles.allAlerts(Components.embedded()).size(), alerts);
        assertEquals("1h", at(route, "routes.0.repeatInterval"));
        assertEquals("4h", route.get("repeatInterval"));
    }

    /** The receiver of the first child route whose severity matcher matches. */
    @SuppressWarnings("unchecked")
    private static String receiverOf(Map<String, Object> route, String severity) {
        for (Map<String, Object> child : (List<Map<String, Object>>) route.get("routes")) {
            Map<String, Object> matcher = ((List<Map<String, Object>>) child.get("matchers")).get(0);
            assertEquals("severity", matcher.get("name"));
            String value = (String) matcher.get("value");
            if (matcher.get("matchType").equals("=") ? value.equals(severity) : severity.matches(value)) {
                return (String) child.get("receiver");
            }
        }
        return (String) route.get("receiver");
    }

    /** The inhibit rules of the AlertmanagerConfig rendered with these values. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> inhibitRules(Map<String, ?> values) {
        Map<String, Object> spec = (Map<String, Object>) routing(values).get(0).object().get("spec");
        return (List<Map<String, Object>>) spec.getOrDefault("inhibitRules", List.of());
    }

    /**
     * Alertmanager's inhibition (inhibit/inhibit.go): the target is muted while another firing
     * alert matches a rule's source matchers, the target its target matchers, and the two agree on
     * every equal label, a label that is missing reading "" on either side.
     */
    @SuppressWarnings("unchecked")
    private static boolean muted(List<Map<String, Object>> rules, Map<String, String> target,
            List<Map<String, String>> firing) {
        for (Map<String, Object> rule : rules) {
            if (!matches((List<Map<String, String>>) rule.get("targetMatch"), target)) {
                continue;
            }
            for (Map<String, String> source : firing) {
                if (source != target && matches((List<Map<String, String>>) rule.get("sourceMatch"), source)
                        && ((List<String>) rule.get("equal")).stream().allMatch(label ->
                                source.getOrDefault(label, "").equals(target.getOrDefault(label, "")))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(List<Map<String, String>> matchers, Map<String, String> alert) {
        return matchers.stream().allMatch(m -> {
            String value = alert.getOrDefault(m.get("name"), "");
            return switch (m.get("matchType")) {
                case "=" -> value.equals(m.get("value"));
                case "=~" -> value.matches(m.get("value"));
                default -> throw new IllegalArgumentException("matchType " + m.get("matchType"));
            };
        });
    }

    /** An alert as Alertmanager receives it: its name, severity and component, then the given labels. */
    private static Map<String, String> alert(String name, String severity, String component, String... labels) {
        Map<String, String> alert = new java.util.LinkedHashMap<>(Map.of("alertname", name, "severity", severity,
                "component", component));
        for (int i = 0; i < labels.length; i += 2) {
            alert.put(labels[i], labels[i + 1]);
        }
        return alert;
    }

    /** Every alert of the chart as name to {severity, component}, from its PrometheusRules. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> chartAlerts() {
        Map<String, Map<String, String>> alerts = new java.util.TreeMap<>();
        for (Manifest rules : Charts.template(Charts.defaultChart(), Charts.EVERY_ALERT).stream()
                .filter(m -> m.kind().equals("PrometheusRule")).toList()) {
            for (Map<String, Object> group : (List<Map<String, Object>>) at(rules, "spec.groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    if (rule.get("alert") != null) {
                        alerts.put((String) rule.get("alert"), (Map<String, String>) rule.get("labels"));
                    }
                }
            }
        }
        return alerts;
    }

    /**
     * Regression: a critical alert muted every warning of its component (equal: [component]), so a
     * never-ending PostgreSQLBackupFailing muted PostgreSQLTooManyConnections. Now, of every pair
     * of a more and a less severe alert of one component firing on the very same target, the less
     * severe one is muted only where its bundle declares that the other implies it.
     */
    @Test
    void anAlertMutesOnlyTheAlertsItsBundleSaysItImplies() {
        List<Map<String, Object>> rules = inhibitRules(Map.of("alertRouting.enabled", true,
                "additionalAlertLabels.cluster", "prod"));
        List<String> declared = Bundles.inhibitions(Components.embedded()).stream()
                .map(i -> i.source() + " -> " + i.target()).toList();
        List<String> severities = List.of("info", "warning", "critical");
        Map<String, Map<String, String>> alerts = chartAlerts();
        String[] sameTarget = {"job", "synapse", "namespace", "matrix", "pod", "p-0", "instance", "10.0.0.1:80",
            "cnpg_io_cluster", "c", "worker_type", "main", "backend", "b", "exported_namespace", "matrix",
            "ingress", "i", "host", "h", "secret_name", "s", "pushkin", "p", "cluster", "prod"};
        List<String> mutedPairs = new ArrayList<>();
        int pairs = 0;
        for (var source : alerts.entrySet()) {
            for (var target : alerts.entrySet()) {
                String component = source.getValue().get("component");
                if (!component.equals(target.getValue().get("component")) || severities.indexOf(
                        source.getValue().get("severity")) <= severities.indexOf(target.getValue().get("severity"))) {
                    continue;
                }
                pairs++;
                Map<String, String> muting = alert(source.getKey(), source.getValue().get("severity"), component,
                        sameTarget);
                Map<String, String> mutedAlert = alert(target.getKey(), target.getValue().get("severity"), component,
                        sameTarget);
                if (muted(rules, mutedAlert, List.of(muting, mutedAlert))) {
                    mutedPairs.add(source.getKey() + " -> " + target.getKey());
                }
            }
        }
        assertTrue(pairs > declared.size(), "pairs of a more and a less severe alert: " + pairs);
        assertEquals(new java.util.TreeSet<>(declared), new java.util.TreeSet<>(mutedPairs));
        assertFalse(mutedPairs.contains("PostgreSQLBackupFailing -> PostgreSQLTooManyConnections"));
    }

    @Test
    void aDeclaredInhibitionMutesOnlyOnTheSameTarget() {
        List<Map<String, Object>> rules = inhibitRules(Map.of("alertRouting.enabled", true,
                "additionalAlertLabels.cluster", "prod"));
        Map<String, String> linkDown = alert("RedisMasterLinkDown", "warning", "redis", "job", "redis",
                "namespace", "matrix", "pod", "redis-1", "master_host", "redis-0", "cluster", "prod");
        Map<String, String> noMaster = alert("RedisNoMaster", "critical", "redis", "job", "redis", "namespace", "matrix",
                "cluster", "prod");
        assertTrue(muted(rules, linkDown, List.of(noMaster, linkDown)));
        Map<String, String> otherNamespace = new java.util.LinkedHashMap<>(noMaster);
        otherNamespace.put("namespace", "staging");
        assertFalse(muted(rules, linkDown, List.of(otherNamespace, linkDown)), "another namespace");
        Map<String, String> otherCluster = new java.util.LinkedHashMap<>(noMaster);
        otherCluster.put("cluster", "staging");
        assertFalse(muted(rules, linkDown, List.of(otherCluster, linkDown)), "another cluster (additionalAlertLabels)");
        // An alert from absent() carries only the labels of its selector: lacking namespace, it
        // agrees on namespace="" only with alerts that lack it as well, which the target never does.
        Map<String, String> fromAbsent = alert("RedisNoMaster", "critical", "redis", "job", "redis", "cluster", "prod");
        assertFalse(muted(rules, linkDown, List.of(fromAbsent, linkDown)), "a source without the target's labels");
        Map<String, String> otherAlert = alert("RedisDown", "critical", "redis", "job", "redis", "namespace", "matrix",
                "pod", "redis-1", "cluster", "prod");
        assertFalse(muted(rules, linkDown, List.of(otherAlert, linkDown)), "a critical alert that does not imply it");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSwitchedOffAlertHasNoInhibitRule() {
        Map<String, Object> expected = Map.of(
                "sourceMatch", List.of(Map.of("name", "alertname", "matchType", "=", "value", "RedisNoMaster"),
                        Map.of("name", "component", "matchType", "=", "value", "redis")),
                "targetMatch", List.of(Map.of("name", "alertname", "matchType", "=", "value", "RedisMasterLinkDown"),
                        Map.of("name", "component", "matchType", "=", "value", "redis")),
                "equal", List.of("job", "namespace"));
        assertTrue(inhibitRules(Map.of("alertRouting.enabled", true)).contains(expected));
        for (String off : List.of("RedisNoMaster", "RedisMasterLinkDown")) {
            assertFalse(inhibitRules(Map.of("alertRouting.enabled", true, "alerts." + off + ".enabled", false))
                    .stream().anyMatch(rule -> ((List<Map<String, String>>) rule.get("sourceMatch")).get(0)
                            .get("value").equals("RedisNoMaster")), off + " switched off");
        }
    }

    /**
     * Alertmanager counts a label missing on both sides as equal: an inhibition is only as narrow
     * as the labels both of its alerts really carry. Each bundle's fixtures say which labels a
     * firing alert carries; both alerts of every declared inhibition must carry all of its labels.
     */
    @Test
    @SuppressWarnings("unchecked")
    void bothAlertsOfEveryInhibitionCarryItsLabels() {
        List<String> problems = new ArrayList<>();
        List<Declarations.Inhibition> inhibitions = Bundles.inhibitions(Components.embedded());
        for (Declarations.Inhibition inhibition : inhibitions) {
            String component = inhibition.component();
            Map<String, Object> fixtures = new org.yaml.snakeyaml.Yaml().load(Components.embedded().get(component)
                    .orElseThrow().file(io.matrixmon.core.component.Component.RULE_TESTS).orElseThrow());
            for (String alert : List.of(inhibition.source(), inhibition.target())) {
                Map<String, Object> labels = (Map<String, Object>) ((Map<String, Map<String, Object>>) fixtures
                        .get("alerts")).get(alert).get("labels");
                for (String label : inhibition.equal()) {
                    if (!labels.containsKey(label)) {
                        problems.add(component + ": " + alert + " fires without " + label + ", which "
                                + inhibition.source() + " -> " + inhibition.target() + " compares");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertFalse(inhibitions.isEmpty());
    }

    @Test
    void receiversComeFromTheValues() {
        Manifest config = routing(Map.of("alertRouting.enabled", true,
                "alertRouting.receivers.critical.webhookConfigs[0].url", "https://hooks.example.com/page",
                "alertRouting.repeatInterval.critical", "30m")).get(0);
        assertEquals("mon-matrix-monitoring-critical", at(config, "spec.receivers.0.name"));
        assertEquals("https://hooks.example.com/page", at(config, "spec.receivers.0.webhookConfigs.0.url"));
        assertEquals(Map.of("name", "mon-matrix-monitoring-warning"), at(config, "spec.receivers.1"));
        assertEquals("30m", at(config, "spec.route.routes.0.repeatInterval"));
    }

    @Test
    void theInstallNotesWarnWhileNoReceiverHasAnIntegration() {
        String without = notes(Map.of("alertRouting.enabled", true));
        assertTrue(without.contains("AlertmanagerConfig monitoring/mon-matrix-monitoring-routing"), without);
        assertTrue(without.contains("Neither receiver has an integration yet"), without);
        String with = notes(Map.of("alertRouting.enabled", true,
                "alertRouting.receivers.warning.webhookConfigs[0].url", "https://hooks.example.com/x"));
        assertFalse(with.contains("Neither receiver"), with);
        assertFalse(notes(Map.of()).contains("AlertmanagerConfig"));
    }

    private static String notes(Map<String, Object> values) {
        InstallCommand install = Helm.install(Charts.defaultChart().toString()).withName("mon").withNamespace("monitoring")
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly();
        values.forEach(install::set);
        return install.call().getOutput();
    }

    @Test
    void theValuesSchemaRejectsAnUnknownReceiverField() {
        IllegalStateException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> routing(Map.of("alertRouting.enabled", true, "alertRouting.receivers.critical.url", "x")));
        assertTrue(error.getMessage().contains("url"), error.getMessage());
    }
}
