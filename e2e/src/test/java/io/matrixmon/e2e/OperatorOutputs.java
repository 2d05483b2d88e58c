package io.matrixmon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.yaml.snakeyaml.Yaml;

/**
 * What prometheus-operator v0.79 wrote for kube-prometheus-stack's Prometheus and Alertmanager, read
 * back from the API server (pkg/prometheus/server/operator.go, pkg/prometheus/operator.go's rule
 * ConfigMaps, pkg/alertmanager/operator.go), and what it rejected: its
 * {@code prometheus_operator_managed_resources{state="rejected"}} gauge and the Warning events with
 * reason InvalidConfiguration it records on each rejected object (pkg/prometheus/resource_selector.go).
 */
final class OperatorOutputs {

    static final String NAMESPACE = "monitoring";
    static final String PROMETHEUS = "prometheus-kube-prometheus-prometheus";
    static final String ALERTMANAGER = "prometheus-kube-prometheus-alertmanager";

    private static final Pattern REJECTED = Pattern.compile(
            "(?m)^prometheus_operator_managed_resources\\{([^}]*state=\"rejected\"[^}]*)} (\\S+)$");

    private final KubernetesApi api;
    private final URI metrics;
    private final HttpClient http = HttpClient.newHttpClient();

    OperatorOutputs(KubernetesApi api, int operatorPort) {
        this.api = api;
        this.metrics = URI.create("http://127.0.0.1:" + operatorPort + "/metrics");
    }

    /** The Prometheus configuration (Secret prometheus-NAME, prometheus.yaml.gz), or null before the operator wrote it. */
    Map<String, Object> prometheusConfig() {
        return gzippedYaml("prometheus-" + PROMETHEUS, "prometheus.yaml.gz");
    }

    /** The job names of the scrape configuration ({@code serviceMonitor/NS/NAME/INDEX}, ...). */
    List<String> scrapeJobs() {
        Map<String, Object> config = prometheusConfig();
        List<String> jobs = new ArrayList<>();
        if (config != null && config.get("scrape_configs") instanceof List<?> scrapeConfigs) {
            for (Object scrapeConfig : scrapeConfigs) {
                jobs.add(String.valueOf(((Map<?, ?>) scrapeConfig).get("job_name")));
            }
        }
        return jobs;
    }

    /**
     * The rule files of the operator's ConfigMaps prometheus-NAME-rulefiles-N, by file name
     * ({@code NAMESPACE-RULENAME-UID.yaml}), each its rules' alert or record name and expression.
     */
    Map<String, Map<String, String>> ruleFiles() {
        Map<String, Map<String, String>> files = new TreeMap<>();
        for (JsonNode configMap : api.list("/api/v1/namespaces/" + NAMESPACE + "/configmaps",
                "managed-by=prometheus-operator,prometheus-name=" + PROMETHEUS)) {
            configMap.path("data").fields().forEachRemaining(file -> {
                Map<String, Object> content = new Yaml().load(file.getValue().asText());
                files.put(file.getKey(), rulesOf(content.get("groups")));
            });
        }
        return files;
    }

    /** The rule files as the operator wrote them, by ConfigMap and file name (the pod mounts each ConfigMap as a folder). */
    Map<String, Map<String, String>> ruleFileTexts() {
        Map<String, Map<String, String>> configMaps = new TreeMap<>();
        for (JsonNode configMap : api.list("/api/v1/namespaces/" + NAMESPACE + "/configmaps",
                "managed-by=prometheus-operator,prometheus-name=" + PROMETHEUS)) {
            Map<String, String> files = new TreeMap<>();
            configMap.path("data").fields().forEachRemaining(file -> files.put(file.getKey(), file.getValue().asText()));
            configMaps.put(configMap.path("metadata").path("name").asText(), files);
        }
        return configMaps;
    }

    /** {@code GROUP/#INDEX/ALERT} or {@code GROUP/#INDEX/record:RECORD} (names may repeat) to expression. */
    static Map<String, String> rulesOf(Object groups) {
        Map<String, String> rules = new TreeMap<>();
        for (Object group : (List<?>) groups) {
            Map<?, ?> g = (Map<?, ?>) group;
            int index = 0;
            for (Object rule : (List<?>) g.get("rules")) {
                Map<?, ?> r = (Map<?, ?>) rule;
                Object name = r.containsKey("alert") ? r.get("alert") : "record:" + r.get("record");
                rules.put(g.get("name") + "/#" + index++ + "/" + name, String.valueOf(r.get("expr")).strip());
            }
        }
        return rules;
    }

    /** The Alertmanager configuration the operator generated (Secret alertmanager-NAME-generated), or null. */
    Map<String, Object> alertmanagerConfig() {
        return gzippedYaml("alertmanager-" + ALERTMANAGER + "-generated", "alertmanager.yaml.gz");
    }

    /** The Alertmanager configuration the operator generated as it wrote it, or null. */
    String alertmanagerConfigText() {
        return gzippedText("alertmanager-" + ALERTMANAGER + "-generated", "alertmanager.yaml.gz");
    }

    /** Rejected objects by the labels of the operator's gauge; empty when it rejects nothing. */
    Map<String, Double> rejected() {
        Map<String, Double> rejected = new LinkedHashMap<>();
        Matcher matcher = REJECTED.matcher(scrapeMetrics());
        while (matcher.find()) {
            double count = Double.parseDouble(matcher.group(2));
            if (count > 0) {
                rejected.put(matcher.group(1), count);
            }
        }
        return rejected;
    }

    /** The messages of the operator's InvalidConfiguration events on objects in the namespace, oldest first. */
    List<String> rejections(String namespace) {
        List<String> messages = new ArrayList<>();
        for (JsonNode event : api.list("/api/v1/namespaces/" + namespace + "/events", "")) {
            if ("InvalidConfiguration".equals(event.path("reason").asText()) && "Warning".equals(event.path("type").asText())) {
                messages.add(event.path("involvedObject").path("kind").asText() + " " + event.path("involvedObject").path("name").asText()
                        + ": " + event.path("message").asText());
            }
        }
        return messages;
    }

    private String scrapeMetrics() {
        try {
            return http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException("prometheus-operator's " + metrics + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> gzippedYaml(String secret, String key) {
        String text = gzippedText(secret, key);
        return text == null ? null : new Yaml().load(text);
    }

    private String gzippedText(String secret, String key) {
        JsonNode object = api.get("/api/v1/namespaces/" + NAMESPACE + "/secrets/" + secret);
        if (object == null || object.path("data").path(key).isMissingNode()) {
            return null;
        }
        byte[] gzipped = Base64.getDecoder().decode(object.path("data").path(key).asText());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(secret + "/" + key + " is not gzip", e);
        }
    }
}
