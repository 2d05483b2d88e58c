package io.matrixmon.core.rules;

import io.matrixmon.core.lint.PrometheusRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The generated promtool tests as one pair of files per component: {@code <component>.rules.yaml}
 * with its rule groups and {@code <component>.tests.yaml} with its tests, which evaluate only those
 * groups and the groups of the components whose recorded series they read; and
 * {@code deployment.tests.yaml}, every alert silent on the healthy deployment, which evaluates all.
 * promtool evaluates every group of a test's rule files at every step, so a component's tests do
 * not pay for the other components' rules. The tests are those of the single tests.yaml, unchanged.
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

    /** Collects groups and tests by component while the generator walks the chart's rules. */
    static final class Builder {

        private final Map<String, List<PrometheusRule.Group>> groups = new LinkedHashMap<>();
        private final Map<String, List<Object>> tests = new LinkedHashMap<>();

        void group(String component, PrometheusRule.Group group) {
            groups.computeIfAbsent(component, name -> new ArrayList<>()).add(group);
        }

        void test(String component, Object test) {
            tests.computeIfAbsent(component, name -> new ArrayList<>()).add(test);
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
            if (deploymentTest != null) {
                List<String> all = groups.keySet().stream().map(SplitFiles::rulesOf).toList();
                ruleFiles.put(DEPLOYMENT, all);
                files.put(DEPLOYMENT, RuleTestGenerator.dump(RuleTestGenerator.testFile(all, List.of(deploymentTest))));
            }
            return new SplitFiles(Collections.unmodifiableMap(files), Collections.unmodifiableMap(ruleFiles));
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
