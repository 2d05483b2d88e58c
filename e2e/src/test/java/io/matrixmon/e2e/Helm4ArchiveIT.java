package io.matrixmon.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import io.matrixmon.core.helm.HelmCharts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart archive the plugin built, handled with Helm 4 as users do: the real CLI of the version
 * scripts/tools.pins pins lints and renders it, packages the chart directory again, pushes it to and
 * pulls it from the suite's OCI registries (scripts/test-servers.sh) and shows its files. The plugin
 * itself lints with Helm 3 (helm-java), so Helm 4's rendering is held against Helm 3's. It needs no
 * end-to-end stack and runs before the stack starts.
 */
@Order(0)
class Helm4ArchiveIT {

    private static final String PLAIN_REGISTRY = "127.0.0.1:15000";
    private static final String AUTH_REGISTRY = "127.0.0.1:15001";
    private static final String USER = "matrixmon";
    private static final String PASSWORD = "s3cr3t-Pa55word";
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

    private static Path chart;
    private static Path archive;
    private static Path work;
    private static Helm4 helm;
    /** What the plugin's Helm 3 reports on the chart (INFO messages: anything worse fails its build). */
    private static List<String> helm3Lint;

    @BeforeAll
    static void helm4() throws IOException {
        chart = Path.of(System.getProperty("matrixmon.chart"));
        archive = ChartRules.builtChart(chart);
        assertTrue(archive.getFileName().toString().endsWith(".tgz"),
                "no chart archive next to " + chart + ": build it with mvn package");
        work = Path.of(System.getProperty("matrixmon.e2e.helm4"));
        ChartRules.deleteTree(work);
        helm3Lint = HelmCharts.lint(chart).getMessages();
        helm = Helm4.pinned(work.resolve("home"));
    }

    @Test
    void isThePinnedVersion() {
        assertEquals(helm.version(), helm.run("version", "--template", "{{.Version}}"));
    }

    @Test
    void lintsAndRendersWithDefaultValues() {
        asHelm3("default values", null, Map.of());
    }

    @Test
    void lintsAndRendersWithEveryOptionalComponentOn() throws IOException {
        // The plugin's lint goal turns every component on the same way (HelmCharts.copyAllEnabled).
        Path values = HelmCharts.copyAllEnabled(chart, work.resolve("all-on")).resolve("values.yaml");
        asHelm3("every optional component on", values, Map.of());
    }

    @Test
    void lintsAndRendersWithTheSuitesInstallValues() {
        asHelm3("the end-to-end suite's values", SuiteValues.file(), Map.of());
    }

    /** helm lint --strict, helm template and helm install --dry-run=client with values (a file, may be null, and --set). */
    private static void asHelm3(String variant, Path values, Map<String, Object> sets) {
        List<String> options = new ArrayList<>();
        if (values != null) {
            options.addAll(List.of("--values", values.toString()));
        }
        sets.forEach((key, value) -> options.addAll(List.of("--set", key + "=" + value)));

        String linted = helm4(variant, options, "lint", "--strict", archive.toString());
        assertTrue(linted.contains("1 chart(s) linted, 0 chart(s) failed"), linted);
        assertEquals(helm3Lint, linted.lines().filter(line -> line.startsWith("[")).toList(),
                () -> "Helm 4's lint messages (" + variant + ") are not Helm 3's (default values):\n" + linted);

        Map<String, Object> helm4 = documents(helm4(variant, options, "template", "matrixmon", archive.toString(),
                "--namespace", "monitoring"));
        Map<String, Object> helm3 = documents(HelmCharts.template(archive, "matrixmon", "monitoring", sets, values));
        assertFalse(helm4.isEmpty(), "Helm 4 rendered nothing (" + variant + ")");
        assertEquals(helm3.keySet(), helm4.keySet(), "the objects Helm 3 and Helm 4 render (" + variant + ")");
        helm3.forEach((document, object) -> assertEquals(object, helm4.get(document),
                () -> document + " differs between Helm 3 and Helm 4 (" + variant + ")"));

        // What helm install prints: NOTES.txt, which helm template leaves out.
        String helm4Notes = notes(helm4(variant, options, "install", "matrixmon", archive.toString(),
                "--namespace", "monitoring", "--dry-run=client"));
        assertTrue(helm4Notes.contains("is installed as release \"matrixmon\""), helm4Notes);
        InstallCommand helm3Install = Helm.install(archive.toString()).withName("matrixmon").withNamespace("monitoring")
                .dryRun().withDryRunOption(DryRun.CLIENT).clientOnly();
        if (values != null) {
            helm3Install.withValuesFile(values);
        }
        sets.forEach(helm3Install::set);
        assertEquals(notes(helm3Install.call().getOutput()), helm4Notes,
                "the NOTES of helm install --dry-run=client, Helm 3 and Helm 4 (" + variant + ")");
    }

