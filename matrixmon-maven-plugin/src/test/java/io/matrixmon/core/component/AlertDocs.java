package io.matrixmon.core.component;

import io.matrixmon.core.descriptor.ComponentDeclaration;
import io.matrixmon.core.descriptor.DescriptorLoader;
import io.matrixmon.core.descriptor.Threshold;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The documentation text that states an alert's defaults, written from the component bundles:
 * the README's alert table, the runbook index's table and the two header lines of each runbook
 * page. The bundles' component.yaml files are the only place a default is written by hand.
 */
public final class AlertDocs {

    /** One alert's defaults, as its bundle declares them. */
    public record Alert(String name, String component, String severity, String forDuration, String keepFiringFor,
            String threshold, String unit) {

        /** "0.05 fraction", or "—" without a threshold. */
        String thresholdInWords() {
            return threshold == null ? "—" : threshold + " " + unit;
        }
    }

    private final List<Alert> alerts;

    private AlertDocs(List<Alert> alerts) {
        this.alerts = alerts;
    }

    /** The alerts of the bundles, in bundle order and, within a bundle, in the order component.yaml lists them. */
    public static AlertDocs of(Components components) {
        List<Alert> alerts = new ArrayList<>();
        for (ComponentDeclaration component : new DescriptorLoader(components).declarations().components()) {
            component.alerts().forEach((name, alert) -> {
                Threshold threshold = alert.threshold();
                alerts.add(new Alert(name, component.name(), alert.severity(), alert.forDuration(),
                        alert.keepFiringFor(), threshold == null ? null : plain(threshold.defaultValue()),
                        threshold == null ? null : threshold.unit()));
            });
        }
        return new AlertDocs(List.copyOf(alerts));
    }

    public List<Alert> alerts() {
        return alerts;
    }

    /** The README's table of every alert (section "Alerts"). */
    public String readmeTable() {
        StringBuilder table = new StringBuilder("""
                | Alert | Component | Severity | For | Default threshold |
                |-------|-----------|----------|-----|-------------------|
                """);
        for (Alert alert : alerts) {
            table.append("| ").append(alert.name()).append(" | ").append(alert.component()).append(" | ")
                    .append(alert.severity()).append(" | ").append(alert.forDuration()).append(" | ")
                    .append(alert.thresholdInWords()).append(" |\n");
        }
        return table.toString();
    }

    /** The runbook site's index table, each alert linked to its page. */
    public String runbookIndexTable() {
        StringBuilder table = new StringBuilder("""
                | Alert | Severity | Default threshold | for | Component |
                |-------|----------|-------------------|-----|-----------|
                """);
        for (Alert alert : alerts) {
            table.append("| [").append(alert.name()).append("](").append(alert.name()).append(".md) | ")
                    .append(alert.severity()).append(" | ").append(alert.thresholdInWords()).append(" | ")
                    .append(alert.forDuration()).append(" | ").append(alert.component()).append(" |\n");
        }
        return table.toString();
    }

    /** The two lines under a runbook page's title: the alert's defaults and how to change each. */
    public static String runbookHeader(Alert alert) {
        String name = alert.name();
        StringBuilder facts = new StringBuilder("- Severity: **").append(alert.severity()).append("** · for: ")
                .append(alert.forDuration());
        List<String> tunables = new ArrayList<>();
        if (alert.keepFiringFor() != null) {
            facts.append(" · keeps firing for: ").append(alert.keepFiringFor()).append(" after it clears");
        }
        if (alert.threshold() != null) {
            facts.append(" · threshold: ").append(alert.threshold()).append(" (").append(alert.unit()).append(')');
            tunables.add("threshold=…");
        }
        facts.append(" · component: `").append(alert.component()).append("`\n");
        tunables.add("for=…");
        if (alert.keepFiringFor() != null) {
            tunables.add("keepFiringFor=…");
        }
        tunables.add("severity=…");
        tunables.add("enabled=false");
        List<String> sets = tunables.stream().map(set -> "`--set alerts." + name + "." + set + "`").toList();
        return facts + "- Tune with: " + String.join(", ", sets) + " (or in the deployment descriptor under `alerts."
                + name + "`)\n";
    }

    private static String plain(double number) {
        return new BigDecimal(Double.toString(number)).stripTrailingZeros().toPlainString();
    }
}
