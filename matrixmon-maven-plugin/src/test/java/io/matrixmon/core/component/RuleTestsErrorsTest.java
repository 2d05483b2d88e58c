package io.matrixmon.core.component;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.matrixmon.core.lint.Manifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mistake in a bundle's rule-tests.yaml fails with its file, line, column, field and what was expected. */
class RuleTestsErrorsTest {

    /** The throw-away component without rules: the generator reads its fixtures. */
    private static final List<Manifest> VALKEY_RULES = BrokenBundles.valkeyRules(List.of());

    @TempDir
    Path dir;

    /** The generator's message after one change to the throw-away bundle's fixtures, with their path as FILE. */
    private String error(String from, String to) throws IOException {
        return BrokenBundles.generatorError(BrokenBundles.copy(dir, "rule-tests.yaml", from, to), VALKEY_RULES,
                Map.of());
    }

    @Test
    void aValueOfTheWrongType() throws Exception {
        assertEquals("Invalid rule tests FILE:40:12: alerts.ValkeyDown.value: expected a number or a text such as"
                + " ${threshold * 1.5}, got a list", error("    value: 0\n", "    value: [0]\n"));
    }

    @Test
    void anUnknownKey() throws Exception {
        assertEquals("Invalid rule tests FILE:40:5: alerts.ValkeyDown.valeu: unknown key 'valeu' (did you mean"
                + " 'value'?); expected one of: failing, healthy, labels, value, startsAt, gone, goneSeries",
                error("    value: 0\n", "    valeu: 0\n"));
    }

    @Test
    void aMissingKey() throws Exception {
        assertEquals("Invalid rule tests FILE:43:5: alerts.ValkeyHighMemoryUsage: missing required key 'labels'",
                error("    labels: {job: \"${valkey.job}\", namespace: matrix, pod: valkey-0, instance: \"10.0.0.30:9121\"}\n"
                        + "    value: ${threshold", "    value: ${threshold"));
    }

    @Test
    void aSeriesWithoutValues() throws Exception {
        assertEquals("Invalid rule tests FILE:35:9: alerts.ValkeyDown.failing[1]: expected a [series, values] pair"
                + " such as ['up{job=\"redis\"}', '1'], got a list of 1 item",
                error("instance=\"10.0.0.30:9121\"}', '1']\n    healthy:",
                        "instance=\"10.0.0.30:9121\"}']\n    healthy:"));
    }

    @Test
    void anExpectedSampleThatIsNoNumber() throws Exception {
        assertEquals("Invalid rule tests FILE:56:90: recording.\"job:redis_commands_processed:rate5m\".expect[0][1]:"
                + " expected a number, got the string \"ten\"", error("namespace=\"matrix\"}', 10]", "namespace=\"matrix\"}', ten]"));
    }

    @Test
    void aBurnScenarioFiringAtNoDuration() throws Exception {
        assertEquals("Invalid rule tests FILE:54:25: scenarios[0].fires.ValkeyDown: expected a Prometheus duration"
                + " between 1m and 7d such as 45m, got the string \"soon\"", error("recording:\n", "scenarios:\n"
                        + "  - name: a burn\n    objective: valkeyAvailability\n    fires: {ValkeyDown: soon}\n"
                        + "    series: []\nrecording:\n"));
    }

    @Test
    void aBurnScenarioWithoutItsObjective() throws Exception {
        assertEquals("Invalid rule tests FILE:52:5: scenarios[0]: missing required key 'objective'", error("recording:\n",
                "scenarios:\n  - name: a burn\n    silent: [ValkeyDown]\n    until: 1h\n    series: []\nrecording:\n"));
    }

    @Test
    void aFixtureOfAnAlertTheBundleLacks() throws Exception {
        assertEquals("Invalid rule tests FILE:42:3: alerts.ValkeyHighMemoryUsge: unknown alert 'ValkeyHighMemoryUsge'"
                + " (did you mean 'ValkeyHighMemoryUsage'?); expected an alert of the bundle's component.yaml",
                error("  ValkeyHighMemoryUsage:\n", "  ValkeyHighMemoryUsge:\n"));
    }