    /** What values.schema.json and the chart's own checks refuse, Helm 4 refuses too, naming the value. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "redis.enabled=maybe                    | /redis/enabled",
        "redis.intervall=30s                    | 'intervall' not allowed",
        "redis.interval=30x                     | /redis/interval",
        "alerts.SynapseHighCPU.threshold=abc    | /alerts/SynapseHighCPU/threshold",
        "grafana.dashboards.runbooks.enabled=false | runbookBaseUrl is empty",
    })
    void refusesTheValuesHelm3Refuses(String set, String named) {
        Helm4.Result refused = helm.tryRun(null, Map.of(), "template", "matrixmon", archive.toString(), "--set", set);
        assertNotEquals(0, refused.exitCode(), refused::toString);
        assertTrue(refused.errors().contains(named), refused::toString);
        String key = set.substring(0, set.indexOf('='));
        String value = set.substring(set.indexOf('=') + 1);
        IllegalStateException helm3 = assertThrows(IllegalStateException.class,
                () -> HelmCharts.template(archive, "matrixmon", "monitoring", Map.of(key, value)));
        assertTrue(helm3.getMessage().contains(key.substring(key.lastIndexOf('.') + 1)), helm3.getMessage());
    }

    /** Runs Helm 4 with the options after the arguments; its output, which it must print without a warning. */
    private static String helm4(String variant, List<String> options, String... arguments) {
        List<String> command = new ArrayList<>(List.of(arguments));
        command.addAll(options);
        Helm4.Result result = helm.tryRun(null, Map.of(), command.toArray(String[]::new));
        String output = result.ok();
        assertEquals("", result.errors(), () -> "Helm 4 warned (" + variant + "): " + result);
        return output;
    }

    private static String notes(String installOutput) {
        int notes = installOutput.indexOf("NOTES:\n");
        assertTrue(notes >= 0, () -> "no NOTES in:\n" + installOutput);
        return installOutput.substring(notes).strip();
    }

    @Test
    void packagesTheRenderedDirectoryIntoTheSameFiles() throws IOException {
        // The plugin stamps every entry with project.build.outputTimestamp; Helm 4 with SOURCE_DATE_EPOCH.
        long epoch = Instant.parse(System.getProperty("matrixmon.outputTimestamp")).getEpochSecond();
        Path out = work.resolve("package");
        Helm4.Result packageRun = helm.tryRun(null, Map.of("SOURCE_DATE_EPOCH", Long.toString(epoch)),
                "package", chart.toString(), "--destination", out.toString());
        String printed = packageRun.ok();
        assertEquals("", packageRun.errors(), packageRun::toString);
        Path packaged = out.resolve(archive.getFileName());
        assertTrue(Files.isRegularFile(packaged), () -> "helm package did not write " + packaged + ": " + printed);

        Map<String, TarEntry> plugin = entries(archive);
        Map<String, TarEntry> helms = entries(packaged);
        assertEquals(plugin.keySet(), helms.keySet(), "the files of the plugin's archive and of helm package's");
        for (String name : plugin.keySet()) {
            TarEntry ours = plugin.get(name);
            TarEntry theirs = helms.get(name);
            if (name.endsWith("/Chart.yaml")) {
                // helm package writes Chart.yaml anew from the chart's metadata.
                assertEquals(yaml(ours.text()), yaml(theirs.text()), name + " read as YAML");
            } else {
                assertArrayEquals(ours.content(), theirs.content(), name + ": the plugin's and helm package's differ");
            }
            assertEquals(epoch, ours.modified(), name + ": modification time in the plugin's archive");
            assertEquals(epoch, theirs.modified(), name + ": modification time in helm package's archive");
            // The plugin's mode field also carries the regular-file type bits (0100644), Helm's not (0644).
            assertEquals(Integer.toOctalString(ours.mode() & 07777), Integer.toOctalString(theirs.mode() & 07777),
                    name + ": permissions");
        }
    }

