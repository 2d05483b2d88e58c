package io.matrixmon.core.render;

import io.matrixmon.core.component.Components;
import io.matrixmon.core.component.EmbeddedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The chart's source files: the embedded ones from the chart-templates artifact (its chart/
 * folder, and the rules templates and dashboards of the component bundles at their chart paths),
 * with single files replaced or added from the user's override directory. An override replaces
 * the embedded file that renders to the same chart file, whether or not either is a template.
 * Paths use '/' and are sorted, so the output never depends on the file system's order.
 */
public final class TemplateSet {

    /** Folder of the chart-templates artifact holding the chart's own sources. */
    private static final String CHART = "chart/";
    private static final String TEMPLATE_SUFFIX = ".j2";

    private final Map<String, String> files;
    private final Map<String, String> origins;

    private TemplateSet(Map<String, String> files, Map<String, String> origins) {
        this.files = Collections.unmodifiableMap(files);
        this.origins = Collections.unmodifiableMap(origins);
    }

    /** The embedded templates of these bundles, with files under {@code overrides} (if it exists) taking precedence. */
    public static TemplateSet load(Path overrides, Components components) {
        Map<String, String> files = new TreeMap<>();
        Map<String, String> origins = new TreeMap<>();
        EmbeddedFiles.under(CHART).forEach((path, content) -> {
            files.put(path, content);
            origins.put(path, EmbeddedFiles.origin(CHART, path));
        });
        components.chartFiles().forEach((path, content) -> {
            if (files.put(path, content) != null) {
                throw new IllegalStateException(components.chartFileOrigins().get(path) + " and " + origins.get(path)
                        + " are both the chart's " + path);
            }
        });
        origins.putAll(components.chartFileOrigins());
        if (overrides != null && Files.isDirectory(overrides)) {
            Set<String> overridden = new HashSet<>();
            try (Stream<Path> walk = Files.walk(overrides)) {
                for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                    String relative = overrides.relativize(file).toString().replace('\\', '/');
                    String twin = relative.endsWith(TEMPLATE_SUFFIX)
                            ? relative.substring(0, relative.length() - TEMPLATE_SUFFIX.length())
                            : relative + TEMPLATE_SUFFIX;
                    if (!overridden.contains(twin)) {
                        files.remove(twin);
                        origins.remove(twin);
                    }
                    overridden.add(relative);
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
}
