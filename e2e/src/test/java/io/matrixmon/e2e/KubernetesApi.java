package io.matrixmon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The suite's Kubernetes API server, reached as kubectl would with the admin client certificate:
 * reads, server-side apply ({@code kubectl apply --server-side}), creates, patches and deletes by
 * path. Every answer but the expected one fails with the method, path and the server's message.
 */
final class KubernetesApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI server;
    private final HttpClient client;

    /** {@code clientKeyStore}: the admin certificate and key (PKCS #12); {@code ca}: the cluster CA (PEM). */
    KubernetesApi(URI server, Path clientKeyStore, char[] password, Path ca) throws IOException, GeneralSecurityException {
        this.server = server;
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(clientKeyStore)) {
            keys.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        this.client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The object at the path, or null when there is none (404). */
    JsonNode get(String path) {
        Answer answer = send("GET", path, null, null);
        if (answer.status() == 404) {
            return null;
        }
        return answer.expect(200);
    }

    /** The items of a list, selected by a label selector (may be empty: all). */
    List<JsonNode> list(String path, String labelSelector) {
        String query = labelSelector.isEmpty() ? "" : "?labelSelector=" + URLEncoder.encode(labelSelector, StandardCharsets.UTF_8);
        List<JsonNode> items = new ArrayList<>();
        get(path + query).path("items").forEach(items::add);
        return items;
    }

    /** Server-side apply of one object (YAML or JSON) as the field manager "matrixmon-e2e", taking over conflicts. */
    JsonNode apply(String path, String object) {
        return send("PATCH", path + "?fieldManager=matrixmon-e2e&force=true", "application/apply-patch+yaml", object)
                .expect(200, 201);
    }

    /** Creates an object (JSON) in a collection. */
    JsonNode create(String collection, String object) {
        return send("POST", collection, "application/json", object).expect(201);
    }

    /** A JSON merge patch of an object. */
    JsonNode mergePatch(String path, String patch) {
        return send("PATCH", path, "application/merge-patch+json", patch).expect(200);
    }

    void delete(String path) {
        send("DELETE", path, null, null).expect(200, 202, 404);
    }

    /** Whether {@code /readyz} answers ok. */
    boolean ready() {
        try {
            return send("GET", "/readyz", null, null).status() == 200;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private record Answer(String method, String path, int status, String body) {
        JsonNode expect(int... statuses) {
            for (int status : statuses) {
                if (status == this.status) {
                    try {
                        return JSON.readTree(body);
                    } catch (IOException e) {
                        throw new IllegalStateException(method + " " + path + " answered what is not JSON: " + body, e);
                    }
                }
            }
            throw new IllegalStateException("the API server answered " + method + " " + path + " with " + status + ": " + body);
        }
    }

    private Answer send(String method, String path, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(method, path, response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
