package io.matrixmon.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The LI sync system's media sync CronJob in the stack's API server, named and namespaced as the
 * chart's values expect it ({@code syncSystem.mediaJobPrefix}, {@code syncSystem.namespace}): every
 * minute, {@code concurrencyPolicy: Forbid}, one retry of a failed pod. The controller manager
 * creates its Jobs and their pods, the scheduler binds them to kwok's node, and kwok runs each pod
 * to completion (its default stages). A run can be told to end otherwise ({@link Outcome}): its pods
 * then carry {@code kwok.x-k8s.io/status=custom}, which kwok leaves alone, and this class writes
 * their status through the status subresource as the node's kubelet would.
 */
final class MediaSync implements AutoCloseable {

    static final String NAMESPACE = Cluster.NAMESPACE;
    static final String CRONJOB = "sync-system-media";
    private static final String OUTCOME = "matrixmon.e2e/outcome";
    private static final String JOBS = "/apis/batch/v1/namespaces/" + NAMESPACE + "/jobs";
    private static final String CRONJOBS = "/apis/batch/v1/namespaces/" + NAMESPACE + "/cronjobs";
    private static final String PODS = "/api/v1/namespaces/" + NAMESPACE + "/pods";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the pods of a run end when kwok does not run them. */
    enum Outcome {
        /** Every pod fails (exit code 1): the Job fails once its retry has failed too. */
        FAIL,
        /** The first pod fails, the retry succeeds. */
        FAIL_ONCE,
        /** The pod runs and never ends. */
        HANG
    }

    private final KubernetesApi api;
    private final ScheduledExecutorService kubelet = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "media-sync-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    /** Pods whose status was written for good; how many pods of each Job were seen. */
    private final Set<String> settled = new HashSet<>();
    private final Map<String, Set<String>> podsOfJob = new HashMap<>();
    private volatile RuntimeException kubeletFailure;

    private MediaSync(KubernetesApi api) {
        this.api = api;
    }

    /** Creates the CronJob and starts writing the status of the pods of runs told to end otherwise. */
    static MediaSync create(KubernetesApi api) {
        MediaSync sync = new MediaSync(api);
        api.create(CRONJOBS, json(Map.of("apiVersion", "batch/v1", "kind", "CronJob",
                "metadata", Map.of("name", CRONJOB, "labels", Map.of("app.kubernetes.io/name", "sync-system",
                        "app.kubernetes.io/component", "media-sync")),
                "spec", Map.of("schedule", "* * * * *", "concurrencyPolicy", "Forbid",
                        "successfulJobsHistoryLimit", 3, "failedJobsHistoryLimit", 1,
                        "jobTemplate", jobTemplate(null)))));
        sync.kubelet.scheduleWithFixedDelay(sync::writePodStatus, 0, 200, TimeUnit.MILLISECONDS);
        return sync;
    }

    private static Map<String, Object> jobTemplate(Outcome outcome) {
        Map<String, Object> annotations = new LinkedHashMap<>();
        if (outcome != null) {
            annotations.put("kwok.x-k8s.io/status", "custom");
            annotations.put(OUTCOME, outcome.name());
        }
        Map<String, Object> container = Map.of("name", "media-sync", "image", "registry.invalid/media-sync:e2e");
        return Map.of("spec", Map.of("backoffLimit", 1, "template", Map.of(
                "metadata", Map.of("labels", Map.of("app.kubernetes.io/name", "sync-system"), "annotations", annotations),
                "spec", Map.of("restartPolicy", "Never", "containers", List.of(container)))));
    }

    /** The CronJob's later runs end so (null: as kwok runs them, successfully). */
    void nextRuns(Outcome outcome) {
        // A JSON merge patch replaces the annotations as a whole only when it sets them null first.
        api.mergePatch(CRONJOBS + "/" + CRONJOB, "{\"spec\": {\"jobTemplate\": {\"spec\": {\"template\": {\"metadata\":"
                + " {\"annotations\": null}}}}}}");
        api.mergePatch(CRONJOBS + "/" + CRONJOB, json(Map.of("spec", Map.of("jobTemplate", jobTemplate(outcome)))));
    }

    /** {@code kubectl create job --from=cronjob/sync-system-media NAME}, its pods ending so (null: by kwok). */
    void runNow(String name, Outcome outcome) {
        JsonNode cronJob = api.get(CRONJOBS + "/" + CRONJOB);
        Map<String, Object> owner = Map.of("apiVersion", "batch/v1", "kind", "CronJob", "name", CRONJOB,
                "uid", cronJob.path("metadata").path("uid").asText(), "controller", true);
        api.create(JOBS, json(Map.of("apiVersion", "batch/v1", "kind", "Job", "metadata", Map.of("name", name,
                "annotations", Map.of("cronjob.kubernetes.io/instantiate", "manual"), "ownerReferences", List.of(owner)),
                "spec", jobTemplate(outcome).get("spec"))));
    }

    void suspend(boolean suspended) {
        api.mergePatch(CRONJOBS + "/" + CRONJOB, "{\"spec\": {\"suspend\": " + suspended + "}}");
    }

    /** Deletes a Job and its pods at once, as an operator clears a stuck run. */
    void delete(String job) {
        api.delete(JOBS + "/" + job + "?propagationPolicy=Background");
        for (JsonNode pod : api.list(PODS, "job-name=" + job)) {
            api.delete(PODS + "/" + pod.path("metadata").path("name").asText() + "?gracePeriodSeconds=0");
        }
    }

