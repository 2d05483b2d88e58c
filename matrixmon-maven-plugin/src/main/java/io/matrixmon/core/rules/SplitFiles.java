package io.matrixmon.core.rules;

import io.matrixmon.core.lint.PrometheusRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The generated promtool tests as one pair of files per component: {@code <component>.rules.yaml}
 * with its rule groups and {@code <component>.tests.yaml} with its tests, which evaluate only those
 * groups and the groups of the components whose recorded series they read; and
 * {@code deployment.tests.yaml}, every alert silent on the healthy deployment, which evaluates all.
 * promtool evaluates every group of a test's rule files at every step, so a component's tests do
 * not pay for the other components' rules. The tests are those of the single tests.yaml, unchanged,
 * plus the burn scenarios of each service-level objective ({@link BurnScenarios}):
 * {@code <component>.burns.<objective>.rules.yaml} with the objective's group and the alerts they
 * check, and one {@code <component>.burns.<objective>.<interval>.tests.yaml} per evaluation
 * interval. They are not in the single files: their times to page are facts of the bundles'
 * default objectives, not of any values verify-rules is given.
 *
 * @param files the file names and their text, in component order
 * @param ruleFiles each test file with the rule files it evaluates
 */
public record SplitFiles(Map<String, String> files, Map<String, List<String>> ruleFiles) {

    /** The test file of the healthy deployment of every component. */
    public static final String DEPLOYMENT = "deployment.tests.yaml";

    public static String rulesOf(String component) {
        return component + ".rules.yaml";
    }

    public static String testsOf(String component) {
        return component + ".tests.yaml";
    }

    /** The rules a component's burn scenarios of one objective evaluate: its recording group and their alerts. */
    public static String burnRulesOf(String component, String objective) {
        return component + ".burns." + objective + ".rules.yaml";
    }

    /** The burn scenarios of one objective evaluated at one interval ("1m", "10m"). */
    public static String burnsOf(String component, String objective, String evaluationInterval) {
        return component + ".burns." + objective + "." + evaluationInterval + ".tests.yaml";
    }

    /** Whether a file holds burn scenarios or their rules, which the single tests and rules files do not. */
    public static boolean isBurns(String file) {
        return file.contains(".burns.");
    }

    /** Collects groups and tests by component while the generator walks the chart's rules. */
    static final class Builder {

        private final Map<String, List<PrometheusRule.Group>> groups = new LinkedHashMap<>();
        private final Map<String, List<Object>> tests = new LinkedHashMap<>();
        /** Burn scenarios by component and objective: not in the single tests file. */
        private final Map<String, Map<String, List<BurnScenarios.Test>>> burns = new LinkedHashMap<>();

        void group(String component, PrometheusRule.Group group) {
            groups.computeIfAbsent(component, name -> new ArrayList<>()).add(group);
        }

        void test(String component, Object test) {
            tests.computeIfAbsent(component, name -> new ArrayList<>()).add(test);
        }

        void scenario(String component, BurnScenarios.Test test) {
            burns.computeIfAbsent(component, name -> new LinkedHashMap<>())
                    .computeIfAbsent(test.objective(), objective -> new ArrayList<>()).add(test);
        }

