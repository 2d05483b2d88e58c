package io.matrixmon.core.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.descriptor.DescriptorLoader;
import io.matrixmon.core.lint.MetricCatalog;
import io.matrixmon.core.render.Charts;
import io.matrixmon.core.render.RenderException;
import io.matrixmon.core.rules.RuleTestGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** A broken bundle fails with its file, line and field, never silently. */
class ComponentErrorsTest {

    @TempDir
    Path dir;

    /** A copy of the throw-away bundle with one file's text replaced. */
    private Path bundle(String file, String from, String to) throws IOException {
        return BrokenBundles.copy(dir, file, from, to);
    }

    private static String declarationError(Path bundle) {
        Components components = Components.embedded().plus(bundle, Bundles.THROWAWAY_RUNBOOKS);
        return assertThrows(IllegalStateException.class, () -> new DescriptorLoader(components)).getMessage();
    }

    @Test
    void anUnknownKeyIsNamedWithFileLineAndField() throws Exception {
        Path bundle = bundle("component.yaml", "    severity: warning", "    sevrity: warning");
        String file = bundle.resolve("component.yaml").toString();
        assertEquals("Invalid component bundles (2 problems):\n  " + file + ":13:5: alerts.ValkeyHighMemoryUsage.sevrity:"
                + " unknown key 'sevrity' (did you mean 'severity'?); expected one of: severity, for, keepFiringFor, threshold, inhibits\n  "
                + file + ":13:5: alerts.ValkeyHighMemoryUsage: missing required key 'severity'", declarationError(bundle));
    }

    /** The one problem of the bundle's component.yaml after the change, without the file's path. */
    private String problemOfDeclaration(String from, String to) throws IOException {
        Path bundle = bundle("component.yaml", from, to);
        String heading = "Invalid component bundle:\n  " + bundle.resolve("component.yaml") + ":";
        String message = declarationError(bundle);
        assertTrue(message.startsWith(heading), message);
        return message.substring(heading.length());
    }

    @Test
    void aMissingUnitIsNamed() throws Exception {
        assertEquals("17:7: alerts.ValkeyHighMemoryUsage.threshold: missing required key 'unit'",
                problemOfDeclaration("      unit: fraction\n", ""));
    }

    @Test
    void aDefaultOutsideItsOwnRange() throws Exception {
        assertEquals("17:7: alerts.ValkeyHighMemoryUsage.threshold.default: expected a default within the"
                + " threshold's own range, a fraction between 0 and 1 (e.g. 0.8 for 80%), got 90",
                problemOfDeclaration("default: 0.9", "default: 90"));
    }

    @Test
    void theDashboardFlagMustMatchTheFiles() throws Exception {
        assertEquals("21:1: dashboard: the bundle has a dashboard.json; say dashboard: true or remove it",
                problemOfDeclaration("dashboard: true", "dashboard: false"));
    }

    /** The one problem of ValkeyDown's inhibits (line 11), with and without the mapping's value. */
    private String problemOfInhibits(String inhibits) throws IOException {
        return problemOfDeclaration("  ValkeyDown: {severity: critical, for: 2m}",
                "  ValkeyDown: {severity: critical, for: 2m, inhibits: " + inhibits + "}");
    }

    @Test
    void anInhibitedAlertOutsideTheBundle() throws Exception {
        assertEquals("11:56: alerts.ValkeyDown.inhibits.RedisHighMemoryUsage: expected an alert of this bundle"
                + " (ValkeyDown, ValkeyHighMemoryUsage), got RedisHighMemoryUsage",
                problemOfInhibits("{RedisHighMemoryUsage: [namespace, pod]}"));
    }

    @Test
    void anAlertMutesOnlyLessSevereOnes() throws Exception {
        assertEquals("14:16: alerts.ValkeyHighMemoryUsage.inhibits.ValkeyDown: expected an alert less severe than"
                + " ValkeyHighMemoryUsage (warning), got ValkeyDown (critical); an alert as severe as the one that"
                + " implies it is sent, not muted",
                problemOfDeclaration("    severity: warning\n", "    severity: warning\n    inhibits: {ValkeyDown: [pod]}\n"));
    }

    @Test
    void anInhibitionNeedsTheLabelsOfTheTarget() throws Exception {
        assertEquals("11:56: alerts.ValkeyDown.inhibits.ValkeyHighMemoryUsage: expected the labels that identify the"
                + " muted alert's target (namespace, pod, ...), got none; without them it would be muted everywhere",
                problemOfInhibits("{ValkeyHighMemoryUsage: []}"));
    }

    @Test
    void anInhibitionDoesNotNameTheLabelsItsRuleMatchesItself() throws Exception {
        assertEquals("11:56: alerts.ValkeyDown.inhibits.ValkeyHighMemoryUsage: expected the labels that identify the"
                + " muted alert's target, got severity, which the inhibit rule matches itself (alertname, severity,"
                + " component)", problemOfInhibits("{ValkeyHighMemoryUsage: [pod, severity]}"));
    }

