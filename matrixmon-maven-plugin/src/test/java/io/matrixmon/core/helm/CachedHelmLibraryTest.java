package io.matrixmon.core.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.jni.NativeLibrary;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native Helm library is extracted once into the cache and reused while it is whole. */
class CachedHelmLibraryTest {

    @TempDir
    Path cache;

    @Test
    void helmJavaFindsThisProviderFirst() {
        assertInstanceOf(CachedHelmLibrary.class, NativeLibrary.getInstance());
    }

    @Test
    void extractsOnceAndReusesTheCopyUntilItIsDamaged() throws Exception {
        NativeLibrary bundled = CachedHelmLibrary.bundled();
        CachedHelmLibrary library = new CachedHelmLibrary(cache);
        Path extracted = library.cached(bundled);
        assertTrue(extracted.startsWith(cache));
        assertEquals(bundled.getBinaryName(), extracted.getFileName().toString());
        long size = Files.size(extracted);
        assertTrue(size > 10_000_000, "the whole library: " + size);

        FileTime marked = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(extracted, marked);
        assertEquals(extracted, library.cached(bundled));
        assertEquals(marked, Files.getLastModifiedTime(extracted), "reused, not written again");

        try (FileChannel channel = FileChannel.open(extracted, StandardOpenOption.WRITE)) {
            channel.truncate(size / 2);
        }
        assertEquals(extracted, library.cached(bundled));
        assertEquals(size, Files.size(extracted), "a torn copy is extracted again");
        try (var files = Files.list(extracted.getParent())) {
            assertEquals(1, files.count(), "no partial files are left behind");
        }
    }
}
