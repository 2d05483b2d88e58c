package io.matrixmon.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The small HTTP backend behind HAProxy (answers 5xx for a chosen share of requests) and the
 * client that sends traffic through HAProxy, so its response counters move.
 */
final class Backend implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger errorPercent = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private final ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    Backend(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            long n = served.incrementAndGet();
            int status = n % 100 < errorPercent.get() ? 500 : 200;
            byte[] body = (status == 200 ? "ok\n" : "error\n").getBytes();
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Sends requests through HAProxy's frontend, 20 a second, until closed. */
    void sendTraffic(int frontendPort) {
        URI uri = URI.create("http://127.0.0.1:" + frontendPort + "/");
        traffic.scheduleAtFixedRate(() -> {
            try {
                client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                // HAProxy is stopped in one scenario; traffic resumes when it is back.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    void answerErrors(int percent) {
        errorPercent.set(percent);
    }

    @Override
    public void close() {
        traffic.shutdownNow();
        server.stop(0);
    }
}
