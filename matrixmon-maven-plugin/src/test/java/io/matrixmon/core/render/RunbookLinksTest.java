package io.matrixmon.core.render;

import static io.matrixmon.core.render.Charts.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import io.matrixmon.core.component.Bundles;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.lint.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every alert's runbook_url opens a page that exists: by default its panel on the chart's own
 * runbook dashboard, holding its page as written; with runbookBaseUrl the user's copy of its page.
 * A combination that would leave the links dead fails instead.
 */
class RunbookLinksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PAGES = Bundles.RUNBOOKS;
    /** Grafana's dashboard route, /d/&lt;uid&gt;/&lt;slug&gt;, with the panel opened alone. */
    private static final Pattern PANEL_LINK = Pattern.compile("/d/([^/]+)/[^/?]+");

    @TempDir
    Path scratch;

    @Test
    void byDefaultEachAlertOpensItsPageOnTheChartsRunbookDashboard() throws Exception {
        List<Manifest> manifests = Charts.template(Charts.defaultChart(), Charts.EVERY_ALERT);
        Map<String, String> links = runbookUrls(manifests);
        assertEquals(new TreeSet<>(Bundles.allAlerts(Components.embedded())), new TreeSet<>(links.keySet()));
        for (Map.Entry<String, String> link : links.entrySet()) {
            URI url = URI.create(link.getValue());
            assertEquals("http://prometheus-grafana.monitoring.svc", url.getScheme() + "://" + url.getAuthority(),
                    link.getValue());
            JsonNode panel = panel(manifests, url);
            assertEquals("text", panel.path("type").asText(), link.getKey());
            assertEquals("markdown", panel.path("options").path("mode").asText(), link.getKey());
            assertEquals(Files.readString(PAGES.resolve(link.getKey() + ".md")),
                    panel.path("options").path("content").asText(), link.getKey());
        }
        // one panel per alert, nothing else: the dashboard is the runbooks
        JsonNode dashboard = dashboard(manifests, "matrixmon-runbooks").orElseThrow();
        assertEquals(links.size(), dashboard.path("panels").size());
    }

    @Test
    void thePagesReachTheTextPanelUnchanged() throws IOException {
        // The text panel replaces Grafana's global variables ($__from, ${__user.login}, [[__org]]) in
        // its content; the runbook dashboard defines no variables of its own, so only those could
        // alter a page.
        for (String alert : Bundles.allAlerts(Components.embedded())) {
            String page = Files.readString(PAGES.resolve(alert + ".md"));
            for (String variable : List.of("$__", "${__", "[[__")) {
                assertFalse(page.contains(variable), alert + ".md contains " + variable
                        + ", which Grafana's text panel would replace");
            }
        }
    }

    @Test
    void linksFollowGrafanasExternalUrl() {
        List<Manifest> manifests = Charts.template(Charts.defaultChart(),
                Map.of("grafana.externalUrl", "https://grafana.example.org/"));
        runbookUrls(manifests).forEach((alert, url) -> {
            assertTrue(url.startsWith("https://grafana.example.org/d/matrixmon-runbooks/"), url);
            assertEquals(alert, panel(manifests, URI.create(url)).path("title").asText());
        });
    }

    @Test
    void withRunbookBaseUrlEachAlertLinksTheUsersCopyOfItsPage() throws IOException {
        Map<String, Object> sets = new LinkedHashMap<>(Charts.EVERY_ALERT);
        sets.put("runbookBaseUrl", "https://docs.example.org/matrixmon/runbooks/");
        sets.put("runbookSuffix", ".html");
        List<Manifest> manifests = Charts.template(Charts.defaultChart(), sets);
        Map<String, String> links = runbookUrls(manifests);
        assertEquals(new TreeSet<>(Bundles.allAlerts(Components.embedded())), new TreeSet<>(links.keySet()));
        for (Map.Entry<String, String> link : links.entrySet()) {
            assertEquals("https://docs.example.org/matrixmon/runbooks/" + link.getKey() + ".html", link.getValue());
            // the Maven site renders runbooks/<Alert>.md as runbooks/<Alert>.html
            assertTrue(Files.isRegularFile(PAGES.resolve(link.getKey() + ".md")), link.getKey() + ".md");
        }
        // the user's copy replaces the runbook dashboard, which may then be left out
        List<Manifest> without = Charts.template(Charts.defaultChart(), Map.of("runbookBaseUrl",
                "https://wiki.example.org/runbooks", "grafana.dashboards.runbooks.enabled", false));
        assertTrue(dashboard(without, "matrixmon-runbooks").isEmpty());
        assertEquals("https://wiki.example.org/runbooks/RedisDown.md", runbookUrls(without).get("RedisDown"));
    }

    @Test
    void theDescriptorsRunbookBaseUrlAndSuffixAreTheDefaults() {
        Path chart = Charts.render("monitoring:\n  runbookBaseUrl: https://wiki.example.org/matrix\n"
                + "  runbookSuffix: \"\"\n", scratch);
        assertEquals("https://wiki.example.org/matrix/RedisDown",
                runbookUrls(Charts.template(chart, Map.of())).get("RedisDown"));
    }

    @Test
    void switchingTheRunbookDashboardOffWithoutABaseUrlFailsTheInstall() {
        for (String value : List.of("grafana.dashboards.runbooks.enabled", "grafana.dashboards.enabled")) {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> Charts.template(Charts.defaultChart(), Map.of(value, false)), value);
            assertTrue(error.getMessage().contains("runbookBaseUrl is empty, so every alert's runbook_url opens the"
                    + " chart's runbook dashboard, but grafana.dashboards.enabled or"
                    + " grafana.dashboards.runbooks.enabled is false"), error.getMessage());
        }
    }

    @Test
    void aDescriptorThatLeavesTheRunbookDashboardOutNeedsABaseUrl() {
        IllegalStateException excluded = assertThrows(IllegalStateException.class,
                () -> Charts.render("grafana:\n  dashboards:\n    exclude: [redis, runbooks]\n", scratch));
        assertEquals("Invalid deployment descriptor:\n  matrixmon.yaml:3:5: grafana.dashboards.exclude:"
                + " expected a list without 'runbooks': while monitoring.runbookBaseUrl is empty, every alert's"
                + " runbook_url opens the chart's runbook dashboard; keep it, or set monitoring.runbookBaseUrl to your"
                + " copy of the runbooks", excluded.getCause().getMessage());
        IllegalStateException disabled = assertThrows(IllegalStateException.class,
                () -> Charts.render("grafana:\n  dashboards:\n    enabled: false\n", scratch));
        assertTrue(disabled.getCause().getMessage().contains("matrixmon.yaml:3:5: grafana.dashboards.enabled:"
                + " expected true, got false: while monitoring.runbookBaseUrl is empty"), disabled.getCause().getMessage());
        Path chart = Charts.render("monitoring:\n  runbookBaseUrl: https://wiki.example.org/matrix\n"
                + "grafana:\n  dashboards:\n    exclude: [runbooks]\n", scratch);
        assertTrue(dashboard(Charts.template(chart, Map.of()), "matrixmon-runbooks").isEmpty());
    }

    @Test
    void theValuesSchemaRejectsLinksThatAreNoUrls() {
        for (Map.Entry<String, String> value : Map.of("runbookBaseUrl", "wiki.example.org/runbooks",
                "grafana.externalUrl", "grafana", "runbookSuffix", ".ht ml").entrySet()) {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> Charts.template(Charts.defaultChart(), Map.of(value.getKey(), value.getValue())), value.getKey());
            assertTrue(error.getMessage().contains(value.getKey().substring(value.getKey().lastIndexOf('.') + 1)),
                    error.getMessage());
        }
    }

    @Test
    void theInstallNotesSayWhereTheLinksGo() {
        String notes = install(Map.of());
        assertTrue(notes.contains("Each alert's runbook_url opens its page on the runbook dashboard (uid"
                + " matrixmon-runbooks) at\n  http://prometheus-grafana.monitoring.svc/d/matrixmon-runbooks"), notes);
        assertTrue(notes.contains("Set grafana.externalUrl to the URL people reach Grafana at: this is an in-cluster"
                + " Service address"), notes);
        assertFalse(install(Map.of("grafana.externalUrl", "https://grafana.example.org")).contains("in-cluster"));
        assertTrue(install(Map.of("runbookBaseUrl", "https://wiki.example.org/runbooks/", "runbookSuffix", ".html"))
                .contains("Each alert's runbook_url points at your copy of the runbooks:"
                        + " https://wiki.example.org/runbooks/<AlertName>.html"));
    }

    /** What a client-only dry-run install prints, NOTES.txt included. */
    private static String install(Map<String, String> sets) {
        InstallCommand install = new Helm(Charts.defaultChart()).install().withName("mon").withNamespace("monitoring")
                .clientOnly().dryRun();
        sets.forEach(install::set);
        return install.call().getOutput();
    }

    /** The panel a runbook_url opens: the dashboard its path names, the panel its viewPanel names. */
    private static JsonNode panel(List<Manifest> manifests, URI url) {
        Matcher route = PANEL_LINK.matcher(url.getPath());
        assertTrue(route.matches(), url.toString());
        Map<String, String> query = new LinkedHashMap<>();
        for (String parameter : url.getQuery().split("&")) {
            query.put(parameter.substring(0, parameter.indexOf('=')), parameter.substring(parameter.indexOf('=') + 1));
        }
        assertEquals(List.of("viewPanel"), List.copyOf(query.keySet()), url.toString());
        JsonNode dashboard = dashboard(manifests, route.group(1))
                .orElseThrow(() -> new AssertionError("no dashboard with the uid of " + url));
        int id = Integer.parseInt(query.get("viewPanel"));
        List<JsonNode> panels = new java.util.ArrayList<>();
        dashboard.path("panels").forEach(panel -> {
            if (panel.path("id").asInt() == id) {
                panels.add(panel);
            }
        });
        assertEquals(1, panels.size(), "panels with the id of " + url);
        return panels.get(0);
    }

    /** The dashboard with this uid among the chart's sidecar ConfigMaps. */
    private static Optional<JsonNode> dashboard(List<Manifest> manifests, String uid) {
        return manifests.stream().filter(m -> m.kind().equals("ConfigMap")
                && "1".equals(String.valueOf(at(m, "metadata.labels.grafana_dashboard"))))
                .flatMap(m -> ((Map<?, ?>) at(m, "data")).values().stream())
                .map(json -> read(String.valueOf(json))).filter(json -> json.path("uid").asText().equals(uid))
                .findFirst();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every alert's runbook_url, by alert name. */
    private static Map<String, String> runbookUrls(List<Manifest> manifests) {
        Map<String, String> urls = new LinkedHashMap<>();
        for (Manifest rules : manifests.stream().filter(m -> m.kind().equals("PrometheusRule")).toList()) {
            for (Object group : (List<?>) at(rules, "spec.groups")) {
                for (Object rule : (List<?>) at(group, "rules")) {
                    Object alert = ((Map<?, ?>) rule).get("alert");
                    if (alert != null) {
                        urls.put((String) alert, (String) at(rule, "annotations.runbook_url"));
                    }
                }
            }
        }
        return urls;
    }
}
