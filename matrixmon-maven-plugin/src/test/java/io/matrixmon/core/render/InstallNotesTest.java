package io.matrixmon.core.render;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What helm install prints after a client-side dry run, where the chart cannot ask the cluster:
 * every kind the release creates, how to reach the Prometheus that selects it without naming a
 * stack release, Alertmanager's names of the receivers, and what a missing MinIO token does.
 */
class InstallNotesTest {

    @Test
    void theNotesListEveryKindTheReleaseCreates() {
        assertTrue(install(Map.of()).contains("kubectl get servicemonitors,podmonitors,prometheusrules,configmaps"
                + " -n monitoring -l app.kubernetes.io/instance=mon\n"), install(Map.of()));
        assertTrue(install(Map.of("alertRouting.enabled", "true")).contains(
                "kubectl get servicemonitors,podmonitors,prometheusrules,alertmanagerconfigs,configmaps -n monitoring"));
        assertTrue(install(Map.of("grafana.dashboards.enabled", "false", "grafana.datasource.enabled", "false",
                "runbookBaseUrl", "https://wiki.example.org/runbooks"))
                .contains("kubectl get servicemonitors,podmonitors,prometheusrules -n monitoring"));
        assertTrue(install(Map.of()).contains("kubectl get events -n monitoring --field-selector type=Warning"));
    }

    @Test
    void thePortForwardLineNamesNoStackRelease() {
        String notes = install(Map.of());
        assertTrue(notes.contains("  kubectl get prometheuses --all-namespaces\n"
                + "  kubectl port-forward -n <its namespace> svc/prometheus-operated 9090:9090\n"), notes);
        assertFalse(notes.contains("kube-prometheus-prometheus"), notes);
    }

    @Test
    void receiversAreNamedAsAlertmanagerShowsThem() {
        String notes = install(Map.of("alertRouting.enabled", "true"));
        assertTrue(notes.contains("the AlertmanagerConfig monitoring/mon-matrix-monitoring-routing sends critical"
                + " alerts to the receiver\nmonitoring/mon-matrix-monitoring-routing/mon-matrix-monitoring-critical"
                + " and warnings to monitoring/mon-matrix-monitoring-routing/mon-matrix-monitoring-warning"), notes);
    }

    @Test
    void aMissingMinioTokenIsSaidToLeaveMinioUnscraped() {
        String notes = install(Map.of("minio.enabled", "true"));
        assertTrue(notes.contains("Until it exists, prometheus-operator rejects the MinIO ServiceMonitor, MinIO is not\n"
                + "scraped and MinIODown fires (no MinIO target)."), notes);
        assertTrue(notes.contains("kubectl create secret generic minio-prometheus-token -n monitoring"
                + " --from-literal=token=<token>"), notes);
        assertFalse(install(Map.of("minio.enabled", "false")).contains("MinIO"));
    }

    /** What a client-only dry-run install prints, NOTES.txt included. */
    private static String install(Map<String, String> sets) {
        InstallCommand install = new Helm(Charts.defaultChart()).install().withName("mon").withNamespace("monitoring")
                .clientOnly().dryRun();
        sets.forEach(install::set);
        return install.call().getOutput();
    }
}
