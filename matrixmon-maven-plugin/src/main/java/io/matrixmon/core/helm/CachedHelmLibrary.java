package io.matrixmon.core.helm;

import com.marcnuri.helm.jni.HelmLib;
import com.marcnuri.helm.jni.NativeLibrary;
import com.sun.jna.Native;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;

/**
 * helm-java's native Helm library, extracted once into the user's cache instead of into a new
 * temporary directory at every start: helm-java inflates its ~95 MB library each time a JVM
 * first calls Helm, which cost every build about half a second of CPU. Registered as a
 * {@link NativeLibrary} provider ahead of helm-java's own (this jar comes first on the plugin's
 * class path), it asks that provider for the library, keys the cache by the library's CRC and
 * size, verifies the CRC of what it extracted before it moves it into place (a copy under the
 * final name is always complete), and falls back to helm-java's own loading whenever the cache
 * cannot be used. The cache directory is private to its user.
 */
public final class CachedHelmLibrary implements NativeLibrary {

    private final Path cacheRoot;

    /** The provider ServiceLoader creates: caches under $XDG_CACHE_HOME or ~/.cache. */
    public CachedHelmLibrary() {
        this(defaultCacheRoot());
    }

    CachedHelmLibrary(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
    }

    @Override
    public String getBinaryName() {
        return bundled().getBinaryName();
    }

    @Override
    public HelmLib load() {
        NativeLibrary bundled = bundled();
        Path library;
        try {
            library = cached(bundled);
        } catch (IOException | RuntimeException e) {
            return bundled.load();
        }
        // helm-java's own loader also registers a shutdown hook that stops Helm's test repository
        // servers; the plugin starts none, and the hook would run after Maven closed the plugin's
        // class loader.
        return Native.load(library.toString(), HelmLib.class);
    }

    /** The cached copy of the bundled library, extracted when missing or of the wrong size. */
    Path cached(NativeLibrary bundled) throws IOException {
        String name = bundled.getBinaryName();
        URL resource = bundled.getClass().getResource("/" + name);
        if (resource == null) {
            throw new IOException(name + " is not on the class path");
        }
        URLConnection connection = resource.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
            throw new IOException(name + " is not inside a jar");
        }
        JarEntry entry = jar.getJarEntry();
        if (entry.getCrc() < 0 || entry.getSize() < 0) {
            throw new IOException(name + " has no CRC or size in its jar");
        }
        Path directory = cacheRoot.resolve(String.format(Locale.ROOT, "%08x-%d", entry.getCrc(), entry.getSize()));
        Path library = directory.resolve(name);
        if (Files.isRegularFile(library) && Files.size(library) == entry.getSize()) {
            return library;
        }
        createPrivateDirectories(directory);
        Path partial = Files.createTempFile(directory, name, ".part");
        try {
            try (InputStream in = jar.getInputStream()) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            if (crc(partial) != entry.getCrc()) {
                throw new IOException(name + " was damaged while it was extracted");
            }
            try {
                Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, library, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(partial);
        }
        return library;
    }

    private static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read; (read = in.read(buffer)) > 0; ) {
                crc.update(buffer, 0, read);
            }
        }
        return crc.getValue();
    }

    /** The cache holds native code: only its owner may write there. */
    private void createPrivateDirectories(Path directory) throws IOException {
        if (!Files.isDirectory(cacheRoot)) {
            Files.createDirectories(cacheRoot);
            try {
                Files.setPosixFilePermissions(cacheRoot, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: its own ACLs apply
            }
        }
        Files.createDirectories(directory);
    }

    /** helm-java's own provider of this platform (the one its artifact for this OS registers). */
    static NativeLibrary bundled() {
        return ServiceLoader.load(NativeLibrary.class, CachedHelmLibrary.class.getClassLoader()).stream()
                .filter(provider -> provider.type() != CachedHelmLibrary.class)
                .findFirst()
                .map(ServiceLoader.Provider::get)
                .orElseThrow(() -> new IllegalStateException("No helm-java native library for this platform"
                        + " (os.name " + System.getProperty("os.name") + ", os.arch " + System.getProperty("os.arch")
                        + ") is on the plugin's class path"));
    }

    private static Path defaultCacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("matrixmon").resolve("helm-java");
    }
}
