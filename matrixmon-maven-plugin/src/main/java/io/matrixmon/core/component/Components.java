package io.matrixmon.core.component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The component bundles ({@code matrixmon/components/<name>/} of chart-templates) and the shared
 * metric catalogs ({@code matrixmon/catalog/}), for kube-state-metrics, the scrape series and
 * Prometheus itself, which several components read. Adding a bundle adds a component: everything
 * that lists components (the descriptor's alerts, the dashboards, the catalogs, the alert routing)
 * is derived from these.
 */
public final class Components {

    static final String FOLDER = "components/";
    static final String SHARED_CATALOGS = "catalog/";
    /**
     * The runbook pages, {@code <AlertName>.md}: chart-templates ships the project's
     * src/site/markdown/runbooks/ here, so the pages the Maven site renders are the ones the chart carries.
     */
    static final String RUNBOOKS = "runbooks/";
    private static final String PAGE_SUFFIX = ".md";
    /** The chart's runbook dashboard has this name (files/dashboards/, grafana.dashboards.): no bundle may. */
    public static final String RUNBOOK_DASHBOARD = "runbooks";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    /** The one file of the bundles' folder that belongs to no bundle: the format's description. */
    private static final String README = "README.md";

    private final Map<String, Component> bundles;
    private final Map<String, String> sharedCatalogs;
    private final Map<String, String> runbooks;

    private Components(Map<String, Component> bundles, Map<String, String> sharedCatalogs,
            Map<String, String> runbooks) {
        this.bundles = Collections.unmodifiableMap(new TreeMap<>(bundles));
        this.sharedCatalogs = sharedCatalogs;
        this.runbooks = Collections.unmodifiableMap(new TreeMap<>(runbooks));
    }

    /** The bundles the plugin ships. */
    public static Components embedded() {
        return Embedded.COMPONENTS;
    }

    private static final class Embedded {
        static final Components COMPONENTS = read();
    }

    private static Components read() {
        Map<String, Map<String, String>> files = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        EmbeddedFiles.under(FOLDER).forEach((path, content) -> {
            int slash = path.indexOf('/');
            if (slash < 0) {
                if (!path.equals(README)) {
                    problems.add(EmbeddedFiles.origin(FOLDER, path) + ": a file outside any bundle;"
                            + " bundles are folders components/<name>/");
                }
                return;
            }
            files.computeIfAbsent(path.substring(0, slash), name -> new TreeMap<>()).put(path.substring(slash + 1),
                    content);
        });
        Map<String, Component> bundles = new TreeMap<>();
        files.forEach((name, bundle) -> bundles.put(name, bundle(name,
                EmbeddedFiles.origin(FOLDER, name), bundle, problems)));
        fail(problems);
        Map<String, String> shared = new TreeMap<>();
        EmbeddedFiles.under(SHARED_CATALOGS).forEach((path, content) -> {
            if (path.endsWith(".yaml")) {
                shared.put(path.substring(0, path.length() - ".yaml".length()), content);
            }
        });
        Map<String, String> runbooks = new TreeMap<>();
        EmbeddedFiles.under(RUNBOOKS).forEach((path, page) -> {
            if (path.endsWith(PAGE_SUFFIX) && path.indexOf('/') < 0) {
                runbooks.put(path.substring(0, path.length() - PAGE_SUFFIX.length()), page);
            }
        });
        return new Components(bundles, Collections.unmodifiableMap(shared), runbooks);
    }

    /**
     * These bundles and one more, read from a folder named like the component (a bundle under
     * development, or a test's throw-away copy), with the runbook pages of its alerts, the
     * {@code <AlertName>.md} files of {@code runbookDirectory}.
     */
    public Components plus(Path bundleDirectory, Path runbookDirectory) {
        String name = String.valueOf(bundleDirectory.getFileName());
        List<String> problems = new ArrayList<>();
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(bundleDirectory)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String file = entry.getFileName().toString();
                if (Files.isDirectory(entry)) {
                    problems.add(entry + ": a folder inside a bundle; a bundle holds only the files "
                            + String.join(", ", Component.FILES));
                } else {
                    files.put(file, Files.readString(entry, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the component bundle " + bundleDirectory, e);
        }
        if (bundles.containsKey(name)) {
            problems.add(bundleDirectory + ": a bundle named " + name + " exists already ("
                    + bundles.get(name).location() + ")");
        }
        Component added = bundle(name, bundleDirectory.toString(), files, problems);
        fail(problems);
        Map<String, Component> all = new TreeMap<>(bundles);
        all.put(name, added);
        Map<String, String> pages = new TreeMap<>(runbooks);
        try (Stream<Path> entries = Files.list(runbookDirectory)) {
            for (Path entry : (Iterable<Path>) entries.sorted()::iterator) {
                String file = entry.getFileName().toString();
                if (file.endsWith(PAGE_SUFFIX) && Files.isRegularFile(entry)) {
                    pages.put(file.substring(0, file.length() - PAGE_SUFFIX.length()),
                            Files.readString(entry, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the runbook pages in " + runbookDirectory, e);
        }
        return new Components(all, sharedCatalogs, pages);
    }

    private static Component bundle(String name, String location, Map<String, String> files, List<String> problems) {
        if (!NAME.matcher(name).matches()) {
            problems.add(location + ": a bundle's folder is its component's name: lowercase letters, digits and"
                    + " '-', starting with a letter (it becomes a label value and file names)");
        }
        if (name.equals(RUNBOOK_DASHBOARD)) {
            problems.add(location + ": '" + RUNBOOK_DASHBOARD + "' is the name of the chart's runbook dashboard"
                    + " (files/dashboards/" + RUNBOOK_DASHBOARD + ".json); choose another component name");
        }
        for (String file : files.keySet()) {
            if (!Component.FILES.contains(file)) {
                problems.add(location + "/" + file + ": unknown file in a bundle; a bundle holds only the files "
                        + String.join(", ", Component.FILES));
            }
        }
        if (!files.containsKey(Component.DECLARATION)) {
            problems.add(location + ": the bundle has no " + Component.DECLARATION);
        }
        if (files.containsKey(Component.RULE_TESTS) && !files.containsKey(Component.RULES)) {
            problems.add(location + "/" + Component.RULE_TESTS + ": fixtures without rules; the bundle has no "
                    + Component.RULES);
        }
        return new Component(name, location, files);
    }

    private static void fail(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid component bundles:\n  " + String.join("\n  ", problems));
        }
    }

    /** Every bundle, by name. */
    public Collection<Component> all() {
        return bundles.values();
    }

    public Optional<Component> get(String name) {
        return Optional.ofNullable(bundles.get(name));
    }

    /** The runbook pages' markdown, by alert name (the file name without .md). */
    public Map<String, String> runbooks() {
        return runbooks;
    }

    /**
     * The id of an alert's panel on the runbook dashboard, which its runbook_url names: derived from
     * the alert's name alone, so adding or removing alerts never moves a link. Positive and below
     * 2^31, as Grafana's panel ids are; the loader rejects two alerts whose ids collide.
     */
    public static int runbookPanelId(String alert) {
        CRC32 crc = new CRC32();
        crc.update(alert.getBytes(StandardCharsets.UTF_8));
        return 1 + (int) (crc.getValue() % Integer.MAX_VALUE);
    }

    /** Where an alert's runbook page is expected, for messages. */
    public static String runbookOrigin(String alert) {
        return EmbeddedFiles.origin(RUNBOOKS, alert + PAGE_SUFFIX) + " (src/site/markdown/runbooks/" + alert
                + PAGE_SUFFIX + " of the matrixmon project)";
    }

    /** The catalogs several components share, by name (the file name without .yaml). */
    public Map<String, String> sharedCatalogs() {
        return sharedCatalogs;
    }

    /** Where a shared catalog is, for messages. */
    public static String sharedCatalogOrigin(String name) {
        return EmbeddedFiles.origin(SHARED_CATALOGS, name + ".yaml");
    }

    /** The chart files of every bundle (rules templates, dashboards), by chart path. */
    public Map<String, String> chartFiles() {
        Map<String, String> files = new TreeMap<>();
        for (Component component : all()) {
            component.chartPaths().forEach((path, file) -> files.put(path, component.files().get(file)));
        }
        return files;
    }

    /** Where each chart file of {@link #chartFiles()} comes from, for messages. */
    public Map<String, String> chartFileOrigins() {
        Map<String, String> origins = new TreeMap<>();
        for (Component component : all()) {
            component.chartPaths().forEach((path, file) -> origins.put(path, component.origin(file)));
        }
        return origins;
    }
}
