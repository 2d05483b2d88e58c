package io.matrixmon.core.descriptor;

import io.matrixmon.core.component.Component;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * What a bundle's component.yaml declares, like a monitoring mixin's config: the component's
 * scrape targets (defaults of services.&lt;name&gt;), the descriptor sections it owns (defaults),
 * its alerts (severity, for, threshold with unit and range) and whether it has a dashboard.
 *
 * @param source the file, for messages
 */
public record ComponentDeclaration(String name, String source, Map<String, Object> services,
        Map<String, Object> settings, Map<String, AlertDefaults> alerts, boolean dashboard) {

    /** One alert's defaults; {@code threshold} is null for an alert without one. */
    public record AlertDefaults(String severity, String forDuration, Threshold threshold) {
    }

    /** The names of the components that have a dashboard. */
    static List<String> withDashboards(List<ComponentDeclaration> components) {
        return components.stream().filter(ComponentDeclaration::dashboard).map(ComponentDeclaration::name).toList();
    }

    /** Reads and checks the bundle's component.yaml against the bundle's files. */
    @SuppressWarnings("unchecked")
    static ComponentDeclaration read(Component component) throws DescriptorException {
        String source = component.origin(Component.DECLARATION);
        Node document = YamlDocuments.compose(component.files().get(Component.DECLARATION), source);
        if (document == null) {
            throw new DescriptorException(new Problem(source, 0, 0, "", "is empty; expected at least"
                    + " dashboard: true or false"));
        }
        Reader reader = new Reader(source);
        Object value = reader.visit(document, "") ? DescriptorSchema.component().read(document, "", reader) : null;
        if (!reader.problems().isEmpty()) {
            throw new DescriptorException(reader.problems());
        }
        Map<String, Object> declared = (Map<String, Object>) value;
        Origins origins = new Origins(source, reader.marks());
        List<Problem> problems = new ArrayList<>();
        Map<String, AlertDefaults> alerts = new LinkedHashMap<>();
        Deployment.map(declared.get("alerts")).forEach((alert, settings) -> alerts.put(alert,
                alert(Deployment.map(settings), "alerts." + alert, origins, problems)));
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
                Deployment.map(declared.get("settings")), alerts, dashboard);
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
        return new AlertDefaults((String) settings.get("severity"), (String) settings.get("for"), threshold);
    }
}
