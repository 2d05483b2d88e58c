package io.matrixmon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Matrix clients that use Synapse as Element does: users registered through the admin API's
 * shared-secret registration, in one room, each long-polling /sync (timeout=30000) on the
 * synchrotron while one of them sends a message every two seconds through the generic worker;
 * and a user of the LI instance, alone in a room of their own, whose syncs, with nothing to
 * deliver, time out after 30 seconds.
 * Requests that fail (a scenario stopped the main process or the database) are retried.
 */
final class SynapseClients implements AutoCloseable {

    static final int LONG_POLL_MILLIS = 30_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int USERS = 3;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService loops = Executors.newFixedThreadPool(USERS + 3);
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean extraReads;

    /** Registers the users, creates their room and starts the traffic. */
    SynapseClients() throws IOException, InterruptedException {
        String main = base(Synapse.MAIN);
        List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            tokens.add(register(main, "user" + i));
        }
        String worker = base(Synapse.GENERIC_WORKER);
        String room = call("POST", worker + "/_matrix/client/v3/createRoom", tokens.get(0),
                Map.of("preset", "public_chat", "name", "e2e")).path("room_id").asText();
        for (String token : tokens.subList(1, USERS)) {
            call("POST", worker + "/_matrix/client/v3/join/" + URLEncoder.encode(room, StandardCharsets.UTF_8), token,
                    Map.of());
        }
        for (String token : tokens) {
            loops.execute(() -> syncLoop(base(Synapse.SYNCHROTRON), token));
        }
        String liUser = register(base(Synapse.LI), "li-user");
        call("POST", base(Synapse.LI) + "/_matrix/client/v3/createRoom", liUser, Map.of("preset", "private_chat"));
        loops.execute(() -> syncLoop(base(Synapse.LI), liUser));
        loops.execute(() -> sendLoop(worker, room, tokens));
        loops.execute(() -> readLoop(worker, room, tokens.get(0)));
    }

    /**
     * Reads the room's latest message through the generic worker four times a second, beside the
     * usual traffic, while on: more responses than the sends alone (one every two seconds).
     */
    void extraReads(boolean on) {
        extraReads = on;
    }

    /** Extra reads answered (any status) so far. */
    long reads() {
        return reads.get();
    }

    /** Completed /sync requests so far. */
    long syncs() {
        return syncs.get();
    }

    /** Messages sent so far. */
    long sent() {
        return sent.get();
    }

    /** Waits until a message is sent and a sync completes again: Synapse serves its clients. */
    void awaitTraffic(String scenario) {
        long syncsBefore = syncs.get();
        long sentBefore = sent.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (syncs.get() == syncsBefore || sent.get() == sentBefore) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Scenario '" + scenario + "': Synapse serves no client within 60s ("
                        + (syncs.get() - syncsBefore) + " syncs, " + (sent.get() - sentBefore) + " messages)");
            }
            Processes.sleep(200);
        }
    }

    private void syncLoop(String base, String token) {
        String since = null;
        while (running) {
            try {
                String query = "/_matrix/client/v3/sync?timeout=" + LONG_POLL_MILLIS
                        + (since == null ? "" : "&since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
                since = call("GET", base + query, token, null).path("next_batch").asText();
                syncs.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                pause(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sendLoop(String base, String room, List<String> tokens) {
        String path = base + "/_matrix/client/v3/rooms/" + URLEncoder.encode(room, StandardCharsets.UTF_8)
                + "/send/m.room.message/";
        for (long n = 0; running; n++) {
            pause(2000);
            try {
                call("PUT", path + "e2e-" + n, tokens.get((int) (n % tokens.size())),
                        Map.of("msgtype", "m.text", "body", "message " + n));
                sent.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                // Retried with the next message.
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void readLoop(String base, String room, String token) {
        String path = base + "/_matrix/client/v3/rooms/" + URLEncoder.encode(room, StandardCharsets.UTF_8)
                + "/messages?dir=b&limit=1";
        while (running) {
            pause(250);
            if (!extraReads) {
                continue;
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create(path)).timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding());
                reads.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                // Counted by Synapse or not at all; the next read follows.
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Shared-secret registration: GET a nonce, POST the user with the HMAC-SHA1 of nonce, name, password. */
    private String register(String base, String user) throws IOException, InterruptedException {
        String nonce = call("GET", base + "/_synapse/admin/v1/register", null, null).path("nonce").asText();
        String password = "e2e-password-" + user;
        String mac;
        try {
            Mac hmac = Mac.getInstance("HmacSHA1");
            hmac.init(new SecretKeySpec(Synapse.REGISTRATION_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            mac = HexFormat.of().formatHex(hmac.doFinal(String.join("\0", nonce, user, password, "notadmin")
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return call("POST", base + "/_synapse/admin/v1/register", null, Map.of("nonce", nonce, "username", user,
                "password", password, "admin", false, "mac", mac)).path("access_token").asText();
    }

    private JsonNode call(String method, String uri, String token, Object body) throws IOException,
            InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofMillis(LONG_POLL_MILLIS + 15_000))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(method + " " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String base(Synapse.Process process) {
        return "http://127.0.0.1:" + process.httpPort();
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        loops.shutdownNow();
        try {
            loops.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
