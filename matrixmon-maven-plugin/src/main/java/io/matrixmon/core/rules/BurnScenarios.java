package io.matrixmon.core.rules;

import io.matrixmon.core.descriptor.Durations;
import io.matrixmon.core.lint.PrometheusRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * promtool tests of a bundle's burn scenarios (rule-tests.yaml's {@code scenarios}, format:
 * matrixmon/components/README.md): series of one service-level objective over hours or days, the
 * alerts that must fire and the evaluation at which each first fires (silent one evaluation
 * before, so the time is the measured time to page), and the alerts that must never fire. They
 * evaluate the objective's recording group and the alerts they check, as the chart renders them,
 * and nothing else.
 * <p>
 * The checks read Prometheus's {@code ALERTS} series rather than alert_rule_test, whose expected
 * annotations would need the burn rate at the firing evaluation; "never fired before t" is one
 * {@code max_over_time} over everything before t. promtool evaluates every rule of a test's files
 * at every step, so a scenario's test goes to a file of its objective's rules alone (13 of the
 * synapse bundle's 111) and of its evaluation interval: days of history at twenty-minute steps
 * cost what seven hours cost at one-minute steps.
 */
final class BurnScenarios {

    private static final long MINUTE = 60;

    /**
     * One scenario's test, the evaluation interval, in seconds, of the file it belongs in, and the
     * alerts it checks (the only alerts that file's rules need).
     */
    record Test(String objective, String name, long every, List<String> alerts, Map<String, Object> test) {
    }

    private BurnScenarios() {
    }

    /**
     * The tests of the scenarios whose objective the values enable and whose alerts the chart renders.
     *
     * @param alertRules the chart's alerting rules by name
     */
    @SuppressWarnings("unchecked")
    static List<Test> of(List<Map<String, Object>> scenarios, Map<String, PrometheusRule.Rule> alertRules,
            Map<String, Object> values) {
        Expander expander = new Expander(values, 0);
        List<Test> tests = new ArrayList<>();
        for (Map<String, Object> scenario : scenarios) {
            String objective = String.valueOf(scenario.get("objective"));
            Object switches = ((Map<String, Object>) values.getOrDefault("slos", Map.of())).get(objective);
            Map<String, Object> fires = (Map<String, Object>) scenario.getOrDefault("fires", Map.of());
            List<String> silent = (List<String>) scenario.getOrDefault("silent", List.of());
            boolean rendered = fires.keySet().stream().allMatch(alertRules::containsKey)
                    && alertRules.keySet().containsAll(silent);
            if (!(switches instanceof Map<?, ?> objectiveValues) || !Boolean.TRUE.equals(objectiveValues.get("enabled"))
                    || !rendered) {
                continue;
            }
            tests.add(test(scenario, objective, fires, silent, alertRules, expander));
        }
        return tests;
    }

    /** The scenario's test; its file checked it (RuleTestsFile): its times are evaluations, it checks an alert. */
    @SuppressWarnings("unchecked")
    private static Test test(Map<String, Object> scenario, String objective, Map<String, Object> fires,
            List<String> silent, Map<String, PrometheusRule.Rule> alertRules, Expander expander) {
        String name = String.valueOf(scenario.get("name"));
        long every = seconds(scenario.getOrDefault("every", "1m"));
        long interval = seconds(scenario.getOrDefault("interval", "1m"));
        long end = scenario.get("until") == null ? 0 : seconds(scenario.get("until"));
        List<Object> checks = new ArrayList<>();
        for (Map.Entry<String, Object> fire : fires.entrySet()) {
            long at = seconds(fire.getValue());
            end = Math.max(end, at);
            checks.add(neverFired(fire.getKey(), at - every));
            Map<String, String> labels = expander.labels((Map<String, Object>) scenario.get("labels"),
                    alertRules.get(fire.getKey()).labels());
            checks.add(firing(fire.getKey(), at, labels));
        }
        for (String alert : silent) {
            checks.add(neverFired(alert, end));
        }
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("name", objective + ": " + name);
        test.put("interval", interval + "s");
        test.put("input_series", RuleTestGenerator.series((List<List<String>>) scenario.get("series"), expander,
                (int) (end / interval) + 5));
        test.put("promql_expr_test", checks);
        List<String> alerts = new ArrayList<>(fires.keySet());
        alerts.addAll(silent);
        return new Test(objective, name, every, alerts, test);
    }

    /** No firing sample of the alert from the start of the test up to the time. */
    private static Map<String, Object> neverFired(String alert, long at) {
        return check("max_over_time(ALERTS{alertname=\"" + alert + "\", alertstate=\"firing\"}[" + at + "s])", at,
                List.of());
    }

    /** The alert fires at the time with exactly these labels, and no other series of it. */
    private static Map<String, Object> firing(String alert, long at, Map<String, String> labels) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("alertname", alert);
        all.put("alertstate", "firing");
        all.putAll(labels);
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("labels", "ALERTS{" + all.entrySet().stream()
                .map(label -> label.getKey() + "=\"" + label.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(", ")) + "}");
        sample.put("value", 1);
        return check("ALERTS{alertname=\"" + alert + "\", alertstate=\"firing\"}", at, List.of(sample));
    }

    private static Map<String, Object> check(String expr, long at, List<Object> samples) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("expr", expr);
        check.put("eval_time", at + "s");
        check.put("exp_samples", samples);
        return check;
    }

    private static long seconds(Object duration) {
        return Durations.toMillis(String.valueOf(duration)) / 1000;
    }

    /** The evaluation interval of a scenario test file, as promtool reads it. */
    static String evaluationInterval(long every) {
        return every % MINUTE == 0 ? every / MINUTE + "m" : every + "s";
    }
}
