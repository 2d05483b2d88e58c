package io.matrixmon.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.PinnedTools;
import io.matrixmon.core.lint.Manifest;
import io.matrixmon.core.lint.PrometheusRule;
import io.matrixmon.core.render.Charts;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * cloudflare pint, the version pinned in scripts/tools.pins, finds no problem in the chart's rule
 * groups (after helm template) with the checks of src/test/resources/pint.hcl, offline: with the
 * default values and with every alert rendered.
 */
class PintIT {

    @TempDir
    Path dir;

    @Test
    void pintFindsNoProblemInTheDefaultChartsRules() throws Exception {
        Result result = pint(rules(Charts.template(Charts.defaultChart(), Map.of())));
        assertEquals(0, result.exit(), result.report());
    }

    @Test
    void pintFindsNoProblemWithEveryAlertRendered() throws Exception {
        Result result = pint(rules(Charts.template(Charts.defaultChart(), Charts.EVERY_ALERT)));
        assertEquals(0, result.exit(), result.report());
    }

    /** The configuration keeps the check that reads templates against the query: its proof that it can fail. */
    @Test
    void pintReportsATextThatPrintsALabelAnAbsentBranchCannotCarry() throws Exception {
        Result result = pint(Map.of("groups", List.of(Map.of("name", "example.alerts", "rules", List.of(Map.of(
                "alert", "ExampleDown", "expr", "up{job=\"example\"} == 0 or absent(up{job=\"example\"})",
                "for", "2m", "labels", Map.of("severity", "critical", "component", "example"),
                "annotations", Map.of("summary", "Example is down",
                        "description", "Example {{ $labels.instance }} is down.",
                        "runbook_url", "https://grafana.example.org/d/matrixmon-runbooks/matrix-runbooks?viewPanel=1")))))));
        assertNotEquals(0, result.exit(), result.report());
        assertTrue(result.report().contains("alerts/template") && result.report().contains("`instance`"), result.report());
    }

    record Result(int exit, String report) {
    }

    /** The rule groups of the chart's PrometheusRules, as one rule file (what promtool and pint read). */
    private static Map<String, Object> rules(List<Manifest> manifests) {
        List<PrometheusRule.Group> groups = PrometheusRule.groups(PrometheusRule.of(manifests));
        assertTrue(groups.size() > 2, "rule groups of the chart: " + groups.size());
        return PrometheusRule.ruleFile(groups);
    }

    /** pint's verdict on the rule file: its exit code, and its report with every problem, information included. */
    private Result pint(Map<String, Object> rules) throws IOException, URISyntaxException {
        Files.writeString(dir.resolve("rules.yaml"), new Yaml().dump(rules));
        Path config = Path.of(PintIT.class.getResource("/pint.hcl").toURI());
        // Fails, not skips, without the pinned pint: this test is what keeps the rules clean.
        PinnedTools.Run pint = PinnedTools.reference("pint").run("pint", dir, "--no-color", "--offline", "--config",
                config.toString(), "lint", "--min-severity=info", "--fail-on=info", "rules.yaml");
        // a file pint did not read as rules would pass without a check
        assertTrue(pint.output().matches("(?s).*Checking Prometheus rules\" entries=[1-9].*"), pint.output());
        return new Result(pint.exit(), "pint's report:\n" + pint.output());
    }
}
