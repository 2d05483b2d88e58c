package io.matrixmon.e2e;

import java.util.List;
import java.util.function.Consumer;

/**
 * One component of the suite, named as its bundle is (redis, synapse, key-vault...): how it starts
 * and stops, the pods and Services that describe it in the API server, the loopback ports its
 * processes listen on. {@link Components} says which ones a run starts.
 */
interface Harness {

    String component();

    /** The loopback ports its processes (or the test JVM's servers for it) listen on. */
    List<Integer> ports();

    void start() throws Exception;

    /** Stops what {@link #start()} started; a process already stopped is no error. */
    void stop();

    /** Adds its pods and Services, as a real deployment labels them, to what the API server holds. */
    void describe(Cluster cluster);

    /** Something {@link #start()} runs. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    static Harness of(String component, List<Integer> ports, Step start, Runnable stop, Consumer<Cluster> objects) {
        return new Harness() {
            @Override
            public String component() {
                return component;
            }

            @Override
            public List<Integer> ports() {
                return ports;
            }

            @Override
            public void start() throws Exception {
                start.run();
            }

            @Override
            public void stop() {
                stop.run();
            }

            @Override
            public void describe(Cluster cluster) {
                objects.accept(cluster);
            }

            @Override
            public String toString() {
                return component + " " + ports;
            }
        };
    }
}
