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
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    /** The one file of the bundles' folder that belongs to no bundle: the format's description. */
    private static final String README = "README.md";

    private final Map<String, Component> bundles;
    private final Map<String, String> sharedCatalogs;

    private Components(Map<String, Component> bundles, Map<String, String> sharedCatalogs) {
        this.bundles = Collections.unmodifiableMap(new TreeMap<>(bundles));
        this.sharedCatalogs = sharedCatalogs;
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
        return new Components(bundles, Collections.unmodifiableMap(shared));
    }

    /**
     * These bundles and one more, read from a folder named like the component (a bundle under
     * development, or a test's throw-away copy).
     */
    public Components plus(Path bundleDirectory) {
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
        return new Components(all, sharedCatalogs);
    }

    private static Component bundle(String name, String location, Map<String, String> files, List<String> problems) {
        if (!NAME.matcher(name).matches()) {
            problems.add(location + ": a bundle's folder is its component's name: lowercase letters, digits and"
                    + " '-', starting with a letter (it becomes a label value and file names)");
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