        SplitFiles build(Object deploymentTest) {
            Map<String, String> files = new LinkedHashMap<>();
            Map<String, List<String>> ruleFiles = new LinkedHashMap<>();
            groups.forEach((component, list) ->
                    files.put(rulesOf(component), RuleTestGenerator.dump(PrometheusRule.ruleFile(list))));
            tests.forEach((component, list) -> {
                List<String> read = readBy(component).stream().map(SplitFiles::rulesOf).toList();
                ruleFiles.put(testsOf(component), read);
                files.put(testsOf(component), RuleTestGenerator.dump(RuleTestGenerator.testFile(read, list)));
            });
            burns.forEach((component, byObjective) -> byObjective.forEach((objective, scenarios) -> {
                String rules = burnRulesOf(component, objective);
                List<Map<String, Object>> burnGroups = burnGroups(component, objective, scenarios);
                files.put(rules, RuleTestGenerator.dump(Map.of("groups", burnGroups)));
                // The recording group first, then the alerts that read it, as Prometheus does in the
                // best case: promtool orders unlisted groups at random, which moves a firing by a step.
                List<Object> order = burnGroups.stream().map(group -> group.get("name")).toList();
                Map<String, List<Object>> byInterval = new TreeMap<>();
                scenarios.forEach(scenario -> byInterval.computeIfAbsent(
                        BurnScenarios.evaluationInterval(scenario.every()), every -> new ArrayList<>()).add(scenario.test()));
                byInterval.forEach((every, tests) -> {
                    ruleFiles.put(burnsOf(component, objective, every), List.of(rules));
                    Map<String, Object> testFile = RuleTestGenerator.testFile(List.of(rules), tests, every);
                    testFile.put("group_eval_order", order);
                    testFile.put("tests", testFile.remove("tests"));
                    files.put(burnsOf(component, objective, every), RuleTestGenerator.dump(testFile));
                });
            }));
            if (deploymentTest != null) {
                List<String> all = groups.keySet().stream().map(SplitFiles::rulesOf).toList();
                ruleFiles.put(DEPLOYMENT, all);
                files.put(DEPLOYMENT, RuleTestGenerator.dump(RuleTestGenerator.testFile(all, List.of(deploymentTest))));
            }
            return new SplitFiles(Collections.unmodifiableMap(files), Collections.unmodifiableMap(ruleFiles));
        }

        /**
         * The objective's recording group and, in groups of their own names, the alerts its
         * scenarios check: the rules as rendered, without the component's others.
         */
        private List<Map<String, Object>> burnGroups(String component, String objective,
                List<BurnScenarios.Test> scenarios) {
            Set<String> alerts = new LinkedHashSet<>();
            scenarios.forEach(scenario -> alerts.addAll(scenario.alerts()));
            List<Map<String, Object>> kept = new ArrayList<>();
            for (PrometheusRule.Group group : groups.get(component)) {
                boolean objectives = group.name().endsWith(".slo." + objective);
                List<Object> wanted = new ArrayList<>();
                List<?> rendered = (List<?>) group.rendered().get("rules");
                for (int i = 0; i < group.rules().size(); i++) {
                    if (objectives || alerts.contains(group.rules().get(i).alert())) {
                        wanted.add(rendered.get(i));
                    }
                }
                if (!wanted.isEmpty()) {
                    Map<String, Object> copy = new LinkedHashMap<>(group.rendered());
                    copy.put("rules", wanted);
                    kept.add(copy);
                }
            }
            return kept;
        }

        /**
         * The component and, transitively, every component whose recorded series its rules read
         * (its own first, the others in component order). Service-level objectives of several
         * components record the same names, told apart by their slo label: those read each other.
         */
        private List<String> readBy(String component) {
            Set<String> needed = new LinkedHashSet<>(List.of(component));
            boolean grew = true;
            while (grew) {
                grew = false;
                for (String other : groups.keySet()) {
                    if (!needed.contains(other) && needed.stream().anyMatch(reader -> reads(reader, other))) {
                        needed.add(other);
                        grew = true;
                    }
                }
            }
            return Stream.concat(Stream.of(component),
                    groups.keySet().stream().filter(other -> !other.equals(component) && needed.contains(other))).toList();
        }

        /** Whether an expression of the reader's rules names a series a rule of the other component records. */
        private boolean reads(String reader, String other) {
            List<String> expressions = rules(reader).stream().map(rule -> String.valueOf(rule.expr())).toList();
            return rules(other).stream().map(PrometheusRule.Rule::record).filter(record -> record != null)
                    .map(record -> Pattern.compile("(?<![\\w:])" + Pattern.quote(record) + "(?![\\w:])"))
                    .anyMatch(name -> expressions.stream().anyMatch(expr -> name.matcher(expr).find()));
        }

        private List<PrometheusRule.Rule> rules(String component) {
            return groups.get(component).stream().flatMap(group -> group.rules().stream()).toList();
        }
    }
}
