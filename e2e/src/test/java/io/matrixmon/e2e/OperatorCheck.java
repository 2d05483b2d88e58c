package io.matrixmon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Holds what prometheus-operator wrote against the monitoring objects of one namespace, as the API
 * server has them now; names every difference. The operator's names are facts of v0.79:
 * scrape jobs {@code serviceMonitor/NS/NAME/I} and {@code podMonitor/NS/NAME/I}
 * (pkg/prometheus/promcfg.go), rule files {@code NS-NAME-UID.yaml} (pkg/prometheus/operator.go),
 * receivers {@code NS/NAME/RECEIVER} and one route per AlertmanagerConfig under the base route
 * (pkg/alertmanager/amcfg.go).
 */
final class OperatorCheck {

    private static final String MONITORING = "/apis/monitoring.coreos.com/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private OperatorCheck() {
    }

    /** Every difference, the operator's rejections first; empty when the operator took the namespace's objects exactly. */
    static List<String> problems(KubernetesApi api, OperatorOutputs operator, String namespace) {
        List<String> problems = new ArrayList<>();
        operator.rejected().forEach((labels, count) -> problems.add("the operator rejects " + count + " object(s): " + labels));
        scrapeJobs(api, operator, namespace, problems);
        ruleFiles(api, operator, namespace, problems);
        alertRouting(api, operator, namespace, problems);
        return problems;
    }

    private static void scrapeJobs(KubernetesApi api, OperatorOutputs operator, String namespace, List<String> problems) {
        Set<String> expected = new TreeSet<>();
        for (JsonNode monitor : api.list(MONITORING + "v1/namespaces/" + namespace + "/servicemonitors", "")) {
            addJobs(expected, "serviceMonitor", monitor, monitor.path("spec").path("endpoints").size());
        }
        for (JsonNode monitor : api.list(MONITORING + "v1/namespaces/" + namespace + "/podmonitors", "")) {
            addJobs(expected, "podMonitor", monitor, monitor.path("spec").path("podMetricsEndpoints").size());
        }
        Set<String> actual = new TreeSet<>();
        for (String job : operator.scrapeJobs()) {
            if (job.startsWith("serviceMonitor/" + namespace + "/") || job.startsWith("podMonitor/" + namespace + "/")) {
                actual.add(job);
            }
        }
        differences("scrape job", expected, actual, problems);
    }

    private static void addJobs(Set<String> jobs, String kind, JsonNode monitor, int endpoints) {
        JsonNode metadata = monitor.path("metadata");
        for (int i = 0; i < endpoints; i++) {
            jobs.add(kind + "/" + metadata.path("namespace").asText() + "/" + metadata.path("name").asText() + "/" + i);
        }
    }

    private static void ruleFiles(KubernetesApi api, OperatorOutputs operator, String namespace, List<String> problems) {
        Map<String, Map<String, String>> files = operator.ruleFiles();
        Set<String> expected = new TreeSet<>();
        for (JsonNode rule : api.list(MONITORING + "v1/namespaces/" + namespace + "/prometheusrules", "")) {
            JsonNode metadata = rule.path("metadata");
            String file = namespace + "-" + metadata.path("name").asText() + "-" + metadata.path("uid").asText() + ".yaml";
            expected.add(file);
            Map<String, String> rules = OperatorOutputs.rulesOf(JSON.convertValue(rule.path("spec").path("groups"), List.class));
            if (files.containsKey(file) && !rules.equals(files.get(file))) {
                problems.add("the rule file " + file + " has " + files.get(file) + ", the PrometheusRule " + rules);
            }
        }
        Set<String> actual = new TreeSet<>();
        files.keySet().stream().filter(file -> file.startsWith(namespace + "-")).forEach(actual::add);
        differences("rule file", expected, actual, problems);
    }

    private static void alertRouting(KubernetesApi api, OperatorOutputs operator, String namespace, List<String> problems) {
        Map<String, Object> config = operator.alertmanagerConfig();
        if (config == null) {
            problems.add("the operator wrote no Alertmanager configuration");
            return;
        }
        Set<String> expectedReceivers = new TreeSet<>();
        Set<String> expectedRoutes = new TreeSet<>();
        List<String> inhibitedAlerts = new ArrayList<>();
        for (JsonNode routing : api.list(MONITORING + "v1alpha1/namespaces/" + namespace + "/alertmanagerconfigs", "")) {
            String prefix = namespace + "/" + routing.path("metadata").path("name").asText() + "/";
            routing.path("spec").path("receivers").forEach(receiver -> expectedReceivers.add(prefix + receiver.path("name").asText()));
            JsonNode route = routing.path("spec").path("route");
            StringBuilder shape = new StringBuilder(prefix + route.path("receiver").asText());
            route.path("routes").forEach(child -> shape.append(" -> ").append(prefix).append(child.path("receiver").asText()));
            expectedRoutes.add(shape.toString());
            routing.path("spec").path("inhibitRules").forEach(rule -> rule.path("sourceMatch").forEach(matcher ->
                    inhibitedAlerts.add(matcher.path("value").asText())));
        }
        Set<String> receivers = new TreeSet<>();
        for (Object receiver : (List<?>) config.get("receivers")) {
            String name = String.valueOf(((Map<?, ?>) receiver).get("name"));
            if (name.startsWith(namespace + "/")) {
                receivers.add(name);
            }
        }
        differences("Alertmanager receiver", expectedReceivers, receivers, problems);
        Set<String> routes = new TreeSet<>();
        Object baseRoutes = ((Map<?, ?>) config.get("route")).get("routes");
        for (Object child : baseRoutes == null ? List.of() : (List<?>) baseRoutes) {
            Map<?, ?> route = (Map<?, ?>) child;
            String receiver = String.valueOf(route.get("receiver"));
            if (receiver.startsWith(namespace + "/")) {
                StringBuilder shape = new StringBuilder(receiver);
                Object grandchildren = route.get("routes");
                for (Object grandchild : grandchildren == null ? List.of() : (List<?>) grandchildren) {
                    shape.append(" -> ").append(((Map<?, ?>) grandchild).get("receiver"));
                }
                routes.add(shape.toString());
            }
        }
        differences("Alertmanager route", expectedRoutes, routes, problems);
        String inhibitRules = String.valueOf(config.get("inhibit_rules"));
        for (String alert : inhibitedAlerts) {
            if (!inhibitRules.contains("\"" + alert + "\"")) {
                problems.add("no inhibit rule with the source " + alert + " in the Alertmanager configuration");
            }
        }
    }

    private static void differences(String what, Set<String> expected, Set<String> actual, List<String> problems) {
        expected.stream().filter(item -> !actual.contains(item)).forEach(item -> problems.add("missing " + what + " " + item));
        actual.stream().filter(item -> !expected.contains(item)).forEach(item -> problems.add("a " + what + " of no object: " + item));
    }
}
