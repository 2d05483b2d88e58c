package io.matrixmon.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Prometheus configuration prometheus-operator wrote, with only what a Prometheus outside the
 * cluster and on loopback needs added: each Kubernetes discovery reaches the API server through
 * the admin's kubeconfig; each discovered target (a pod's placeholder address, see {@link Cluster})
 * is rewritten to the loopback port where its process listens, and a final {@code keep} lets
 * nothing but 127.0.0.1 be scraped or alerted; the rule files are read where the suite copied the
 * operator's ConfigMaps; and the pod-name variables are expanded as prometheus-config-reloader
 * expands them in the pod.
 */
final class SuiteScrapeConfig {

    private SuiteScrapeConfig() {
    }

    @SuppressWarnings("unchecked")
    static String of(Map<String, Object> operatorConfig, Cluster cluster, Path kubeconfig, Path rules) {
        Map<String, Object> config = new LinkedHashMap<>(operatorConfig);
        List<Map<String, Object>> rewrite = loopbackRewrite(cluster);
        for (Object job : (List<Object>) config.getOrDefault("scrape_configs", List.of())) {
            addDiscoveryAccess((Map<String, Object>) job, kubeconfig, rewrite, "relabel_configs");
        }
        Object alerting = config.get("alerting");
        if (alerting instanceof Map<?, ?> alertingMap) {
            for (Object alertmanagers : (List<Object>) alertingMap.get("alertmanagers")) {
                addDiscoveryAccess((Map<String, Object>) alertmanagers, kubeconfig, rewrite, "relabel_configs");
            }
        }
        // The operator mounts its rule ConfigMaps under /etc/prometheus/rules/<ConfigMap>/; the suite copied them to rules/<ConfigMap>/.
        config.put("rule_files", List.of(rules.resolve("*").resolve("*.yaml").toString()));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(config).replace("$(POD_NAME)", OperatorOutputs.PROMETHEUS + "-0")
                .replace("$(SHARD)", "0");
    }

    @SuppressWarnings("unchecked")
    private static void addDiscoveryAccess(Map<String, Object> section, Path kubeconfig,
            List<Map<String, Object>> rewrite, String relabelKey) {
        Object discovery = section.get("kubernetes_sd_configs");
        if (!(discovery instanceof List<?> configs)) {
            return;
        }
        for (Object sd : configs) {
            ((Map<String, Object>) sd).put("kubeconfig_file", kubeconfig.toString());
        }
        List<Object> relabelings = new ArrayList<>((List<Object>) section.getOrDefault(relabelKey, List.of()));
        relabelings.addAll(rewrite);
        section.put(relabelKey, relabelings);
    }

    /** One rewrite per pod, placeholder address to its loopback port, then the keep of loopback alone. */
    private static List<Map<String, Object>> loopbackRewrite(Cluster cluster) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Cluster.Pod pod : cluster.pods()) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("source_labels", List.of("__address__"));
            rule.put("regex", pod.discoveredAddress().replace(".", "\\."));
            rule.put("target_label", "__address__");
            rule.put("replacement", "127.0.0.1:" + pod.loopbackPort());
            rule.put("action", "replace");
            rules.add(rule);
        }
        Map<String, Object> keep = new LinkedHashMap<>();
        keep.put("source_labels", List.of("__address__"));
        keep.put("regex", "127\\.0\\.0\\.1:\\d+");
        keep.put("action", "keep");
        rules.add(keep);
        return rules;
    }
}
