package io.matrixmon.core.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * index.yaml merging, and ChartMuseum's upload API. No ChartMuseum is packaged for Debian,
 * Maven Central or npm, so its POST /api/charts is stood in for by a loopback JDK HTTP server
 * that checks what a ChartMuseum checks (method, path, body, Basic credentials).
 */
class ChartPublisherTest {

    private static final Instant CREATED = Instant.parse("2026-02-02T02:02:02Z");

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void indexKeepsOtherVersionsAndReplacesTheSameOne() {
        String first = ChartIndex.merge(null, Map.of("name", "mon", "version", "1.0.0"), "mon-1.0.0.tgz", "aa", CREATED);
        String second = ChartIndex.merge(first, Map.of("name", "mon", "version", "1.1.0"), "mon-1.1.0.tgz", "bb", CREATED);
        String third = ChartIndex.merge(second, Map.of("name", "mon", "version", "1.0.0"), "mon-1.0.0.tgz", "cc", CREATED);
        Map<String, Object> index = new Yaml().load(third);
        List<Map<String, Object>> versions = (List<Map<String, Object>>) ((Map<String, Object>) index.get("entries"))
                .get("mon");
        assertEquals(List.of("1.0.0", "1.1.0"), versions.stream().map(v -> v.get("version")).toList());
        assertEquals("cc", versions.get(0).get("digest"));
        assertEquals(List.of("mon-1.0.0.tgz"), versions.get(0).get("urls"));
        assertEquals("2026-02-02T02:02:02Z", versions.get(0).get("created"));
        assertEquals("v1", index.get("apiVersion"));
    }

    @Test
    void chartMuseumReceivesTheArchiveWithCredentials() throws Exception {
        byte[] archive = {31, -117, 8, 0, 1, 2, 3};
        Path file = Files.write(dir.resolve("mon-1.0.0.tgz"), archive);
        AtomicReference<byte[]> received = new AtomicReference<>();
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/charts", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            boolean ok = exchange.getRequestMethod().equals("POST");
            received.set(exchange.getRequestBody().readAllBytes());
            byte[] body = (ok ? "{\"saved\":true}" : "{}").getBytes();
            exchange.sendResponseHeaders(ok ? 201 : 405, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI repository = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            String location = new ChartPublisher().publish(new ChartPublisher.Request(file,
                    Map.of("name", "mon", "version", "1.0.0"), repository, ChartPublisher.Kind.CHARTMUSEUM,
                    new Credentials("matrixmon", "pa55"), false, false, CREATED));
            assertEquals(repository + "api/charts", location);
            assertArrayEquals(archive, received.get());
            assertEquals("Basic bWF0cml4bW9uOnBhNTU=", authorization.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aRefusedUploadNamesTheStatusButNeverThePassword() throws Exception {
        Path file = Files.write(dir.resolve("mon-1.0.0.tgz"), new byte[] {1});
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("denied for " + exchange.getRequestHeaders().getFirst("Authorization") + " s3cr3t").getBytes();
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("GET") ? 404 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            URI repository = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/charts/");
            for (ChartPublisher.Kind kind : List.of(ChartPublisher.Kind.PUT, ChartPublisher.Kind.CHARTMUSEUM)) {
                PublishException error = assertThrows(PublishException.class, () -> new ChartPublisher().publish(
                        new ChartPublisher.Request(file, Map.of("name", "mon", "version", "1.0.0"), repository, kind,
                                new Credentials("matrixmon", "s3cr3t"), false, false, CREATED)));
                assertTrue(error.getMessage().contains("401"), error.getMessage());
                assertFalse(error.getMessage().contains("s3cr3t"), error.getMessage());
                assertFalse(error.getMessage().contains("bWF0cml4bW9uOnMzY3IzdA=="), error.getMessage());
            }
        } finally {
            server.stop(0);
        }
        assertEquals("Credentials[username=matrixmon, password=******]",
                new Credentials("matrixmon", "s3cr3t").toString());
    }
}
