package io.matrixmon.core.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.matrixmon.core.component.Component;
import io.matrixmon.core.component.Components;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DescriptorLoaderTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Deployment deployment, String... path) {
        Object current = deployment.model();
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return (Map<String, Object>) current;
    }

    @Test
    void defaultIsTheSeedDeployment() throws Exception {
        Deployment deployment = new DescriptorLoader().load((String) null, "default");
        assertEquals("matrix-monitoring", deployment.chartName());
        Map<String, Object> synapse = at(deployment, "services", "synapse");
        assertEquals(9090L, synapse.get("port"));
        assertEquals("/_synapse/metrics", synapse.get("path"));
        assertEquals("30s", synapse.get("interval"));
        assertEquals("matrix", synapse.get("namespace"));
        assertEquals("ingress-nginx", at(deployment, "services", "ingressNginx").get("namespace"));
        assertEquals(false, at(deployment, "services", "coturn").get("enabled"));
        assertEquals(Map.of("release", "prometheus"), at(deployment, "monitoring").get("selectorLabels"));
        assertEquals(declaredAlerts(), at(deployment, "alerts").keySet());
    }

    /** The alerts every bundle's component.yaml declares, each bundle's declaration read on its own. */
    private static Set<String> declaredAlerts() throws DescriptorException {
        Set<String> alerts = new LinkedHashSet<>();
        for (Component component : Components.embedded().all()) {
            alerts.addAll(ComponentDeclaration.read(component).alerts().keySet());
        }
        return alerts;
    }

    @Test
    void workersInheritSharedSettingsAndGetTheirType() throws Exception {
        Deployment deployment = new DescriptorLoader().load("synapseWorkers:\n  interval: 15s\n  types:\n"
                + "    synchrotron:\n      scrapeTimeout: 5s\n", "d.yaml");
        Map<String, Object> synchrotron = at(deployment, "synapseWorkers", "types", "synchrotron");
        assertEquals("15s", synchrotron.get("interval"));
        assertEquals("5s", synchrotron.get("scrapeTimeout"));
        assertEquals(9090L, synchrotron.get("port"));
        assertEquals(Map.of("worker_type", "synchrotron", "matrix_instance", "main"), synchrotron.get("targetLabels"));
        assertEquals("15s", at(deployment, "synapseWorkers", "types", "federation-sender").get("interval"));
    }

    @Test
    void aUserDescriptorOnlyNeedsWhatDiffers() throws Exception {
        Deployment deployment = new DescriptorLoader().load(
                "monitoring:\n  interval: 1m\n  scrapeTimeout: 20s\nservices:\n  redis:\n    port: 9122\n", "d.yaml");
        Map<String, Object> redis = at(deployment, "services", "redis");
        assertEquals(9122L, redis.get("port"));
        assertEquals("/metrics", redis.get("path"));
        assertEquals("1m", redis.get("interval"));
        assertEquals("1m", at(deployment, "services", "synapse").get("interval"));
    }

    @Test
    void selectorsReplaceTheDefaultInsteadOfMerging() throws Exception {
        Deployment deployment = new DescriptorLoader().load("services:\n  synapse:\n    selector:\n"
                + "      app: homeserver\n", "d.yaml");
        assertEquals(Map.of("app", "homeserver"), at(deployment, "services", "synapse").get("selector"));
    }

    @Test
    void newServicesAndClustersCanBeAdded() throws Exception {
        Deployment deployment = new DescriptorLoader().load("services:\n  mas:\n    selector: {app: mas}\n"
                + "    port: 9464\n    path: /metrics\n    job: mas\npostgresql:\n  clusters:\n"
                + "    matrix-postgresql-2: {role: main}\n", "d.yaml");
        assertEquals(9464L, at(deployment, "services", "mas").get("port"));
        assertEquals(3, at(deployment, "postgresql", "clusters").size());
        assertEquals(Map.of("cnpg_io_cluster", "matrix-postgresql-2"),
                at(deployment, "postgresql", "clusters", "matrix-postgresql-2").get("targetLabels"));
    }

    @Test
    void clustersExpectBackupsByRoleAndHaveOneInstanceUnlessTold() throws Exception {
        Deployment deployment = new DescriptorLoader().load("postgresql:\n  clusters:\n"
                + "    matrix-postgresql-2: {role: main}\n    matrix-postgresql-li-2: {role: li}\n", "d.yaml");
        Map<String, Object> added = at(deployment, "postgresql", "clusters", "matrix-postgresql-2");
        assertEquals(1L, added.get("instances"));
        assertEquals(true, added.get("backupsExpected"));
        assertEquals(false, at(deployment, "postgresql", "clusters", "matrix-postgresql-li-2").get("backupsExpected"));
        Map<String, Object> li = at(deployment, "postgresql", "clusters", "matrix-postgresql-li");
        assertEquals(3L, li.get("instances"));
        assertEquals(false, li.get("backupsExpected"));
        assertEquals(true, at(deployment, "postgresql", "clusters", "matrix-postgresql").get("backupsExpected"));
        assertEquals(Map.of("mode", "replica-cluster", "sourceCluster", "matrix-postgresql", "subscription", "matrix_li",
                "slot", "matrix_li"), at(deployment, "syncSystem", "liFeed"));
    }

    @Test
    void theModelIsReadOnly() throws Exception {
        Deployment deployment = new DescriptorLoader().load((String) null, "default");
        assertThrows(UnsupportedOperationException.class, () -> deployment.model().put("x", 1));
        assertFalse(deployment.model().containsKey("x"));
    }

    @Test
    void anEmptyDescriptorIsTheDefault() throws Exception {
        assertEquals(new DescriptorLoader().load((String) null, "d").model(),
                new DescriptorLoader().load("# nothing to change\n", "d.yaml").model());
    }

    @Test
    void theExampleDescriptorOfTheReadmeIsValid() throws Exception {
        Deployment deployment = new DescriptorLoader().load(
                java.nio.file.Path.of("../src/main/matrixmon/example.yaml"), "example.yaml");
        assertEquals("matrix-prod-monitoring", deployment.chartName());
        assertEquals("http-metrics", at(deployment, "services", "redis").get("portName"));
        assertEquals("matrix-prod", at(deployment, "services", "mas").get("namespace"));
    }
}
