package io.matrixmon.core.descriptor;

import io.matrixmon.core.component.Component;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.descriptor.ComponentDeclaration.AlertDefaults;
import io.matrixmon.core.descriptor.ComponentDeclaration.SloDefaults;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the component bundles declare, read and checked, as typed facts for the core, the tests and
 * the documentation; maps only where the model begins: {@link #descriptorDefaults()}, which the
 * user's descriptor is merged over, and {@link #toTemplateModel()}, what templates read of them.
 *
 * @param components the bundles' declarations, in bundle order
 * @param runbooks each alert's runbook, by alert name, in the same order
 */
public record Declarations(List<ComponentDeclaration> components, Map<String, Runbook> runbooks) {

    /**
     * An alert's runbook: the component whose alert it is, its panel on the chart's runbook
     * dashboard (the id its runbook_url names) and its page's markdown.
     */
    public record Runbook(String component, int panel, String page) {
    }

    /**
     * That one alert mutes a less severe one of its component while both carry the same values of
     * the labels {@code equal}: an inhibit rule of the alert routing.
     */
    public record Inhibition(String component, String source, String target, List<String> equal) {
    }

    public Declarations {
        components = List.copyOf(components);
        runbooks = Collections.unmodifiableMap(new LinkedHashMap<>(runbooks));
    }

    /**
     * Reads every bundle's component.yaml (without runbooks: {@link #withRunbooks}); what is wrong
     * with a bundle is added to {@code problems}, and the bundles that read are kept, so that one
     * broken bundle does not hide the problems of the others.
     */
    static Declarations read(Components bundles, List<Problem> problems) {
        List<ComponentDeclaration> components = new ArrayList<>();
        for (Component bundle : bundles.all()) {
            try {
                components.add(ComponentDeclaration.read(bundle));
            } catch (DescriptorException e) {
                problems.addAll(e.problems());
            }
        }
        return new Declarations(components, Map.of());
    }

    /**
     * These declarations with each alert's runbook, from the pages by alert name. An alert without
     * a page is a problem, as is a runbook panel id two alerts share.
     */
    Declarations withRunbooks(Map<String, String> pages, List<Problem> problems) {
        Map<String, Runbook> runbooks = new LinkedHashMap<>();
        Map<Integer, String> panels = new HashMap<>();
        for (ComponentDeclaration component : components) {
            for (String alert : component.alerts().keySet()) {
                String page = pages.get(alert);
                if (page == null) {
                    problems.add(new Problem(component.source(), 0, 0, "alerts." + alert, "has no runbook page;"
                            + " expected " + Components.runbookOrigin(alert)));
                    continue;
                }
                int panel = Components.runbookPanelId(alert);
                String other = panels.putIfAbsent(panel, alert);
                if (other != null) {
                    problems.add(new Problem(component.source(), 0, 0, "alerts." + alert, "its runbook panel id "
                            + panel + " is " + other + "'s too (ids are derived from the names); rename one"));
                }
                runbooks.put(alert, new Runbook(component.name(), panel, page));
            }
        }
        return new Declarations(components, runbooks);
    }

    public Optional<ComponentDeclaration> component(String name) {
        return components.stream().filter(component -> component.name().equals(name)).findFirst();
    }

    /** Every alert's defaults, by name, in bundle order and within a bundle as component.yaml lists them. */
    public Map<String, AlertDefaults> alerts() {
        Map<String, AlertDefaults> alerts = new LinkedHashMap<>();
        components.forEach(component -> alerts.putAll(component.alerts()));
        return Collections.unmodifiableMap(alerts);
    }

    /** Every service-level objective's defaults, by name, in bundle order. */
    public Map<String, SloDefaults> slos() {
        Map<String, SloDefaults> slos = new LinkedHashMap<>();
        components.forEach(component -> slos.putAll(component.slos()));
        return Collections.unmodifiableMap(slos);
    }

    /** The names of the components that have a dashboard. */
    public List<String> withDashboards() {
        return components.stream().filter(ComponentDeclaration::dashboard).map(ComponentDeclaration::name).toList();
    }

    /** Every inhibition the bundles declare, in bundle and alert order. */
    public List<Inhibition> inhibitions() {
        List<Inhibition> inhibitions = new ArrayList<>();
        for (ComponentDeclaration component : components) {
            component.alerts().forEach((name, alert) -> alert.inhibits().forEach((target, equal) ->
                    inhibitions.add(new Inhibition(component.name(), name, target, equal))));
        }
        return List.copyOf(inhibitions);
    }

    /**
     * The defaults the bundles add to the default deployment, as a descriptor says them: each
     * section a bundle owns, then {@code services} (the scrape targets), {@code alerts} (severity,
     * for, keepFiringFor, threshold) and {@code slos} (enabled, objective, window).
     */
    Map<String, Object> descriptorDefaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        Map<String, Object> services = new LinkedHashMap<>();
        Map<String, Object> alerts = new LinkedHashMap<>();
        Map<String, Object> slos = new LinkedHashMap<>();
        for (ComponentDeclaration component : components) {
            defaults.putAll(component.settings());
            services.putAll(component.services());
            component.alerts().forEach((name, alert) -> {
                Map<String, Object> settings = OrderedMaps.of("severity", alert.severity(), "for",
                        alert.forDuration());
                if (alert.keepFiringFor() != null) {
                    settings.put("keepFiringFor", alert.keepFiringFor());
                }
                if (alert.threshold() != null) {
                    settings.put("threshold", alert.threshold().defaultValue());
                }
                alerts.put(name, settings);
            });
            component.slos().forEach((name, slo) -> slos.put(name, OrderedMaps.of("enabled", true,
                    "objective", slo.objective(), "window", slo.window())));
        }
        defaults.put("services", services);
        defaults.put("alerts", alerts);
        defaults.put("slos", slos);
        return defaults;
    }

    /**
     * What templates read of the bundles: {@code dashboardNames}, {@code components} (each one's
     * alerts and objectives, whether it has a dashboard, and the dashboard's variables that filter by
     * a label), {@code thresholds} (each threshold's unit and range, and the two in words as
     * {@code expected}), {@code objectives} (each service-level objective's component, description
     * and minimum rate), {@code inhibitions} (which alert mutes which one of its component on which
     * labels, the alert routing's inhibit rules) and {@code runbooks} (each alert's component, panel
     * id on the runbook dashboard and page).
     */
    Map<String, Object> toTemplateModel() {
        Map<String, Object> described = new LinkedHashMap<>();
        Map<String, Object> thresholds = new LinkedHashMap<>();
        Map<String, Object> objectives = new LinkedHashMap<>();
        for (ComponentDeclaration component : components) {
            described.put(component.name(), OrderedMaps.of("alerts", List.copyOf(component.alerts().keySet()),
                    "slos", List.copyOf(component.slos().keySet()), "dashboard", component.dashboard(),
                    "dashboardFilters", component.dashboardFilters()));
            component.alerts().forEach((name, alert) -> {
                Threshold threshold = alert.threshold();
                if (threshold != null) {
                    thresholds.put(name, OrderedMaps.of("unit", threshold.unit(), "minimum", threshold.minimum(),
                            "maximum", threshold.maximum(), "expected", threshold.expected()));
                }
            });
            component.slos().forEach((name, slo) -> objectives.put(name, OrderedMaps.of("component",
                    component.name(), "description", slo.description(), "minimumRate", slo.minimumRate())));
        }
        List<Object> inhibitions = new ArrayList<>();
        inhibitions().forEach(inhibition -> inhibitions.add(OrderedMaps.of("component", inhibition.component(),
                "source", inhibition.source(), "target", inhibition.target(), "equal", inhibition.equal())));
        Map<String, Object> runbookModel = new LinkedHashMap<>();
        runbooks.forEach((alert, runbook) -> runbookModel.put(alert, OrderedMaps.of("component",
                runbook.component(), "panel", runbook.panel(), "page", runbook.page())));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("dashboardNames", withDashboards());
        model.put("components", described);
        model.put("thresholds", thresholds);
        model.put("objectives", objectives);
        model.put("inhibitions", inhibitions);
        model.put("runbooks", runbookModel);
        return model;
    }
}