    /** The values the fixtures' placeholders read: the chart's, of which only these matter here. */
    private static final Map<String, Object> VALUES = Map.of("valkey", Map.of("job", "valkey"),
            "alerts", Map.of("ValkeyDown", Map.of()));

    /** The generator's message on the throw-away bundle's ValkeyDown rule, with the chart's values. */
    private String errorWithValues(String from, String to) throws IOException {
        return errorWithValues(from, to, Map.of());
    }

    private String errorWithValues(String from, String to, Map<String, String> annotations) throws IOException {
        return BrokenBundles.generatorError(BrokenBundles.copy(dir, "rule-tests.yaml", from, to),
                BrokenBundles.valkeyRules(List.of(Map.of("name", "valkey", "rules", List.of(Map.of("alert", "ValkeyDown",
                        "expr", "redis_up == 0", "for", "2m", "labels", Map.of("severity", "critical"),
                        "annotations", annotations))))), VALUES);
    }

    @Test
    void aPlaceholderOfNoValue() throws Exception {
        assertEquals("Invalid rule tests FILE:37:10: alerts.ValkeyDown.healthy[0][0]: ${valkey.jbo} is no value of the"
                + " chart; expected the path of one in its values.yaml, such as ${redis.job}",
                errorWithValues("      - ['redis_up{job=\"${valkey.job}\", namespace=\"matrix\", pod=\"valkey-0\","
                        + " instance=\"10.0.0.30:9121\"}', '1']\n      - ['up",
                        "      - ['redis_up{job=\"${valkey.jbo}\", namespace=\"matrix\", pod=\"valkey-0\","
                        + " instance=\"10.0.0.30:9121\"}', '1']\n      - ['up"));
    }

    @Test
    void aPlaceholderOfUnreadableArithmetic() throws Exception {
        assertEquals("Invalid rule tests FILE:40:5: alerts.ValkeyDown.value: ${threshold * } is neither the path of"
                + " a value (${redis.job}) nor arithmetic on threshold (${threshold * 1.5}): cannot read 'threshold *':"
                + " expected a number, threshold or ( after 'threshold*'", errorWithValues("    value: 0\n", "    value: ${threshold * }\n"));
    }

    @Test
    void aValueThatIsNoNumber() throws Exception {
        assertEquals("Invalid rule tests FILE:40:5: alerts.ValkeyDown.value: ${valkey.job} gives 'valkey', which is no"
                + " number; expected a number or arithmetic on threshold such as ${threshold * 1.5}",
                errorWithValues("    value: 0\n", "    value: ${valkey.job}\n"));
    }

    @Test
    void anAnnotationTheTestsCannotRender() throws Exception {
        Path rules = Bundles.THROWAWAY.resolve("rules.yaml.j2");
        String message = errorWithValues("    value: 0\n", "    value: 0\n", Map.of("summary",
                "Valkey {{ $labels.pod }} is down since {{ $value | humanizeDays }}"));
        assertEquals("Invalid alert " + dir.resolve("valkey").resolve("rules.yaml.j2") + ":" + lineOf(rules,
                "\"ValkeyDown\"") + ": ValkeyDown, annotation summary: no rendering for the template function"
                + " humanizeDays; the rule tests render $labels.x (| urlquery), $value (| humanize, humanize1024,"
                + " humanizePercentage, humanizeDuration, humanizeTimestamp) and if $labels.x ... else ... end", message);
    }

    private static int lineOf(Path file, String text) throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(file);
        return lines.indexOf(lines.stream().filter(line -> line.contains(text)).findFirst().orElseThrow()) + 1;
    }

    @Test
    void badYaml() throws Exception {
        assertEquals("Invalid rule tests FILE:42:3: YAML syntax error: while parsing a flow mapping (started at"
                + " line 41, column 11): expected ',' or '}', but got <scalar>",
                error("    gone: {job: \"${valkey.job}\"}\n", "    gone: {job: \"${valkey.job}\"\n"));
    }
}
