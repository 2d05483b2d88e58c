package io.matrixmon.core.rules;

import io.matrixmon.core.lint.PrometheusRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Parts of a chart's rule groups, for test files that evaluate only what their tests need: which
 * rules record a series another rule reads, and the groups as rendered with only some of their
 * rules, in their order. Rules are told apart by identity: two groups may hold equal rules.
 */
final class RuleSubsets {

    private RuleSubsets() {
    }

    /** For each rule, the rules among them that record a series its expression names. */
    static Map<PrometheusRule.Rule, Set<PrometheusRule.Rule>> reads(List<PrometheusRule.Rule> rules) {
        Map<String, Pattern> names = new LinkedHashMap<>();
        rules.stream().map(PrometheusRule.Rule::record).filter(record -> record != null).forEach(record -> names
                .computeIfAbsent(record, RuleSubsets::named));
        Map<PrometheusRule.Rule, Set<PrometheusRule.Rule>> reads = new IdentityHashMap<>();
        for (PrometheusRule.Rule rule : rules) {
            String expr = String.valueOf(rule.expr());
            Set<String> read = new HashSet<>();
            names.forEach((name, pattern) -> {
                if (pattern.matcher(expr).find()) {
                    read.add(name);
                }
            });
            Set<PrometheusRule.Rule> recording = identitySet();
            rules.stream().filter(other -> read.contains(other.record())).forEach(recording::add);
            reads.put(rule, recording);
        }
        return reads;
    }

    /** A metric name as a whole word of an expression. */
    static Pattern named(String metric) {
        return Pattern.compile("(?<![\\w:])" + Pattern.quote(metric) + "(?![\\w:])");
    }

    /** The rules under test and, transitively, every rule recording a series they read. */
    static Set<PrometheusRule.Rule> needed(Predicate<PrometheusRule.Rule> tested,
            Map<PrometheusRule.Rule, Set<PrometheusRule.Rule>> reads) {
        Set<PrometheusRule.Rule> needed = identitySet();
        List<PrometheusRule.Rule> pending = new ArrayList<>(reads.keySet().stream().filter(tested).toList());
        while (!pending.isEmpty()) {
            PrometheusRule.Rule rule = pending.remove(pending.size() - 1);
            if (needed.add(rule)) {
                pending.addAll(reads.get(rule));
            }
        }
        return needed;
    }

    /** The groups as rendered with only the rules kept, in their order; a group left empty is left out. */
    static List<Map<String, Object>> groups(List<PrometheusRule.Group> groups,
            BiPredicate<PrometheusRule.Group, PrometheusRule.Rule> keep) {
        List<Map<String, Object>> kept = new ArrayList<>();
        for (PrometheusRule.Group group : groups) {
            List<Object> wanted = new ArrayList<>();
            List<?> rendered = (List<?>) group.rendered().get("rules");
            for (int i = 0; i < group.rules().size(); i++) {
                if (keep.test(group, group.rules().get(i))) {
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

    private static Set<PrometheusRule.Rule> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
