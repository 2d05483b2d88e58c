package io.matrixmon.core.render;

import static io.matrixmon.core.render.Charts.at;
import static io.matrixmon.core.render.Charts.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.lint.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Generated strings full of template and YAML metacharacters go through every free-text field
 * of the descriptor; after Jinjava, YAML and helm template they come out exactly as written.
 */
class LiteralStringsTest {

    private static final String[] PIECES = {"{{", "}}", "{{ .Release.Name }}", "[[", "]]", "[[ model ]]", "{%",
        "%}", "[%", "%]", "[#", "#]", "{#", "#}", "#", ": ", ":", "\"", "'", "\\", "$labels", "{{ $labels.instance }}",
        "$value", "%s", "%", "`", "|", ">", "&a", "*a", "!tag", "- ", "? ", ",", "[", "]", "{", "}", "@", "\t", "é",
        "\u2028", "\u00a0", "😀", " ", "x", "0", "null", "true", "~", "<<"};
    private static final int CASES = 24;

    @TempDir
    static Path dir;

    static Stream<String> strings() {
        Random random = new Random(20261124);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            StringBuilder text = new StringBuilder();
            int pieces = 1 + random.nextInt(8);
            for (int p = 0; p < pieces; p++) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            strings.add(text.toString());
        }
        return strings.stream();
    }

    @ParameterizedTest
    @MethodSource("strings")
    void freeTextReachesTheRenderedManifestsLiterally(String text) throws Exception {
        String quoted = Filters.json(text);
        Path out = Files.createTempDirectory(dir, "case");
        Path chart = Charts.render("monitoring:\n  additionalAlertLabels:\n    team: " + quoted + "\n"
                + "grafana:\n  datasource:\n    name: " + Filters.json("x" + text.replaceAll("[\\n\\r\\u2028]", "")) + "\n"
                + "  dashboards:\n    folder: " + Filters.json("x" + text.replaceAll("[\\n\\r\\u2028]", "")) + "\n"
                + "services:\n  redis:\n    description: " + Filters.json(text.replaceAll("[\\n\\r]", "")) + "\n"
                + "    targetLabels:\n      note: " + quoted + "\n"
                + "    metricRelabelings:\n      - action: replace\n        targetLabel: x\n        regex: " + quoted
                + "\n        replacement: " + quoted + "\n        separator: " + quoted + "\n", out);
        List<Manifest> manifests = Charts.template(chart, Map.of());
        Manifest redis = find(manifests, "ServiceMonitor", "mon-matrix-monitoring-redis");
        assertEquals(Map.of("action", "replace", "targetLabel", "x", "regex", text, "replacement", text,
                "separator", text), at(redis, "spec.endpoints.0.metricRelabelings.0"));
        assertTrue(((List<?>) at(redis, "spec.endpoints.0.relabelings")).contains(
                Map.of("action", "replace", "targetLabel", "note", "replacement", text)));
        Map<?, ?> alert = RenderedChartTest.alert(find(manifests, "PrometheusRule", "mon-matrix-monitoring-redis"),
                "RedisDown");
        assertEquals(text, at(alert, "labels.team"));
        @SuppressWarnings("unchecked")
        Map<String, String> data = (Map<String, String>) at(
                find(manifests, "ConfigMap", "mon-matrix-monitoring-grafana-datasource"), "data");
        Map<?, ?> provisioning = new Yaml().load(data.get("matrixmon-datasource.yaml"));
        assertEquals("x" + text.replaceAll("[\\n\\r\\u2028]", ""), at(provisioning, "datasources.0.name"));
        Manifest dashboard = manifests.stream().filter(m -> m.name().endsWith("-dashboard-redis")).findFirst()
                .orElseThrow();
        assertEquals("x" + text.replaceAll("[\\n\\r\\u2028]", ""), at(dashboard, "metadata.annotations.grafana_folder"));
        String values = Files.readString(chart.resolve("values.yaml"));
        Map<?, ?> parsed = new Yaml().load(values);
        assertEquals("redis", at(parsed, "redis.job"), "a description in a comment cannot inject values");
        assertTrue(values.contains("## -- " + Filters.comment(text.replaceAll("[\\n\\r]", "")) + " (ServiceMonitor)."));
    }

    @Test
    void outputDoesNotDependOnLocaleOrTimeZone() throws Exception {
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        Path reference = Charts.render(null, Files.createTempDirectory(dir, "reference"));
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            Path turkish = Charts.render(null, Files.createTempDirectory(dir, "tr"));
            Locale.setDefault(Locale.forLanguageTag("ar-EG-u-nu-arab"));
            Path arabic = Charts.render(null, Files.createTempDirectory(dir, "ar"));
            try (Stream<Path> files = Files.walk(reference)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path relative = reference.relativize(file);
                    assertEquals(Files.readString(file), Files.readString(turkish.resolve(relative)), relative.toString());
                    assertEquals(Files.readString(file), Files.readString(arabic.resolve(relative)), relative.toString());
                }
            }
        } finally {
            Locale.setDefault(locale);
            TimeZone.setDefault(zone);
        }
    }
}
