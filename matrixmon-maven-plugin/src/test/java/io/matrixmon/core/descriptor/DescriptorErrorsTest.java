package io.matrixmon.core.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per kind of descriptor error; each asserts the exact message with its location. */
class DescriptorErrorsTest {

    @TempDir
    Path dir;

    private static List<String> problems(String yaml) {
        DescriptorException error = assertThrows(DescriptorException.class,
                () -> new DescriptorLoader().load(yaml, "matrixmon.yaml"));
        return error.problems().stream().map(Problem::toString).collect(Collectors.toList());
    }

    private static String problem(String yaml) {
        List<String> problems = problems(yaml);
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        return problems.get(0);
    }

    @Test
    void yamlSyntaxErrorNamesLineAndColumn() {
        assertEquals("matrixmon.yaml:3:1: YAML syntax error: while scanning a quoted scalar (started at line 2,"
                + " column 10): found unexpected end of stream", problem("services:\n  redis: \"unclosed\n"));
    }

    @Test
    void unknownKeyIsNotIgnoredAndSuggestsTheNearestKey() {
        assertEquals("matrixmon.yaml:3:5: services.redis.prot: unknown key 'prot' (did you mean 'port'?);"
                + " expected one of: enabled, namespace, port, portName, path, scheme, interval, scrapeTimeout,"
                + " relabelings, metricRelabelings, description, selector, job, targetLabels, bearerTokenSecret",
                problem("services:\n  redis:\n    prot: 9121\n"));
    }

    @Test
    void wrongTypeSaysWhatWasExpected() {
        assertEquals("matrixmon.yaml:3:14: services.redis.enabled: expected true or false, got the string \"sometimes\"",
                problem("services:\n  redis:\n    enabled: sometimes\n"));
    }

    @Test
    void numberWhereAStringBelongsSuggestsQuoting() {
        assertEquals("matrixmon.yaml:3:10: services.redis.job: expected a job name (letters, digits, '-', '_', '.'"
                + " and ':'), got the number 42 (quote it to make it a string)",
                problem("services:\n  redis:\n    job: 42\n"));
    }

    @Test
    void theSynapseJobModeIsOneOfTwo() {
        assertEquals("matrixmon.yaml:2:13: synapseWorkers.jobLabel: expected matrixmon (every worker's job is"
                + " synapseWorkers.job) or synapse (each worker's job is its type's app, as in Synapse's metrics"
                + " documentation), got the string \"worker\"", problem("synapseWorkers:\n  jobLabel: worker\n"));
    }

    @Test
    void aWorkerTypeWithoutAnAppNeedsOneInTheSynapseJobMode() throws DescriptorException {
        String pusher = "  types:\n    pusher:\n      selector: {app.kubernetes.io/component: pusher}\n";
        assertEquals("matrixmon.yaml:4:5: synapseWorkers.types.pusher: missing required key 'app' (with"
                + " synapseWorkers.jobLabel: synapse the job of a worker type is its Synapse app, such as"
                + " generic_worker, media_repository or federation_sender)",
                problem("synapseWorkers:\n  jobLabel: synapse\n" + pusher));
        Object types = new DescriptorLoader().load("synapseWorkers:\n" + pusher, "matrixmon.yaml")
                .section("synapseWorkers").get("types");
        assertEquals("synapse", ((Map<?, ?>) ((Map<?, ?>) types).get("pusher")).get("job"),
                "the matrixmon mode needs no app");
    }

    @Test
    void stackSettingsAreChecked() {
        assertEquals("matrixmon.yaml:3:20: stack.prometheus.retentionSize: expected a size in Prometheus' units such"
                + " as 100GB (B, KB, MB, GB, TB, PB), got the string \"100Gi\"",
                problem("stack:\n  prometheus:\n    retentionSize: 100Gi\n"));
        assertEquals("matrixmon.yaml:4:9: stack.prometheus.remoteWrite[0]: missing required key 'url'",
                problem("stack:\n  prometheus:\n    remoteWrite:\n      - name: mimir\n"));
        assertEquals("matrixmon.yaml:3:15: alertRouting.repeatInterval.critical: expected a Prometheus duration between"
                + " 1m and 7d such as 4h, got the string \"10s\"",
                problem("alertRouting:\n  repeatInterval:\n    critical: 10s\n"));
    }

    @Test
    void portOutOfRange() {
        assertEquals("matrixmon.yaml:3:11: services.redis.port: expected a port number 1-65535, got the number 70000",
                problem("services:\n  redis:\n    port: 70000\n"));
    }

    @Test
    void invalidDuration() {
        assertEquals("matrixmon.yaml:2:13: monitoring.interval: expected a Prometheus duration between 1s and 1h"
                + " such as 30s or 1m, got the string \"30 seconds\"", problem("monitoring:\n  interval: 30 seconds\n"));
    }

