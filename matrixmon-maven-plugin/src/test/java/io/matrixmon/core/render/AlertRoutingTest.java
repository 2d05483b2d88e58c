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
import io.matrixmon.core.lint.Manifest;
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
        List<Manifest> chart = Charts.template(Charts.defaultChart(), Map.of("alertRouting.enabled", true));
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

    @Test
    void criticalAlertsInhibitWarningsOfTheSameComponentAndCluster() {
        Manifest config = routing(Map.of("alertRouting.enabled", true, "additionalAlertLabels.cluster", "prod")).get(0);
        assertEquals("critical", at(config, "spec.inhibitRules.0.sourceMatch.0.value"));
        assertEquals("warning|info", at(config, "spec.inhibitRules.0.targetMatch.0.value"));
        assertEquals(List.of("component", "cluster"), at(config, "spec.inhibitRules.0.equal"));
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
        assertTrue(without.contains("AlertmanagerConfig mon-matrix-monitoring-routing"), without);
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
