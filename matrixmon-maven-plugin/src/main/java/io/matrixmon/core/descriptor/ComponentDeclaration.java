package io.matrixmon.core.descriptor;

import io.matrixmon.core.component.Component;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a bundle's component.yaml declares, like a monitoring mixin's config: the component's
 * scrape targets (defaults of services.&lt;name&gt;), the descriptor sections it owns (defaults),
 * its alerts (severity, for, threshold with unit and range, the less severe alerts each one
 * implies), its service-level objectives (defaults of slos.&lt;name&gt;) and whether it has a dashboard.
 *
 * @param source the file, for messages
 * @param dashboardFilters the dashboard's template variables that filter by a label (variable name
 *     to label), which an alert's dashboard_url sets from the alert's labels
 */
public record ComponentDeclaration(String name, String source, Map<String, Object> services,
        Map<String, Object> settings, Map<String, AlertDefaults> alerts, Map<String, SloDefaults> slos,
        boolean dashboard, Map<String, String> dashboardFilters) {

    /**
     * One alert's defaults; {@code threshold} is null for an alert without one, {@code keepFiringFor}
     * for one whose signal does not flap. {@code inhibits} maps each less severe alert of the bundle
     * that this one implies to the labels on which both must agree (the same namespace, pod, ...):
     * while this alert fires, that one is muted there.
     */
    public record AlertDefaults(String severity, String forDuration, String keepFiringFor, Threshold threshold,
            Map<String, List<String>> inhibits) {
    }

    /**
     * One service-level objective's defaults: the share of good events wanted over the window, and
     * the rate of events (a second) below which a window records no error ratio, so that a handful
     * of requests of a quiet night neither burns nor restores the error budget.
     */
    public record SloDefaults(String description, double objective, String window, double minimumRate) {
    }

    /** Severities from the least to the most severe: an alert mutes only less severe ones. */
    private static final List<String> SEVERITIES = List.of("info", "warning", "critical");
    /**
     * Labels an inhibit rule matches on itself: source and target differ in alertname and
     * severity by definition, and share the component.
     */
    private static final List<String> MATCHED_LABELS = List.of("alertname", "severity", "component");

    /** Reads and checks the bundle's component.yaml against the bundle's files. */
    public static ComponentDeclaration read(Component component) throws DescriptorException {
        String source = component.origin(Component.DECLARATION);
        BundleFiles.Document document = BundleFiles.read(DescriptorSchema.component(), source,
                component.files().get(Component.DECLARATION), "at least dashboard: true or false");
        Map<String, Object> declared = document.values();
        Origins origins = document.origins();
        List<Problem> problems = new ArrayList<>();
        Map<String, AlertDefaults> alerts = new LinkedHashMap<>();
        Deployment.map(declared.get("alerts")).forEach((alert, settings) -> alerts.put(alert,
                alert(Deployment.map(settings), "alerts." + alert, origins, problems)));
        alerts.forEach((alert, defaults) -> checkInhibits(alert, defaults, alerts, origins, problems));
        Map<String, SloDefaults> slos = new LinkedHashMap<>();
        Deployment.map(declared.get("slos")).forEach((slo, settings) -> {
            Map<String, Object> values = Deployment.map(settings);
            slos.put(slo, new SloDefaults((String) values.get("description"), (Double) values.get("objective"),
                    (String) values.get("window"), (Double) values.get("minimumRate")));
        });
        if (!slos.isEmpty() && !component.has(Component.RULES)) {
            problems.add(origins.problem("slos", "objectives without rules: the bundle has no " + Component.RULES));
        }
        boolean dashboard = (Boolean) declared.get("dashboard");
        if (dashboard != component.has(Component.DASHBOARD)) {
            problems.add(origins.problem("dashboard", dashboard
                    ? "the bundle has no " + Component.DASHBOARD + "; add it or say dashboard: false"
                    : "the bundle has a " + Component.DASHBOARD + "; say dashboard: true or remove it"));
        }
        if (!alerts.isEmpty() && !component.has(Component.RULES)) {
            problems.add(origins.problem("alerts", "alerts without rules: the bundle has no " + Component.RULES));
        }
        if (!problems.isEmpty()) {
            throw new DescriptorException(problems);
        }
        return new ComponentDeclaration(component.name(), source, Deployment.map(declared.get("services")),
                Deployment.map(declared.get("settings")), alerts, Collections.unmodifiableMap(slos), dashboard,
                dashboard ? DashboardFilters.of(component.files().get(Component.DASHBOARD)) : Map.of());
    }

    private static AlertDefaults alert(Map<String, Object> settings, String path, Origins origins,
            List<Problem> problems) {
        Map<String, Object> declared = Deployment.map(settings.get("threshold"));
        Threshold threshold = null;
        if (!declared.isEmpty()) {
            threshold = new Threshold((Double) declared.get("default"), (String) declared.get("unit"),
                    (Double) declared.get("minimum"), (Double) declared.get("maximum"));
            if (threshold.minimum() >= threshold.maximum()) {
                problems.add(origins.problem(path + ".threshold.maximum", "expected a maximum above the minimum ("
                        + Threshold.number(threshold.minimum()) + "), got " + Threshold.number(threshold.maximum())));
            } else if (threshold.defaultValue() < threshold.minimum() || threshold.defaultValue() > threshold.maximum()) {
                problems.add(origins.problem(path + ".threshold.default", "expected a default within the threshold's"
                        + " own range, " + threshold.expected() + ", got " + Threshold.number(threshold.defaultValue())));
            }
        }
        Map<String, List<String>> inhibits = new LinkedHashMap<>();
        Deployment.map(settings.get("inhibits")).forEach((target, labels) -> inhibits.put(target,
                ((List<?>) labels).stream().map(String::valueOf).toList()));
        return new AlertDefaults((String) settings.get("severity"), (String) settings.get("for"),
                (String) settings.get("keepFiringFor"), threshold, Collections.unmodifiableMap(inhibits));
    }

    /**
     * An alert inhibits only less severe alerts of its own bundle, and only where both carry the
     * labels it names: Alertmanager counts a label missing on both sides as equal, so an inhibition
     * without labels would mute the target everywhere.
     */
    private static void checkInhibits(String alert, AlertDefaults defaults, Map<String, AlertDefaults> alerts,
            Origins origins, List<Problem> problems) {
        defaults.inhibits().forEach((target, labels) -> {
            String path = "alerts." + alert + ".inhibits." + target;
            AlertDefaults muted = alerts.get(target);
            if (muted == null) {
                problems.add(origins.problem(path, "expected an alert of this bundle ("
                        + String.join(", ", alerts.keySet()) + "), got " + target));
            } else if (SEVERITIES.indexOf(muted.severity()) >= SEVERITIES.indexOf(defaults.severity())) {
                problems.add(origins.problem(path, "expected an alert less severe than " + alert + " ("
                        + defaults.severity() + "), got " + target + " (" + muted.severity() + "); an alert"
                        + " as severe as the one that implies it is sent, not muted"));
            }
            if (labels.isEmpty()) {
                problems.add(origins.problem(path, "expected the labels that identify the muted alert's target"
                        + " (namespace, pod, ...), got none; without them it would be muted everywhere"));
            }
            labels.stream().filter(MATCHED_LABELS::contains).forEach(label -> problems.add(origins.problem(path,
                    "expected the labels that identify the muted alert's target, got " + label + ", which the"
                            + " inhibit rule matches itself (" + String.join(", ", MATCHED_LABELS) + ")")));
        });
    }
}