    @Test
    void pushesToAndPullsFromAPlainHttpRegistry() throws IOException {
        String repository = "oci://" + reachable(PLAIN_REGISTRY) + "/helm4-" + System.currentTimeMillis();
        pushAndPull(repository, "plain");
    }

    @Test
    void pushesToAndPullsFromARegistryWithCredentialsAfterLogin() throws IOException {
        String repository = "oci://" + reachable(AUTH_REGISTRY) + "/helm4-" + System.currentTimeMillis();
        Helm4.Result refused = helm.tryRun(null, Map.of(), "push", archive.toString(), repository, "--plain-http");
        assertNotEquals(0, refused.exitCode(), () -> "a push without login was accepted: " + refused);
        // Helm 4 asks for credentials only when the registry answers 401, and then says it has none.
        assertTrue(Pattern.compile("401|unauthorized|credential", Pattern.CASE_INSENSITIVE)
                .matcher(refused.errors()).find(), refused::toString);

        Helm4.Result login = helm.tryRun(PASSWORD + "\n", Map.of(), "registry", "login", AUTH_REGISTRY,
                "--username", USER, "--password-stdin", "--plain-http");
        login.ok();
        assertFalse(login.output().contains(PASSWORD) || login.errors().contains(PASSWORD), "login printed the password");
        assertTrue(Files.readString(helm.registryConfig()).contains(AUTH_REGISTRY),
                "the login is not in Helm's registry configuration " + helm.registryConfig());
        pushAndPull(repository, "with-credentials");
    }

    private static void pushAndPull(String repository, String name) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) yaml(helm.run("show", "chart", archive.toString()));
        String reference = repository + "/" + metadata.get("name");
        String pushed = helm.run("push", archive.toString(), repository, "--plain-http");
        assertTrue(pushed.contains("Pushed: " + reference.substring("oci://".length()) + ":" + metadata.get("version")),
                pushed);
        Path pulled = Files.createDirectories(work.resolve("pulled-" + name));
        helm.run("pull", reference, "--version", String.valueOf(metadata.get("version")), "--plain-http",
                "--destination", pulled.toString());
        assertArrayEquals(Files.readAllBytes(archive), Files.readAllBytes(pulled.resolve(archive.getFileName())),
                "the archive pulled from " + reference + " is not the one pushed");
    }

    @Test
    void showsTheChartsOwnFiles() throws IOException {
        // helm show prints a file and a line break.
        assertEquals(Files.readString(chart.resolve("values.yaml")) + "\n",
                helm.run("show", "values", archive.toString()), "helm show values");
        assertEquals(Files.readString(chart.resolve("README.md")) + "\n",
                helm.run("show", "readme", archive.toString()), "helm show readme");
        assertEquals(yaml(Files.readString(chart.resolve("Chart.yaml"))), yaml(helm.run("show", "chart", archive.toString())),
                "helm show chart, read as YAML");
    }

    /** The objects of helm template's output, keyed by their source file and position in it. */
    private static Map<String, Object> documents(String rendered) {
        Map<String, Object> documents = new TreeMap<>();
        Map<String, Integer> perSource = new TreeMap<>();
        for (String document : DOCUMENT_SEPARATOR.split(rendered)) {
            String source = document.lines().filter(line -> line.startsWith("# Source: ")).findFirst().orElse(null);
            if (source != null) {
                int index = perSource.merge(source, 1, Integer::sum);
                documents.put(source.substring("# Source: ".length()) + " #" + index, yaml(document));
            }
        }
        return documents;
    }

    private static Object yaml(String text) {
        return new Yaml().load(text);
    }

    private static String reachable(String address) {
        int colon = address.indexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                    2000);
            return address;
        } catch (IOException e) {
            throw new AssertionError("no OCI registry on " + address + ": start it with scripts/test-servers.sh start", e);
        }
    }

    private record TarEntry(byte[] content, long modified, int mode) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static Map<String, TarEntry> entries(Path archive) throws IOException {
        Map<String, TarEntry> entries = new TreeMap<>();
        try (InputStream file = Files.newInputStream(archive);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(file))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.put(entry.getName(), new TarEntry(tar.readAllBytes(), entry.getModTime().toInstant().getEpochSecond(),
                        entry.getMode()));
            }
        }
        return entries;
    }
}
