package io.matrixmon.core.render;

import io.matrixmon.core.TestThreads;
import static io.matrixmon.core.render.Charts.at;
import static io.matrixmon.core.render.Charts.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.lint.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Template overrides, the Jinjava sandbox, literal strings and atomic output. */
class TemplatesTest {

    @TempDir
    Path dir;

    private Path render(String descriptor, Path overrides) throws Exception {
        Path file = dir.resolve("matrixmon.yaml");
        Files.writeString(file, descriptor);
        return new ChartGenerator(TestThreads.SHARED).generate(new ChartGenerator.Request(file, "matrixmon.yaml", overrides,
                dir.resolve("out"), "2.0.0", "test", "")).chartDirectory();
    }

    @Test
    void aUserTemplateReplacesTheEmbeddedOneWithTheSamePath() throws Exception {
        Path overrides = Files.createDirectories(dir.resolve("templates/templates"));
        Files.writeString(overrides.resolve("extra.yaml.j2"),
                "# [[ model.services.redis.job ]] in [[ model.chart.name ]]\n");
        Files.writeString(dir.resolve("templates/Chart.yaml.j2"),
                "apiVersion: v2\nname: [[ model.chart.name ]]\nversion: [[ project.chartVersion | yaml ]]\n");
        Path chart = render("", dir.resolve("templates"));
        assertEquals("# redis in matrix-monitoring\n", Files.readString(chart.resolve("templates/extra.yaml")));
        assertEquals("apiVersion: v2\nname: matrix-monitoring\nversion: \"2.0.0\"\n",
                Files.readString(chart.resolve("Chart.yaml")));
    }

    @Test
    void anOverrideReplacesTheEmbeddedFileOfTheSameChartPathTemplateOrNot() throws Exception {
        // The embedded AlertmanagerConfig is a template (alertmanagerconfig.yaml.j2); a plain file
        // at the chart path replaces it, as it did before the template lists the components.
        Path overrides = Files.createDirectories(dir.resolve("own/templates/alertmanager"));
        Files.writeString(overrides.resolve("alertmanagerconfig.yaml"), "# routing is done elsewhere\n");
        Path chart = render("", dir.resolve("own"));
        assertEquals("# routing is done elsewhere\n",
                Files.readString(chart.resolve("templates/alertmanager/alertmanagerconfig.yaml")));
    }

    @Test
    void templatesCannotCallJavaMethods() throws Exception {
        Path overrides = Files.createDirectories(dir.resolve("evil"));
        Files.writeString(overrides.resolve("x.j2"), "[[ model.chart.name.getClass().forName('java.lang.Runtime') ]]\n");
        RenderException error = assertThrows(RenderException.class, () -> render("", overrides));
        assertTrue(error.getMessage().contains("x.j2:1"), error.getMessage());
        Files.writeString(overrides.resolve("x.j2"), "[[ model.services.redis.port.toString() ]]\n");
        error = assertThrows(RenderException.class, () -> render("", overrides));
        assertTrue(error.getMessage().contains("templates may not call methods: 'toString()'"), error.getMessage());
        Files.writeString(overrides.resolve("x.j2"), "[[ model.chart.name.bytes ]]\n");
        error = assertThrows(RenderException.class, () -> render("", overrides));
        assertTrue(error.getMessage().contains("Cannot resolve property 'bytes'"), error.getMessage());
    }

