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

    /** Where the operator's StatefulSet mounts the rule ConfigMaps (pkg/prometheus/server/statefulset.go). */
    private static final String RULES_MOUNT = "/etc/prometheus/rules/";

    private SuiteScrapeConfig() {
    }

    @SuppressWarnings("unchecked")
    static String of(Map<String, Object> operatorConfig, Cluster cluster, Path kubeconfig, Path rules) {
        Map<String, Object> config = new LinkedHashMap<>(operatorConfig);
        for (Object job : (List<Object>) config.getOrDefault("scrape_configs", List.of())) {
            addDiscoveryAccess((Map<String, Object>) job, kubeconfig, cluster);
        }
        Object alerting = config.get("alerting");
        if (alerting instanceof Map<?, ?> alertingMap) {
            for (Object alertmanagers : (List<Object>) alertingMap.get("alertmanagers")) {
                addDiscoveryAccess((Map<String, Object>) alertmanagers, kubeconfig, cluster);
            }
        }
        // Each rule ConfigMap is mounted as a folder of its name; the suite copied them to rules/<ConfigMap>/.
        List<String> ruleFiles = new ArrayList<>();
        for (Object file : (List<Object>) config.getOrDefault("rule_files", List.of())) {
            ruleFiles.add(String.valueOf(file).replace(RULES_MOUNT, rules.toString() + "/"));
        }
        config.put("rule_files", ruleFiles);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(config).replace("$(POD_NAME)", OperatorOutputs.PROMETHEUS + "-0")
                .replace("$(SHARD)", "0");
    }

    @SuppressWarnings("unchecked")
    private static void addDiscoveryAccess(Map<String, Object> section, Path kubeconfig, Cluster cluster) {
        Object discovery = section.get("kubernetes_sd_configs");
        if (!(discovery instanceof List<?> configs)) {
            return;
        }
        for (Object sd : configs) {
            ((Map<String, Object>) sd).put("kubeconfig_file", kubeconfig.toString());
        }
        // A list of its own in each section: shared objects would be written as YAML anchors and aliases.
        List<Object> relabelings = new ArrayList<>((List<Object>) section.getOrDefault("relabel_configs", List.of()));
        relabelings.addAll(loopbackRewrite(cluster));
        section.put("relabel_configs", relabelings);
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
