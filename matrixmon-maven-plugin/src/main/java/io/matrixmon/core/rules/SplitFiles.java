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
import java.util.stream.Stream;

/**
 * The generated promtool tests in files that evaluate only the rules they test. promtool evaluates
 * every rule of a test's rule files at every step, so each alert's tests (and each recorded name's
 * test) go to a pair of files of their own, {@code <component>.alert.<Alert>.tests.yaml} (or
 * {@code .record.<record>.}) and its {@code .rules.yaml}: the rule under test and, transitively,
 * the rules recording what it reads, from its component and the components whose recorded series
 * its component's rules read, in their groups as rendered. A test of one of synapse's 111 rules
 * does not pay for the other 110, and a variant that changes one rule reruns that rule's tests
 * alone. {@code <component>.rules.yaml} holds each component's groups whole, for
 * {@code deployment.tests.yaml}: every alert silent on the healthy deployment, which evaluates
 * them all. The tests are those of the single tests.yaml, unchanged, plus the burn scenarios of each service-level objective ({@link BurnScenarios}):
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

    /** The tests of one alert, and the rules they evaluate. */
    public static String alertTestsOf(String component, String alert) {
        return component + ".alert." + alert + ".tests.yaml";
    }

    /** The test of one recorded name (its ':' written '.', which no metric name holds), and its rules. */
    public static String recordTestsOf(String component, String record) {
        return component + ".record." + record.replace(':', '.') + ".tests.yaml";
    }

    /** Whether a file is one of the component's. */
    public static boolean isOf(String component, String file) {
        return file.startsWith(component + ".");
    }

    private static String rulesOfTests(String testFile) {
        return testFile.substring(0, testFile.length() - ".tests.yaml".length()) + ".rules.yaml";
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
        return kind(file).equals("burns");
    }

    /** Whether a file holds an alert's tests or their rules. */
    public static boolean isAlertTests(String file) {
        return kind(file).equals("alert");
    }

    /** What follows the component in a file's name: alert, record, burns, rules or tests. */
    private static String kind(String file) {
        String[] parts = file.split("\\.");
        return parts.length > 1 ? parts[1] : "";
    }

    /** Collects groups and tests by component while the generator walks the chart's rules. */
    static final class Builder {

        private final Map<String, List<PrometheusRule.Group>> groups = new LinkedHashMap<>();
        /** Tests by component and test file, each file's tests of one alert or recorded name. */
        private final Map<String, Map<String, Subject>> tests = new LinkedHashMap<>();
        /** Burn scenarios by component and objective: not in the single tests file. */
        private final Map<String, Map<String, List<BurnScenarios.Test>>> burns = new LinkedHashMap<>();

        void group(String component, PrometheusRule.Group group) {
            groups.computeIfAbsent(component, name -> new ArrayList<>()).add(group);
        }

        /** The rule a file's tests test: an alert's name, or a recorded name (every rule recording it). */
        private record Subject(String alert, String record, List<Object> tests) {

            boolean tests(PrometheusRule.Rule rule) {
                return alert != null ? alert.equals(rule.alert()) : record.equals(rule.record());
            }
        }

        void alertTest(String component, String alert, Object test) {
            tests.computeIfAbsent(component, name -> new LinkedHashMap<>()).computeIfAbsent(alertTestsOf(component,
                    alert), file -> new Subject(alert, null, new ArrayList<>())).tests().add(test);
        }

        void recordTest(String component, String record, Object test) {
            tests.computeIfAbsent(component, name -> new LinkedHashMap<>()).computeIfAbsent(recordTestsOf(component,
                    record), file -> new Subject(null, record, new ArrayList<>())).tests().add(test);
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
            tests.forEach((component, byFile) -> {
                List<PrometheusRule.Group> read = readBy(component).stream().flatMap(other -> groups.get(other).stream())
                        .toList();
                Map<PrometheusRule.Rule, Set<PrometheusRule.Rule>> reads = RuleSubsets.reads(read.stream()
                        .flatMap(group -> group.rules().stream()).toList());
                byFile.forEach((testFile, subject) -> {
                    String rules = rulesOfTests(testFile);
                    Set<PrometheusRule.Rule> needed = RuleSubsets.needed(subject::tests, reads);
                    files.put(rules, RuleTestGenerator.dump(Map.of("groups",
                            RuleSubsets.groups(read, (group, rule) -> needed.contains(rule)))));
                    ruleFiles.put(testFile, List.of(rules));
                    files.put(testFile, RuleTestGenerator.dump(RuleTestGenerator.testFile(List.of(rules),
                            subject.tests())));
                });
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
            return RuleSubsets.groups(groups.get(component), (group, rule) ->
                    group.name().endsWith(".slo." + objective) || alerts.contains(rule.alert()));
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
                    .map(RuleSubsets::named)
                    .anyMatch(name -> expressions.stream().anyMatch(expr -> name.matcher(expr).find()));
        }

        private List<PrometheusRule.Rule> rules(String component) {
            return groups.get(component).stream().flatMap(group -> group.rules().stream()).toList();
        }
    }
}