    JsonNode job(String name) {
        return api.get(JOBS + "/" + name);
    }

    /** The CronJob's own runs (not those started by hand), oldest first. */
    List<JsonNode> scheduledRuns() {
        return api.list(JOBS, "").stream()
                .filter(job -> job.path("metadata").path("name").asText().matches(CRONJOB + "-\\d+"))
                .sorted((a, b) -> a.path("metadata").path("creationTimestamp").asText()
                        .compareTo(b.path("metadata").path("creationTimestamp").asText())).toList();
    }

    /** Waits for a scheduled run that started after {@code after} to reach the condition (Complete, Failed); its name. */
    String awaitScheduledRun(String scenario, Instant after, String condition, Duration timeout) {
        String[] name = new String[1];
        ControlPlane.await("scenario '" + scenario + "': a run of the CronJob " + CRONJOB + " scheduled after " + after
                + " with the condition " + condition + " (runs: " + summary() + ")", timeout, () -> {
                    for (JsonNode job : scheduledRuns()) {
                        if (Instant.parse(job.path("metadata").path("creationTimestamp").asText()).isAfter(after)
                                && hasCondition(job, condition)) {
                            name[0] = job.path("metadata").path("name").asText();
                            return true;
                        }
                    }
                    return false;
                });
        return name[0];
    }

    /** Waits for a Job to reach the condition (Complete, Failed). */
    void awaitJob(String scenario, String name, String condition, Duration timeout) {
        ControlPlane.await("scenario '" + scenario + "': the Job " + name + " " + condition, timeout,
                () -> hasCondition(job(name), condition));
    }

    static boolean hasCondition(JsonNode job, String condition) {
        if (job == null) {
            return false;
        }
        for (JsonNode c : job.path("status").path("conditions")) {
            if (condition.equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Each Job with its active, succeeded and failed pods, for failure messages. */
    String summary() {
        StringBuilder summary = new StringBuilder();
        for (JsonNode job : api.list(JOBS, "")) {
            JsonNode status = job.path("status");
            summary.append(job.path("metadata").path("name").asText()).append(" (active ").append(status.path("active").asInt())
                    .append(", succeeded ").append(status.path("succeeded").asInt()).append(", failed ")
                    .append(status.path("failed").asInt()).append(") ");
        }
        return summary.toString().strip();
    }

    /**
     * The kubelet's part for the pods kwok leaves alone: once the scheduler has bound a pod, Running
     * (HANG), or terminated with exit code 1 (FAIL, the first pod of FAIL_ONCE) or 0.
     */
    private void writePodStatus() {
        try {
            for (JsonNode pod : api.list(PODS, "")) {
                String outcome = pod.path("metadata").path("annotations").path(OUTCOME).asText();
                String name = pod.path("metadata").path("name").asText();
                if (outcome.isEmpty() || settled.contains(name) || pod.path("spec").path("nodeName").asText().isEmpty()
                        || pod.path("metadata").has("deletionTimestamp")) {
                    continue;
                }
                String job = pod.path("metadata").path("labels").path("job-name").asText();
                Set<String> pods = podsOfJob.computeIfAbsent(job, key -> new HashSet<>());
                pods.add(name);
                boolean fails = switch (Outcome.valueOf(outcome)) {
                    case FAIL -> true;
                    case FAIL_ONCE -> pods.size() == 1;
                    case HANG -> false;
                };
                String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
                String state = Outcome.valueOf(outcome) == Outcome.HANG
                        ? "{\"running\": {\"startedAt\": \"%s\"}}".formatted(now)
                        : "{\"terminated\": {\"exitCode\": %d, \"reason\": \"%s\", \"startedAt\": \"%s\", \"finishedAt\": \"%s\"}}"
                                .formatted(fails ? 1 : 0, fails ? "Error" : "Completed", now, now);
                String phase = Outcome.valueOf(outcome) == Outcome.HANG ? "Running" : fails ? "Failed" : "Succeeded";
                boolean running = phase.equals("Running");
                api.mergePatch(PODS + "/" + name + "/status", """
                        {"status": {"phase": "%s", "hostIP": "10.0.0.1", "podIP": "10.0.0.%d", "startTime": "%s",
                          "conditions": [{"type": "Ready", "status": "%s"}, {"type": "ContainersReady", "status": "%s"}],
                          "containerStatuses": [{"name": "media-sync", "image": "registry.invalid/media-sync:e2e",
                            "imageID": "", "ready": %s, "started": %s, "restartCount": 0, "state": %s}]}}
                        """.formatted(phase, 100 + settled.size() % 100, now, running ? "True" : "False",
                        running ? "True" : "False", running, running, state));
                settled.add(name);
            }
        } catch (RuntimeException e) {
            kubeletFailure = e;
        }
    }

    @Override
    public void close() {
        kubelet.shutdownNow();
        api.delete(CRONJOBS + "/" + CRONJOB + "?propagationPolicy=Background");
        for (JsonNode job : api.list(JOBS, "")) {
            delete(job.path("metadata").path("name").asText());
        }
        if (kubeletFailure != null) {
            throw new IllegalStateException("writing the status of the media sync's pods failed", kubeletFailure);
        }
    }

    private static String json(Object object) {
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