    @Test
    void templatesCannotReadFiles() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "s3cret");
        Path overrides = Files.createDirectories(dir.resolve("evil"));
        Files.writeString(overrides.resolve("x.j2"), "[% include \"" + secret + "\" %]\n");
        RenderException error = assertThrows(RenderException.class, () -> render("", overrides));
        assertFalse(error.getMessage().contains("s3cret"));
        assertTrue(error.getMessage().contains("no partial named"), error.getMessage());
    }

    @Test
    void unknownVariablesFailWithTemplateAndLine() throws Exception {
        failsOnLineTwo("a: 1\nb: [[ model.servics.redis ]]\n");
    }

    @Test
    void unknownFiltersFailWithTemplateAndLine() throws Exception {
        RenderException error = failsOnLineTwo("a: 1\nb: [[ model.chart.name | yml ]]\n");
        assertTrue(error.getMessage().contains("yml"), error.getMessage());
    }

    /** Renders {@code template} as an added x.yaml.j2; the error must name that file and line 2. */
    private RenderException failsOnLineTwo(String template) throws Exception {
        Path overrides = Files.createDirectories(dir.resolve("typo"));
        Files.writeString(overrides.resolve("x.yaml.j2"), template);
        RenderException error = assertThrows(RenderException.class, () -> render("", overrides));
        assertTrue(error.getMessage().contains(overrides.resolve("x.yaml.j2") + ":2:"), error.getMessage());
        return error;
    }

    @Test
    void aTemplateThatBreaksTheChartsYamlIsNamed() throws Exception {
        Path overrides = Files.createDirectories(dir.resolve("broken"));
        for (String file : new String[] {"Chart.yaml.j2", "values.yaml.j2"}) {
            Files.writeString(overrides.resolve(file), "name: [unclosed\n");
            RenderException error = assertThrows(RenderException.class, () -> render("", overrides));
            String name = file.substring(0, file.length() - 3);
            assertTrue(error.getMessage().startsWith("The rendered " + name + " is not valid YAML (a template bug)"),
                    error.getMessage());
            Files.delete(overrides.resolve(file));
        }
    }

    @Test
    void descriptorStringsReachTheChartLiterallyAfterHelmTemplate() throws Exception {
        String hostile = "{{ .Release.Name }} [[ model ]] {% if %} [% x %] {# c #} $labels \"q\" 'a' #x: y \\ ";
        String yamlString = "\"" + hostile.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        Path chart = render("monitoring:\n  additionalAlertLabels:\n    team: " + yamlString + "\n"
                + "grafana:\n  datasource:\n    name: " + yamlString + "\n"
                + "services:\n  redis:\n    targetLabels:\n      note: " + yamlString + "\n"
                + "    relabelings:\n      - action: replace\n        targetLabel: x\n        replacement: " + yamlString
                + "\n", null);
        List<Manifest> manifests = Charts.template(chart, Map.of());
        Manifest redis = find(manifests, "ServiceMonitor", "mon-matrix-monitoring-redis");
        List<?> relabelings = (List<?>) at(redis, "spec.endpoints.0.relabelings");
        assertTrue(relabelings.contains(Map.of("action", "replace", "targetLabel", "note", "replacement", hostile)));
        assertTrue(relabelings.contains(Map.of("action", "replace", "targetLabel", "x", "replacement", hostile)));
        Map<?, ?> alert = RenderedChartTest.alert(find(manifests, "PrometheusRule", "mon-matrix-monitoring-redis"),
                "RedisDown");
        assertEquals(hostile, at(alert, "labels.team"));
        @SuppressWarnings("unchecked")
        Map<String, String> data = (Map<String, String>) at(
                find(manifests, "ConfigMap", "mon-matrix-monitoring-grafana-datasource"), "data");
        String provisioning = data.get("matrixmon-datasource.yaml");
        Map<?, ?> parsed = new org.yaml.snakeyaml.Yaml().load(provisioning);
        assertEquals(hostile, at(parsed, "datasources.0.name"));
    }

    @Test
    void filesOfRemovedComponentsDoNotLinger() throws Exception {
        Path chart = render("synapseWorkers:\n  types:\n    pusher:\n      selector: {app: pusher}\n", null);
        assertTrue(Files.exists(chart.resolve("templates/servicemonitors/synapse-worker-pusher.yaml")));
        Files.writeString(chart.resolve("stray.txt"), "left by hand");
        Path again = render("", null);
        assertEquals(chart, again);
        assertFalse(Files.exists(chart.resolve("templates/servicemonitors/synapse-worker-pusher.yaml")));
        assertFalse(Files.exists(chart.resolve("stray.txt")));
        try (var siblings = Files.list(chart.getParent())) {
            assertEquals(List.of(chart), siblings.filter(Files::isDirectory).toList(),
                    "no staging or previous directory is left behind");
        }
    }

    @Test
    void aFailedRenderLeavesThePreviousChartIntact() throws Exception {
        Path chart = render("services:\n  redis:\n    port: 9122\n", null);
        String before = Files.readString(chart.resolve("values.yaml"));
        assertThrows(Exception.class, () -> render("services:\n  redis:\n    port: 0\n", null));
        assertEquals(before, Files.readString(chart.resolve("values.yaml")));
    }

    @Test
    void renderingIsDeterministic() throws Exception {
        Path first = Charts.render(null, Files.createDirectories(dir.resolve("a")));
        Path second = Charts.render(null, Files.createDirectories(dir.resolve("b")));
        try (var files = Files.walk(first)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertEquals(Files.readString(file), Files.readString(second.resolve(first.relativize(file))),
                        first.relativize(file).toString());
            }
        }
    }
}
