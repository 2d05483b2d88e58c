package io.matrixmon.core.component;

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
 * The files of the chart-templates artifact under {@code matrixmon/}: the chart's templates, the
 * component bundles, the shared metric catalogs. Read once from its jar (or, in the reactor, its
 * directory): they cannot change while the plugin's classes are loaded.
 */
public final class EmbeddedFiles {

    /** Classpath folder of everything the chart-templates artifact holds. */
    private static final String ROOT = "matrixmon/";
    private static final String ANCHOR = ROOT + "default-deployment.yaml";

    private EmbeddedFiles() {
    }

    /** The files under {@code ROOT + folder} ("chart/", "components/"), by path relative to it, sorted. */
    public static Map<String, String> under(String folder) {
        Map<String, String> files = new TreeMap<>();
        All.FILES.forEach((path, content) -> {
            if (path.startsWith(folder)) {
                files.put(path.substring(folder.length()), content);
            }
        });
        return Collections.unmodifiableMap(files);
    }

    /** Where {@link #under} files come from, for messages. */
    public static String origin(String folder, String path) {
        return "embedded " + ROOT + folder + path;
    }

    /** Loaded on first use, by the class loader's lock: at most once. */
    private static final class All {
        static final Map<String, String> FILES = read();
    }

    private static Map<String, String> read() {
        URL anchor = EmbeddedFiles.class.getClassLoader().getResource(ANCHOR);
        if (anchor == null) {
            throw new IllegalStateException(ANCHOR + " is missing from the classpath;"
                    + " the chart-templates artifact must be a dependency of the plugin");
        }
        Map<String, String> files = new TreeMap<>();
        try {
            if ("jar".equals(anchor.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) anchor.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        JarEntry entry = entries.nextElement();
                        if (!entry.isDirectory() && entry.getName().startsWith(ROOT)) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                files.put(entry.getName().substring(ROOT.length()),
                                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
                            }
                        }
                    }
                }
            } else {
                Path root = Paths.get(anchor.toURI()).getParent();
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                        files.put(root.relativize(file).toString().replace('\\', '/'),
                                Files.readString(file, StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the embedded chart templates", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the embedded chart templates: " + anchor, e);
        }
        return Collections.unmodifiableMap(files);
    }
}
