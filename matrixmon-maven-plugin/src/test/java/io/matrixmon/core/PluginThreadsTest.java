package io.matrixmon.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PluginThreadsTest {

    /**
     * Maven runs a goal with the plugin's realm as context class loader, but any thread may start
     * background work: the work must see the plugin's class loader, not its starter's.
     */
    @Test
    void workRunsWithThePluginsClassLoaderWhateverThreadStartsIt() throws Exception {
        ClassLoader plugin = PluginThreads.class.getClassLoader();
        try (PluginThreads threads = PluginThreads.open("test-loader");
                URLClassLoader stranger = new URLClassLoader(new URL[0], null)) {
            CompletableFuture<ClassLoader> seen = new CompletableFuture<>();
            Thread starter = new Thread(() -> threads.supply(() -> Thread.currentThread().getContextClassLoader())
                    .whenComplete((loader, failure) -> seen.complete(loader)));
            starter.setContextClassLoader(stranger);
            starter.start();
            assertSame(plugin, seen.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void threadsAreNamedDaemons() throws Exception {
        try (PluginThreads threads = PluginThreads.open("test-names")) {
            Thread thread = threads.supply(Thread::currentThread).get(10, TimeUnit.SECONDS);
            assertTrue(thread.isDaemon());
            assertTrue(thread.getName().startsWith("matrixmon-test-names-"), thread.getName());
        }
    }

    /** A task that waits for another one (the engine waits for Jackson) still gets a thread. */
    @Test
    void tasksWaitingOnEachOtherDoNotStarve() throws Exception {
        try (PluginThreads threads = PluginThreads.open("test-nested")) {
            CountDownLatch allStarted = new CountDownLatch(16);
            CompletableFuture<?>[] tasks = new CompletableFuture<?>[16];
            for (int i = 0; i < tasks.length; i++) {
                tasks[i] = threads.run(() -> {
                    allStarted.countDown();
                    try {
                        allStarted.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            CompletableFuture.allOf(tasks).get(20, TimeUnit.SECONDS);
            assertEquals(0, allStarted.getCount());
        }
    }

    /** Closing takes no more work but lets what runs finish: a warm-up the next goal joins. */
    @Test
    void closeLetsRunningWorkFinishAndRefusesNewWork() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        PluginThreads threads = PluginThreads.open("test-close");
        CompletableFuture<String> running = threads.supply(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "finished";
        });
        threads.close();
        release.countDown();
        assertEquals("finished", running.get(10, TimeUnit.SECONDS));
        assertThrows(RejectedExecutionException.class, () -> threads.run(() -> { }));
    }
}
