package io.matrixmon.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One small HTTP server behind HAProxy, standing in for a Synapse process: {@code /health} answers
 * as Synapse's health resource does (200 "OK", synapse/rest/health.py), HAProxy's health check;
 * every other path answers 200, or 500 for a chosen share of requests. It can fail its health
 * checks while still serving, or stop (its port refuses connections, as when the process dies)
 * and start again on the same port.
 */
final class Backend implements AutoCloseable {

    private final int port;
    private final AtomicInteger errorPercent = new AtomicInteger();
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final AtomicLong served = new AtomicLong();
    private HttpServer server;

    Backend(int port) throws IOException {
        this.port = port;
        start();
    }

    synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        // The health checks get their own context: they neither count towards the share of 5xx nor get one.
        server.createContext("/health", exchange -> answer(exchange, healthy.get() ? 200 : 503,
                healthy.get() ? "OK" : "unhealthy\n"));
        server.createContext("/", exchange -> {
            long n = served.incrementAndGet();
            int status = n % 100 < errorPercent.get() ? 500 : 200;
            answer(exchange, status, status == 200 ? "ok\n" : "error\n");
        });
        server.start();
    }

    /** Closes the port at once: HAProxy's checks and requests get "connection refused". */
    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Whether {@code /health} answers 503 (HAProxy marks the server DOWN) while the other paths still answer. */
    void failHealthChecks(boolean fail) {
        healthy.set(!fail);
    }

    void answerErrors(int percent) {
        errorPercent.set(percent);
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