    @Test
    void aServiceOfAnotherBundle() throws Exception {
        assertEquals(" services.redis: declared already by embedded matrixmon/components/redis/component.yaml",
                problemOfDeclaration("  valkey:\n", "  redis:\n"));
    }

    @Test
    void anUnknownFile() throws Exception {
        Path bundle = bundle("component.yaml", "dashboard: true", "dashboard: true");
        Files.move(bundle.resolve("dashboard.json"), bundle.resolve("dashbaord.json"));
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Components.embedded().plus(bundle, Bundles.THROWAWAY_RUNBOOKS));
        assertEquals("Invalid component bundles:\n  " + bundle.resolve("dashbaord.json") + ": unknown file in a bundle;"
                + " a bundle holds only the files component.yaml, rules.yaml.j2, dashboard.json, catalog.yaml,"
                + " rule-tests.yaml", error.getMessage());
    }

    @Test
    void anAlertWithoutARunbookPage() throws Exception {
        Path bundle = bundle("component.yaml", "dashboard: true", "dashboard: true");
        Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
        Files.copy(Bundles.THROWAWAY_RUNBOOKS.resolve("ValkeyDown.md"), runbooks.resolve("ValkeyDown.md"));
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> new DescriptorLoader(Components.embedded().plus(bundle, runbooks)));
        assertEquals("Invalid component bundle:\n  " + bundle.resolve("component.yaml") + ": alerts.ValkeyHighMemoryUsage:"
                + " has no runbook page; expected embedded matrixmon/runbooks/ValkeyHighMemoryUsage.md"
                + " (src/site/markdown/runbooks/ValkeyHighMemoryUsage.md of the matrixmon project)", error.getMessage());
    }

    @Test
    void aBundleNamedLikeTheRunbookDashboard() throws Exception {
        Path bundle = Files.move(bundle("component.yaml", "dashboard: true", "dashboard: true"), dir.resolve("runbooks"));
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Components.embedded().plus(bundle, Bundles.THROWAWAY_RUNBOOKS));
        assertEquals("Invalid component bundles:\n  " + bundle + ": 'runbooks' is the name of the chart's runbook"
                + " dashboard (files/dashboards/runbooks.json); choose another component name", error.getMessage());
    }

    @Test
    void anAlertOfTheRulesThatTheBundleDoesNotDeclare() throws Exception {
        Path bundle = bundle("component.yaml", "  ValkeyDown: {severity: critical, for: 2m}\n", "");
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Charts.render(null, dir.resolve("chart"), Components.embedded().plus(bundle, Bundles.THROWAWAY_RUNBOOKS)));
        RenderException cause = (RenderException) error.getCause();
        assertTrue(cause.getMessage().contains(bundle.resolve("rules.yaml.j2") + ":16: problem | fail: "), cause.getMessage());
        assertTrue(cause.getMessage().contains("alert ValkeyDown of component valkey is not declared under alerts:"
                + " in the bundle components/valkey/component.yaml"), cause.getMessage());
    }

    @Test
    void aCatalogThatLeavesOutItsOwnComponent() throws Exception {
        Path bundle = bundle("catalog.yaml", "components: [valkey]", "components: [redis]");
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> MetricCatalog.of(Components.embedded().plus(bundle, Bundles.THROWAWAY_RUNBOOKS)));
        assertEquals("Invalid metric catalog " + bundle.resolve("catalog.yaml") + ": components: [redis] leaves out"
                + " valkey, the bundle's own component", error.getMessage());
    }

    @Test
    void aMisspeltFixtureKey() throws Exception {
        Path bundle = bundle("rule-tests.yaml", "    healthy:\n", "    healty:\n");
        Components components = Components.embedded().plus(bundle, Bundles.THROWAWAY_RUNBOOKS);
        Path chart = Charts.render(null, dir.resolve("chart"), components);
        Map<String, Object> values = new Yaml().load(Files.readString(chart.resolve("values.yaml")));
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> new RuleTestGenerator(components)
                .generate(Charts.template(chart, Map.of()), values));
        String file = bundle.resolve("rule-tests.yaml").toString();
        String expected = "; expected one of: failing, healthy, labels, value, startsAt, gone, goneSeries";
        assertEquals("Invalid rule tests (4 problems):\n"
                + "  " + file + ":36:5: alerts.ValkeyDown.healty: unknown key 'healty' (did you mean 'healthy'?)" + expected + "\n"
                + "  " + file + ":33:5: alerts.ValkeyDown: missing required key 'healthy'\n"
                + "  " + file + ":46:5: alerts.ValkeyHighMemoryUsage.healty: unknown key 'healty' (did you mean 'healthy'?)"
                + expected + "\n"
                + "  " + file + ":43:5: alerts.ValkeyHighMemoryUsage: missing required key 'healthy'", error.getMessage());
    }
}