    @Test
    void emptySelector() {
        assertEquals("matrixmon.yaml:3:15: services.redis.selector: expected a non-empty mapping of label key to"
                + " value, got an empty mapping", problem("services:\n  redis:\n    selector: {}\n"));
    }

    @Test
    void duplicateKey() {
        assertEquals("matrixmon.yaml:4:3: services.redis: duplicate key 'redis' (first written at line 2);"
                + " a key may appear only once in a mapping", problem("services:\n  redis: {port: 1}\n\n  redis: {port: 2}\n"));
    }

    @Test
    void duplicateJobAndLabelsCollide() {
        assertEquals("matrixmon.yaml:4:5: services.cache.job: job \"redis\" with the same target labels is already"
                + " used by services.redis; their series would collide",
                problem("services:\n  cache:\n    selector: {app: cache}\n    job: redis\n    port: 6379\n"
                        + "    path: /metrics\n"));
    }

    @Test
    void newServiceWithoutRequiredKeys() {
        assertEquals(List.of("matrixmon.yaml:2:3: services.cache: missing required key 'selector'",
                "matrixmon.yaml:2:3: services.cache: missing required key 'path'"),
                problems("services:\n  cache:\n    port: 6379\n    job: cache\n"));
    }

    @Test
    void scrapeTimeoutLongerThanInterval() {
        assertEquals("matrixmon.yaml:3:5: services.redis.scrapeTimeout: expected a scrape timeout no longer than"
                + " the interval (30s), got 1m", problem("services:\n  redis:\n    scrapeTimeout: 1m\n"));
    }

    @Test
    void absurdThreshold() {
        assertEquals("matrixmon.yaml:3:16: alerts.SynapseHighCPU.threshold: expected a number of CPU cores between"
                + " 0.01 and 256, got the number -3", problem("alerts:\n  SynapseHighCPU:\n    threshold: -3\n"));
    }

    @Test
    void fractionGivenAsPercent() {
        assertEquals("matrixmon.yaml:3:16: alerts.RedisHighMemoryUsage.threshold: expected a fraction between 0 and 1"
                + " (e.g. 0.8 for 80%), got the number 90",
                problem("alerts:\n  RedisHighMemoryUsage:\n    threshold: 90\n"));
    }

    @Test
    void objectiveGivenAsPercent() {
        assertEquals("matrixmon.yaml:3:16: slos.synapseClientApiAvailability.objective: expected a fraction between"
                + " 0.95 and 0.9999 (e.g. 0.999 for 99.9% of events good), got the number 99.9",
                problem("slos:\n  synapseClientApiAvailability:\n    objective: 99.9\n"));
    }

    @Test
    void objectiveTooLooseForThePage() {
        assertEquals("matrixmon.yaml:3:16: slos.keyVaultAvailability.objective: expected a fraction between"
                + " 0.95 and 0.9999 (e.g. 0.999 for 99.9% of events good), got the number 0.9",
                problem("slos:\n  keyVaultAvailability:\n    objective: 0.9\n"));
    }

    @Test
    void unknownObjectiveWindow() {
        assertEquals("matrixmon.yaml:3:13: slos.synapseMediaAvailability.window: expected one of 7d, 14d, 28d, 30d,"
                + " got the string \"1mo\"", problem("slos:\n  synapseMediaAvailability:\n    window: 1mo\n"));
    }

    @Test
    void unknownObjective() throws Exception {
        assertEquals("matrixmon.yaml:2:3: slos.synapseAvailability: unknown key 'synapseAvailability'; expected one"
                        + " of: " + String.join(", ",
                                new DescriptorLoader().load((String) null, "default").section("slos").keySet()),
                problem("slos:\n  synapseAvailability: {enabled: false}\n"));
    }

    @Test
    void unknownAlert() throws Exception {
        assertEquals("matrixmon.yaml:2:3: alerts.RedisDwn: unknown key 'RedisDwn' (did you mean 'RedisDown'?);"
                        + " expected one of: " + String.join(", ",
                                new DescriptorLoader().load((String) null, "default").section("alerts").keySet()),
                problem("alerts:\n  RedisDwn: {for: 1m}\n"));
    }

    @Test
    void liClusterMustBeAKnownCluster() {
        assertEquals("matrixmon.yaml:2:3: syncSystem.liCluster: expected one of the postgresql.clusters"
                + " (matrix-postgresql, matrix-postgresql-li), got \"matrix-li\"",
                problem("syncSystem:\n  liCluster: matrix-li\n"));
    }

