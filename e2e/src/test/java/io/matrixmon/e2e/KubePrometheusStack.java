package io.matrixmon.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/** kube-prometheus-stack's objects, with the specs' selectors from the chart's generated stack values. */
final class KubePrometheusStack {

    private KubePrometheusStack() {
    }

    @SuppressWarnings("unchecked")
    static void create(KubernetesApi api, Path stackValues, Path objects) throws Exception {
        Map<String, Object> values = new Yaml().load(Files.readString(stackValues));
        Map<String, Object> prometheusSpec = (Map<String, Object>) ((Map<String, Object>) values.get("prometheus"))
                .get("prometheusSpec");
        Map<String, Object> alertmanagerSpec = (Map<String, Object>) ((Map<String, Object>) values.get("alertmanager"))
                .get("alertmanagerSpec");
        ObjectMapper json = new ObjectMapper();
        for (Object document : new Yaml().loadAll(Files.readString(objects))) {
            Map<String, Object> object = (Map<String, Object>) document;
            Map<String, Object> spec = (Map<String, Object>) object.get("spec");
            switch (String.valueOf(object.get("kind"))) {
                case "Prometheus" -> copySelection(prometheusSpec, spec);
                case "Alertmanager" -> copySelection(alertmanagerSpec, spec);
                default -> { }
            }
            Map<String, Object> metadata = ReleaseObjects.metadata(object);
            String path = ReleaseObjects.collection(object.get("apiVersion") + "/" + object.get("kind"),
                    (String) metadata.get("namespace")) + "/" + metadata.get("name");
            api.apply(path, json.writeValueAsString(object));
        }
    }

    /**
     * What the stack's template takes from the values into the spec: the selectors, as they are
     * (the *NilUsesHelmValues switches are off in the generated values), the matcher strategy and
     * the intervals and retention.
     */
    private static void copySelection(Map<String, Object> values, Map<String, Object> spec) {
        Set<String> copied = new HashSet<>(List.of("alertmanagerConfigMatcherStrategy", "scrapeInterval",
                "evaluationInterval", "retention", "retentionSize"));
        values.forEach((key, value) -> {
            if (key.endsWith("NilUsesHelmValues")) {
                assertEquals(false, value, key + " in the generated stack values");
            } else if (key.endsWith("Selector") || copied.contains(key)) {
                spec.put(key, value);
            }
        });
    }
}
