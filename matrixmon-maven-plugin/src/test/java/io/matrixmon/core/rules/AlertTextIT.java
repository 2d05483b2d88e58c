package io.matrixmon.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * promtool judges the Java rendering of Prometheus's template functions: one alert per value,
 * whose annotations apply every function, must have exactly the annotations AlertText expects;
 * every other series lacks the label a condition tests, and links carry label values escaped.
 */
class AlertTextIT {

    private static final List<String> FUNCTIONS = List.of("", "humanize", "humanize1024", "humanizePercentage",
            "humanizeDuration");
    private static final double[] VALUES = {0.00001234, 0.000999, 0.0625, 0.1, 0.5, 1, 1.0625, 2.5, 59.999, 60, 999.5,
        1024, 1234.5, 3661, 86400 * 2 + 3661.5, 123456, 1_000_000, 12_345_678, 3.5e9, 3.758096384e9, 1.2e15, -2, -7200};

    /** Seconds since the epoch, for humanizeTimestamp (beyond about 9.2e9 s it has no nanosecond timestamp). */
    private static final double[] TIMESTAMPS = {0, 1, 0.25, -0.5, 86400 * 14, 1796058351, 1796058351.125, 4102444800.0};

    /** A label value with what a URL's query must escape: space, &, /, =, +, %, non-ASCII; and ~, which it keeps. */
    private static final String EVEN = "y e&s/=+%ü~*";

    @TempDir
    Path dir;

    @Test
    void promtoolRendersEveryFunctionAsAlertTextDoes() throws Exception {
        assertRendersAsPromtool(FUNCTIONS, VALUES);
    }

    @Test
    void promtoolRendersTimestampsAsAlertTextDoes() throws Exception {
        assertRendersAsPromtool(List.of("humanizeTimestamp"), TIMESTAMPS);
    }

    private void assertRendersAsPromtool(List<String> functions, double[] values) throws Exception {
        Map<String, String> annotations = new LinkedHashMap<>();
        for (String function : functions) {
            annotations.put(function.isEmpty() ? "plain" : function,
                    "{{ $value" + (function.isEmpty() ? "" : " | " + function) + " }} at {{ $labels.i }}");
        }
        annotations.put("condition", "{{ if $labels.even }}even {{ $labels.i }}{{ else }}odd{{ end }}, {{ $labels.i }}");
        annotations.put("link", "https://grafana/d/x?orgId=1{{ if $labels.even }}&var-even={{ $labels.even | urlquery }}{{ end }}");
        List<Object> series = new ArrayList<>();
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Map<String, String> labels = i % 2 == 0 ? Map.of("i", String.valueOf(i), "even", EVEN)
                    : Map.of("i", String.valueOf(i));
            series.add(Map.of("series", "x{i=\"" + i + "\"" + (i % 2 == 0 ? ", even=\"" + EVEN + "\"" : "") + "}",
                    "values", Double.toString(values[i])));
            Map<String, String> rendered = new LinkedHashMap<>();
            for (Map.Entry<String, String> annotation : annotations.entrySet()) {
                rendered.put(annotation.getKey(), AlertText.render(annotation.getValue(), labels, values[i]));
            }
            expected.add(Map.of("exp_labels", labels, "exp_annotations", rendered));
        }
        Map<String, Object> rule = Map.of("alert", "Formats", "expr", "x", "annotations", annotations);
        Files.writeString(dir.resolve("rules.yaml"), new Yaml().dump(
                Map.of("groups", List.of(Map.of("name", "formats", "rules", List.of(rule))))));
        Files.writeString(dir.resolve("tests.yaml"), new Yaml().dump(Map.of("rule_files", List.of("rules.yaml"),
                "tests", List.of(Map.of("interval", "1m", "input_series", series, "alert_rule_test",
                        List.of(Map.of("eval_time", "0m", "alertname", "Formats", "exp_alerts", expected)))))));
        PromtoolAlertTestsIT.Result result = PromtoolAlertTestsIT.promtool(dir, "test", "rules", "tests.yaml");
        assertEquals(0, result.exit(), result.output());
    }
}
