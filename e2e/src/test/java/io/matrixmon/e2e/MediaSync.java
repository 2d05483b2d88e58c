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
 * minute, {@code concurrencyPolicy: Forbid}, one retry of a failed pod. The stack creates it when
 * its control plane is up and it runs until the stack stops, so every class sees its Jobs. The
 * controller manager creates its Jobs and their pods, the scheduler binds them to kwok's node, and
 * kwok runs each pod to completion (its default stages). A run can be told to end otherwise ({@link Outcome}): its pods
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
    /** The label of the CronJob's pods (and of nothing else in the namespace). */
    private static final String POD_SELECTOR = "app.kubernetes.io/name=sync-system";
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

    /** How a Job's pods were told to end (null: as kwok runs them). */
    static Outcome outcome(JsonNode job) {
        String outcome = job.path("spec").path("template").path("metadata").path("annotations").path(OUTCOME).asText();
        return outcome.isEmpty() ? null : Outcome.valueOf(outcome);
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
        if (kubeletFailure != null) {
            summary.append("; writing the status of their pods failed: ").append(kubeletFailure);
        }
        return summary.toString().strip();
    }

    /**
     * The kubelet's part for the pods kwok leaves alone: once the scheduler has bound a pod, Running
     * (HANG), or terminated with exit code 1 (FAIL, the first pod of FAIL_ONCE) or 0.
     */
    private void writePodStatus() {
        try {
            for (JsonNode pod : api.list(PODS, POD_SELECTOR)) {
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

    /**
     * The CronJob as healthy as a scenario found it: its runs end as kwok runs them, not suspended,
     * no run left hanging, and a run by hand succeeded (its success is the CronJob's last, so no
     * alert of the sync system stays behind, whatever state a scenario broke off in).
     */
    void restore(String name) {
        nextRuns(null);
        suspend(false);
        for (JsonNode job : api.list(JOBS, "")) {
            if (job.path("status").path("active").asInt() > 0) {
                delete(job.path("metadata").path("name").asText());
            }
        }
        runNow(name, null);
        awaitLastSuccess("restore the media sync", name, Duration.ofSeconds(60));
    }

    /**
     * Waits until the Job has succeeded and the cronjob controller took its completion as the
     * CronJob's {@code status.lastSuccessfulTime} (it does so for every Job the CronJob owns, a run
     * by hand too); what kube-state-metrics reports as {@code kube_cronjob_status_last_successful_time}.
     */
    void awaitLastSuccess(String scenario, String job, Duration timeout) {
        ControlPlane.await("scenario '" + scenario + "': the Job " + job + " Complete and the CronJob's last successful"
                + " time (runs: " + summary() + ")", timeout, () -> {
                    JsonNode completed = job(job);
                    String lastSuccess = api.get(CRONJOBS + "/" + CRONJOB).path("status").path("lastSuccessfulTime").asText();
                    return hasCondition(completed, "Complete") && !lastSuccess.isEmpty()
                            && !Instant.parse(lastSuccess).isBefore(Instant.parse(
                                    completed.path("status").path("completionTime").asText()));
                });
    }

    /**
     * Stops writing pod status (the control plane stops with the stack). A failure to write it
     * shows in every scenario's failure message ({@link #summary()}) and is printed here.
     */
    @Override
    public void close() {
        kubelet.shutdownNow();
        if (kubeletFailure != null) {
            System.err.println("MediaSync: writing the status of the media sync's pods failed: " + kubeletFailure);
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
