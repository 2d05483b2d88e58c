package io.matrixmon.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.lint.Manifest;
import io.matrixmon.core.render.Charts;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    @SuppressWarnings("unchecked")
    private static Map<String, Object> rules(List<Manifest> manifests) {
        List<Object> groups = new ArrayList<>();
        for (Manifest manifest : manifests) {
            if (manifest.kind().equals("PrometheusRule")) {
                groups.addAll((List<Object>) ((Map<String, Object>) manifest.object().get("spec")).get("groups"));
            }
        }
        assertTrue(groups.size() > 2, "rule groups of the chart: " + groups.size());
        return Map.of("groups", groups);
    }

    /** pint's verdict on the rule file: its exit code, and its report with every problem, information included. */
    private Result pint(Map<String, Object> rules) throws IOException, InterruptedException, URISyntaxException {
        Files.writeString(dir.resolve("rules.yaml"), new Yaml().dump(rules));
        Path config = Path.of(PintIT.class.getResource("/pint.hcl").toURI());
        Process pint = new ProcessBuilder(pint().toString(), "--no-color", "--offline", "--config", config.toString(),
                "lint", "--min-severity=info", "--fail-on=info", "rules.yaml")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        String report = new String(pint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(pint.waitFor(120, TimeUnit.SECONDS), "pint did not finish in 2 minutes");
        // a file pint did not read as rules would pass without a check
        assertTrue(report.matches("(?s).*Checking Prometheus rules\" entries=[1-9].*"), report);
        return new Result(pint.exitValue(), "pint's report:\n" + report);
    }

    /**
     * The pinned pint, built into the tools cache by scripts/tools.sh; fails, not skips, without it: this
     * test is what keeps the rules clean.
     */
    private static Path pint() throws IOException {
        Path pins = pins();
        String name = Files.readAllLines(pins).stream().filter(line -> line.startsWith("pint-"))
                .map(line -> line.substring(0, line.indexOf('|'))).findFirst()
                .orElseThrow(() -> new AssertionError(pins + " pins no pint"));
        String cache = System.getenv("XDG_CACHE_HOME");
        Path binary = (cache == null || cache.isEmpty() ? Path.of(System.getProperty("user.home"), ".cache")
                : Path.of(cache)).resolve("matrixmon/tools").resolve(name).resolve("bin/pint");
        if (!Files.isExecutable(binary)) {
            throw new AssertionError(binary + " does not exist; run scripts/tools.sh install");
        }
        return binary;
    }

    /**
     * scripts/tools.pins of the repository, found upwards from the working directory: failsafe runs in
     * the module's target/ (the shaded build's basedir), surefire in the module.
     */
    private static Path pins() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            Path pins = directory.resolve("scripts/tools.pins");
            if (Files.isRegularFile(pins)) {
                return pins;
            }
        }
        throw new AssertionError("no scripts/tools.pins above " + Path.of("").toAbsolutePath());
    }
}
