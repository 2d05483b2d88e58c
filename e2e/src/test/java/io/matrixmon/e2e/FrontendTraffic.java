package io.matrixmon.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Clients of HAProxy's frontend, so every backend's response counters move: 20 requests a second
 * on each path, one thread per path (a request HAProxy holds while it retries a dead server does
 * not slow the other backend's traffic), until closed.
 */
final class FrontendTraffic implements AutoCloseable {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService senders;

    FrontendTraffic(int frontendPort, List<String> paths) {
        senders = Executors.newScheduledThreadPool(paths.size());
        for (String path : paths) {
            URI uri = URI.create("http://127.0.0.1:" + frontendPort + path);
            senders.scheduleAtFixedRate(() -> send(uri), 0, 50, TimeUnit.MILLISECONDS);
        }
    }

    private void send(URI uri) {
        try {
            client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // HAProxy is stopped in one scenario; traffic resumes when it is back.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
