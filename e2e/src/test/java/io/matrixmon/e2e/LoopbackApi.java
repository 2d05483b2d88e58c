package io.matrixmon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** A JSON HTTP API on 127.0.0.1 (Prometheus's, Alertmanager's) and the scenarios' wait on it. */
final class LoopbackApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    LoopbackApi(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** GETs {@code path} and parses the answer; anything but a 200 fails with the answer's body. */
    JsonNode get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status code a GET of {@code path} is answered with; -1 when nothing answers. */
    int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POSTs an empty body to {@code path}; anything but a 200 fails with the answer's body. */
    void post(String path, Duration timeout) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .POST(HttpRequest.BodyPublishers.noBody()).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("POST " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Polls {@code read} every {@code poll} until the condition holds; the failure names the
     * scenario, what was expected and what {@code source} returned last.
     */
    static <T> T await(String scenario, String expectation, String source, Duration timeout, Duration poll,
            Supplier<T> read, Predicate<T> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.get();
        while (!condition.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Scenario '" + scenario + "': expected " + expectation + " within "
                        + timeout.toSeconds() + "s; " + source + " returned " + value);
            }
            Processes.sleep(poll.toMillis());
            value = read.get();
        }
        return value;
    }
}
