package io.matrixmon.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads a goal runs its background work on (engine warm-up, the Helm library's load, the
 * second lint variant), owned by the goal and shut down when it ends.
 *
 * <p>Why not {@code CompletableFuture.supplyAsync(task)}: its default executor is the common
 * ForkJoinPool as soon as the JVM sees more than two processors (and on Java 25 whatever the
 * count), and the pool's threads carry the system class loader as their context class loader.
 * Jinjava's expression language, ServiceLoader and JNA look classes up through the context class
 * loader, and in Maven the plugin's classes live in the plugin's own realm: on such a thread
 * Jinjava fails with "Class com.hubspot.jinjava.el.ExtendedSyntaxBuilder not found". Every thread
 * here carries the class loader that loaded the plugin, whatever thread started the work.
 *
 * <p>{@link #close()} stops taking work; what was started finishes on its own (a warm-up the next
 * goal joins), and the idle threads end. The threads are daemons: they never keep a JVM alive.
 */
public final class PluginThreads implements AutoCloseable {

    private static final ClassLoader PLUGIN = PluginThreads.class.getClassLoader();

    private final ThreadPoolExecutor executor;

    private PluginThreads(String owner) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "matrixmon-" + owner + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(PLUGIN);
            return thread;
        };
        // A new thread for each task that finds none idle: tasks wait on one another (the engine
        // waits for Jackson), so a bounded pool could leave a waiting task without a thread.
        executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 2, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
    }

    /** @param owner names the threads (matrixmon-OWNER-1, ...), e.g. the goal */
    public static PluginThreads open(String owner) {
        return new PluginThreads(owner);
    }

    /** Runs {@code task} on one of these threads. */
    public <T> CompletableFuture<T> supply(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, executor);
    }

    /** Runs {@code task} on one of these threads. */
    public CompletableFuture<Void> run(Runnable task) {
        return CompletableFuture.runAsync(task, executor);
    }

    /** Takes no more work; running tasks finish, then the threads end. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
