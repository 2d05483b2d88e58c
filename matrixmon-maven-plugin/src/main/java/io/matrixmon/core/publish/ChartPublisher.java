package io.matrixmon.core.publish;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.PushCommand;
import com.marcnuri.helm.RegistryCommand;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Publishes a chart archive: to an OCI registry ({@code oci://host/path}) through the Helm
 * library, to a classic chart repository by HTTP PUT of the archive and a merged index.yaml
 * (Nexus, Artifactory, WebDAV), or to ChartMuseum by {@code POST /api/charts}.
 */
public final class ChartPublisher {

    /** How to reach the repository. */
    public enum Kind { AUTO, OCI, PUT, CHARTMUSEUM }

    /**
     * @param repository {@code oci://...} or {@code http(s)://...}
     * @param credentials null for anonymous access
     * @param plainHttp OCI registry without TLS
     * @param insecure accept any TLS certificate (OCI)
     * @param created the index entry's creation time (the build's output timestamp)
     */
    public record Request(Path archive, Map<String, Object> chartYaml, URI repository, Kind kind,
            Credentials credentials, boolean plainHttp, boolean insecure, Instant created) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /** Publishes; returns where the chart now is. */
    public String publish(Request request) throws PublishException, IOException {
        Kind kind = request.kind() != Kind.AUTO ? request.kind()
                : "oci".equals(request.repository().getScheme()) ? Kind.OCI : Kind.PUT;
        return switch (kind) {
            case OCI -> pushOci(request);
            case CHARTMUSEUM -> postChartMuseum(request);
            default -> putToRepository(request);
        };
    }

    private String pushOci(Request request) throws PublishException {
        URI remote = request.repository();
        Credentials credentials = request.credentials();
        try {
            if (credentials != null) {
                // Helm keeps registry logins in its registry config (as `helm registry login` does).
                RegistryCommand.LoginCommand login = Helm.registry().login().withHost(remote.getAuthority())
                        .withUsername(credentials.username()).withPassword(credentials.password());
                if (request.plainHttp()) {
                    login.plainHttp();
                }
                if (request.insecure()) {
                    login.insecureSkipTlsVerify();
                }
                login.call();
            }
            PushCommand push = Helm.push().withChart(request.archive()).withRemote(remote);
            if (request.plainHttp()) {
                push.plainHttp();
            }
            if (request.insecure()) {
                push.insecureSkipTlsVerify();
            }
            push.call();
        } catch (RuntimeException e) {
            String message = credentials == null ? e.getMessage() : credentials.redact(e.getMessage());
            throw new PublishException("Cannot push to " + remote + ": " + String.valueOf(message).strip());
        }
        return remote + "/" + request.chartYaml().get("name") + ":" + request.chartYaml().get("version");
    }

    private String putToRepository(Request request) throws PublishException, IOException {
        String base = request.repository().toString().replaceAll("/+$", "") + "/";
        String file = request.archive().getFileName().toString();
        URI indexUri = URI.create(base + "index.yaml");
        HttpResponse<String> current = send(request, HttpRequest.newBuilder(indexUri).GET());
        String existing = switch (current.statusCode()) {
            case 200 -> current.body();
            case 404 -> null;
            default -> throw new PublishException("GET " + indexUri + " answered " + current.statusCode());
        };
        byte[] archive = Files.readAllBytes(request.archive());
        put(request, URI.create(base + file), archive, "application/gzip");
        String index = ChartIndex.merge(existing, request.chartYaml(), file, sha256(archive), request.created());
        put(request, indexUri, index.getBytes(StandardCharsets.UTF_8), "application/yaml");
        return base + file;
    }

    private String postChartMuseum(Request request) throws PublishException, IOException {
        URI api = URI.create(request.repository().toString().replaceAll("/+$", "") + "/api/charts");
        HttpResponse<String> response = send(request, HttpRequest.newBuilder(api)
                .header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofFile(request.archive())));
        if (response.statusCode() / 100 != 2) {
            throw new PublishException("POST " + api + " answered " + response.statusCode() + ": "
                    + redact(request, response.body()));
        }
        return api.toString();
    }

    private void put(Request request, URI uri, byte[] body, String type) throws PublishException, IOException {
        HttpResponse<String> response = send(request, HttpRequest.newBuilder(uri).header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
        if (response.statusCode() / 100 != 2) {
            throw new PublishException("PUT " + uri + " answered " + response.statusCode()
                    + (response.statusCode() == 401 || response.statusCode() == 403
                            ? " (check the credentials of the server id)" : ""));
        }
    }

    private HttpResponse<String> send(Request request, HttpRequest.Builder builder) throws IOException {
        if (request.credentials() != null) {
            builder.header("Authorization", request.credentials().basicAuthorization());
        }
        try {
            return http.send(builder.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String redact(Request request, String text) {
        return request.credentials() == null ? text : request.credentials().redact(text);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Chart.yaml of a chart directory, for the index entry. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> chartYaml(Path chartDirectory) throws IOException {
        return (Map<String, Object>) new Yaml(new LoaderOptions())
                .load(Files.readString(chartDirectory.resolve("Chart.yaml"), StandardCharsets.UTF_8));
    }
}
