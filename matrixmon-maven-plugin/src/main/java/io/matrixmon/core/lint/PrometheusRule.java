package io.matrixmon.core.lint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rendered PrometheusRule, typed: its groups and their rules (alert or record name, expr, for,
 * labels, annotations). Each group keeps the YAML it was read from, for the rule files that must
 * hold the groups exactly as rendered (promtool's, Prometheus's).
 *
 * @param source the chart file it was rendered from
 * @param name its metadata.name
 * @param component its {@code app.kubernetes.io/component} label; null without one
 */
public record PrometheusRule(String source, String name, String component, List<Group> groups) {

    public static final String KIND = "PrometheusRule";

    /**
     * One rule group.
     *
     * @param rendered the group as parsed from the rendered manifest (the same map, not a copy)
     */
    public record Group(String name, List<Rule> rules, Map<String, Object> rendered) {
    }

    /**
     * One rule; labels and annotations as text, as Prometheus reads them.
     *
     * @param alert the alert's name; null for a recording rule
     * @param record the recorded series; null for an alerting rule
     * @param forDuration the rule's {@code for}; null without one
     */
    public record Rule(String alert, String record, String expr, String forDuration, Map<String, String> labels,
            Map<String, String> annotations) {

        public boolean isAlert() {
            return alert != null;
        }

        /** The alert's or the recorded series' name. */
        public String name() {
            return isAlert() ? alert : record;
        }
    }

    /** The PrometheusRules among the manifests, in their order. */
    public static List<PrometheusRule> of(List<Manifest> manifests) {
        return manifests.stream().filter(manifest -> manifest.kind().equals(KIND)).map(PrometheusRule::of).toList();
    }

    /** The view of one PrometheusRule manifest. */
    public static PrometheusRule of(Manifest manifest) {
        List<Group> groups = new ArrayList<>();
        for (Object group : list(map(manifest.object().get("spec")).get("groups"))) {
            Map<String, Object> rendered = map(group);
            List<Rule> rules = new ArrayList<>();
            for (Object rule : list(rendered.get("rules"))) {
                Map<String, Object> fields = map(rule);
                rules.add(new Rule(text(fields.get("alert")), text(fields.get("record")), text(fields.get("expr")),
                        text(fields.get("for")), texts(fields.get("labels")), texts(fields.get("annotations"))));
            }
            groups.add(new Group(text(rendered.get("name")), List.copyOf(rules), rendered));
        }
        return new PrometheusRule(manifest.source(), manifest.name(), manifest.labels().get("app.kubernetes.io/component"),
                List.copyOf(groups));
    }

    /** Every rule of every group, in order. */
    public List<Rule> rules() {
        return groups.stream().flatMap(group -> group.rules().stream()).toList();
    }

    /** Every rule of every group of the PrometheusRules, in order. */
    public static List<Rule> rules(List<PrometheusRule> rules) {
        return rules.stream().flatMap(rule -> rule.rules().stream()).toList();
    }

    /** Every group of the PrometheusRules, in order. */
    public static List<Group> groups(List<PrometheusRule> rules) {
        return rules.stream().flatMap(rule -> rule.groups().stream()).toList();
    }

    /** A Prometheus rule file of the groups, as rendered: {@code groups: [...]}. */
    public static Map<String, Object> ruleFile(List<Group> groups) {
        return Map.of("groups", groups.stream().map(Group::rendered).toList());
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static Map<String, String> texts(Object value) {
        Map<String, String> texts = new LinkedHashMap<>();
        map(value).forEach((key, text) -> texts.put(key, String.valueOf(text)));
        return Collections.unmodifiableMap(texts);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> list ? list : List.of();
    }
}