    @Test
    void clusterInstancesAndBackupsAreChecked() {
        assertEquals("matrixmon.yaml:4:18: postgresql.clusters.matrix-postgresql.instances: expected a number of"
                + " instances 1-100 (the Cluster's spec.instances), got the number 0",
                problem("postgresql:\n  clusters:\n    matrix-postgresql:\n      instances: 0\n"));
        assertEquals("matrixmon.yaml:4:24: postgresql.clusters.matrix-postgresql-li.backupsExpected: expected true or"
                + " false, got the string \"daily\"",
                problem("postgresql:\n  clusters:\n    matrix-postgresql-li:\n      backupsExpected: daily\n"));
    }

    @Test
    void poolersNeedAJobOfTheirOwn() {
        assertEquals("matrixmon.yaml:2:3: postgresql.poolerJob: expected a job other than postgresql.job"
                + " (\"postgresql\"): the instance rules tell instances from Poolers by it",
                problem("postgresql:\n  poolerJob: postgresql\n"));
    }

    @Test
    void liFeedIsChecked() {
        assertEquals("matrixmon.yaml:3:11: syncSystem.liFeed.mode: expected replica-cluster or logical, got the"
                + " string \"streaming\"", problem("syncSystem:\n  liFeed:\n    mode: streaming\n"));
        assertEquals("matrixmon.yaml:3:19: syncSystem.liFeed.subscription: expected a PostgreSQL subscription name"
                + " (lowercase letters, digits, '_' and '$', not starting with a digit or '$', at most 63 characters),"
                + " got the string \"Matrix-LI\"", problem("syncSystem:\n  liFeed:\n    subscription: Matrix-LI\n"));
        assertEquals("matrixmon.yaml:3:11: syncSystem.liFeed.slot: expected a replication slot name (lowercase"
                + " letters, digits and '_', at most 63 characters), got the string \"li-slot\"",
                problem("syncSystem:\n  liFeed:\n    slot: li-slot\n"));
    }

    @Test
    void liFeedSourceMustBeAMainCluster() {
        assertEquals("matrixmon.yaml:3:5: syncSystem.liFeed.sourceCluster: expected one of the postgresql.clusters"
                + " with role main (matrix-postgresql), got \"matrix-postgresql-li\"",
                problem("syncSystem:\n  liFeed:\n    sourceCluster: matrix-postgresql-li\n"));
    }

    @Test
    void reservedServiceName() {
        assertEquals("matrixmon.yaml:2:3: services.alerts: 'alerts' is a name the chart uses itself;"
                + " choose another service name", problems("services:\n  alerts:\n    selector: {a: b}\n"
                + "    port: 1\n    path: /m\n    job: x\n").get(0));
    }

    @Test
    void tabIndentation() {
        assertEquals("matrixmon.yaml:2:1: a tab character indents this line; YAML indentation must use spaces",
                problem("services:\n\tredis: {}\n"));
    }

    @Test
    void javaObjectTagsAreRefused() {
        assertEquals("matrixmon.yaml:1:8: YAML syntax error: Global tag is not allowed:"
                        + " tag:yaml.org,2002:javax.script.ScriptEngineManager",
                problem("chart: !!javax.script.ScriptEngineManager [x]\n").replaceAll(" in 'reader'.*", ""));
    }

    @Test
    void aliasBombIsRefused() {
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ", ").append('*').append((char) (c - 1));
            }
            bomb.append("]\n");
        }
        String message = problem(bomb.toString());
        assertEquals("matrixmon.yaml: YAML error: Number of aliases for non-scalar nodes exceeds the specified max=50",
                message);
    }

    @Test
    void notUtf8() throws Exception {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "chart:\n  description: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        DescriptorException error = assertThrows(DescriptorException.class,
                () -> new DescriptorLoader().load(file, "latin1.yaml"));
        assertEquals("latin1.yaml:2:19: is not valid UTF-8 (byte 0xE9 at offset 25); save the file as UTF-8",
                error.problems().get(0).toString());
    }

    @Test
    void descriptorIsADirectory() {
        DescriptorException error = assertThrows(DescriptorException.class,
                () -> new DescriptorLoader().load(dir, "src/main/matrixmon"));
        assertEquals("src/main/matrixmon: is a directory; expected a YAML file", error.problems().get(0).toString());
    }

    @Test
    void descriptorIsMissing() {
        DescriptorException error = assertThrows(DescriptorException.class,
                () -> new DescriptorLoader().load(dir.resolve("nope.yaml"), "nope.yaml"));
        assertEquals("nope.yaml: does not exist", error.problems().get(0).toString());
    }

    @Test
    void everyProblemIsReportedNotOnlyTheFirst() {
        assertEquals(3, problems("services:\n  redis:\n    port: 0\n    path: metrics\n    enabled: 1\n").size());
    }
}
