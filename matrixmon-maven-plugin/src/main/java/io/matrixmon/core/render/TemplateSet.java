package io.matrixmon.core.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The chart's source files: the embedded ones from the chart-templates artifact, with single
 * files replaced or added from the user's override directory (same relative path wins).
 * Paths use '/' and are sorted, so the output never depends on the file system's order.
 */
public final class TemplateSet {

    /** Classpath folder holding the embedded chart sources. */
    public static final String EMBEDDED_ROOT = "matrixmon/chart/";
    private static final String ANCHOR = EMBEDDED_ROOT + "Chart.yaml.j2";

    private final Map<String, String> files;
    private final Map<String, String> origins;

    private TemplateSet(Map<String, String> files, Map<String, String> origins) {
        this.files = Collections.unmodifiableMap(files);
        this.origins = Collections.unmodifiableMap(origins);
    }

    /** The embedded templates, with files under {@code overrides} (if it exists) taking precedence. */
    public static TemplateSet load(Path overrides) {
        Map<String, String> files = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        readEmbedded(files, origins);
        if (overrides != null && Files.isDirectory(overrides)) {
            try (Stream<Path> walk = Files.walk(overrides)) {
                for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                    String relative = overrides.relativize(file).toString().replace('\\', '/');
                    files.put(relative, Files.readString(file, StandardCharsets.UTF_8));
                    origins.put(relative, file.toString());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read template overrides in " + overrides, e);
            }
        }
        return new TemplateSet(files, origins);
    }

    /** Relative path to file content, sorted by path. */
    public Map<String, String> files() {
        return files;
    }

    /** Where a template came from (an override file or the embedded resource), for messages. */
    public String origin(String path) {
        return origins.getOrDefault(path, path);
    }

    private static void readEmbedded(Map<String, String> files, Map<String, String> origins) {
        URL anchor = TemplateSet.class.getClassLoader().getResource(ANCHOR);
        if (anchor == null) {
            throw new IllegalStateException(ANCHOR + " is missing from the classpath;"
                    + " the chart-templates artifact must be a dependency of the plugin");
        }
        try {
            if ("jar".equals(anchor.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) anchor.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry entry = entries.nextElement();
                        if (!entry.isDirectory() && entry.getName().startsWith(EMBEDDED_ROOT)) {
                            String relative = entry.getName().substring(EMBEDDED_ROOT.length());
                            try (InputStream in = jar.getInputStream(entry)) {
                                files.put(relative, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                            }
                            origins.put(relative, "embedded " + entry.getName());
                        }
                    }
                }
            } else {
                Path root = Paths.get(anchor.toURI()).getParent();
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                        String relative = root.relativize(file).toString().replace('\\', '/');
                        files.put(relative, Files.readString(file, StandardCharsets.UTF_8));
                        origins.put(relative, "embedded " + EMBEDDED_ROOT + relative);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the embedded chart templates", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the embedded chart templates: " + anchor, e);
        }
    }
}
