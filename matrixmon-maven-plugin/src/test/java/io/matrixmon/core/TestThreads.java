package io.matrixmon.core;

/** The threads the tests' renders and lints run their background work on, as a goal's would. */
public final class TestThreads {

    /** Never closed: its idle threads end on their own, and they are daemons. */
    public static final PluginThreads SHARED = PluginThreads.open("test");

    private TestThreads() {
    }
}
