package io.matrixmon.e2e;

import java.lang.reflect.Method;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one stack all end-to-end classes share: started before the first class (the classes run in
 * the order {@link SuiteOrder} gives them, the healthy stack first) and stopped when the run ends.
 * Starting Synapse and its workers takes a while; every scenario leaves the stack healthy again, or
 * declares in its {@link AlertLedger} what it leaves firing and for how long.
 * A class or test that {@link Needs} a component the run does not start ({@link Components}) is
 * skipped, saying which.
 */
final class SharedStack implements BeforeAllCallback, BeforeEachCallback {

    /** The stack, or why it could not start (so later classes fail at once with the same cause). */
    private record Started(Stack stack, ChartRules rules, Path chart, Exception failure)
            implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            if (stack != null) {
                stack.close();
            }
        }
    }

    private static Started started;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        SuiteOrder.check(System.getProperty(SuiteOrder.PROPERTY));
        started = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Started.class, key -> start(), Started.class);
        if (started.failure() != null) {
            throw new IllegalStateException("the end-to-end stack did not start", started.failure());
        }
    }

    /**
     * Skips a test whose class or method {@link Needs} a component not started; each test, not the
     * class, so that the reports list them as skipped (an aborted class is not counted at all).
     */
    @Override
    public void beforeEach(ExtensionContext context) {
        Class<?> type = context.getRequiredTestClass();
        Method method = context.getRequiredTestMethod();
        for (Needs needs : new Needs[] {type.getAnnotation(Needs.class), method.getAnnotation(Needs.class)}) {
            if (needs != null) {
                Components.assumeStarted(type.getSimpleName() + "." + method.getName(), needs.value());
            }
        }
    }

    private static Started start() {
        Path chart = ChartRules.builtChart(Path.of(System.getProperty("matrixmon.chart")));
        ChartRules rules = new ChartRules(chart, ChartRules.WITH_OBJECTIVES);
        try {
            Stack stack = new Stack(Path.of(System.getProperty("matrixmon.e2e.work")), chart, rules,
                    Path.of(SharedStack.class.getResource("/kubernetes/kube-prometheus-stack.yaml").toURI()),
                    Path.of(System.getProperty("matrixmon.e2e.synapseVenv")),
                    Path.of(System.getProperty("matrixmon.e2e.keyVault")));
            System.out.println("SharedStack: " + stack.startupReport());
            return new Started(stack, rules, chart, null);
        } catch (Exception e) {
            return new Started(null, rules, chart, e);
        }
    }

    static Stack stack() {
        return started.stack();
    }

    /** The rules of the chart as the suite installs it, every alert on: what the healthy stack is checked with. */
    static ChartRules rules() {
        return started.rules();
    }

    /** The rules the scenarios after the healthy stack's run with, and restore: the suite's values (suite-values.yaml). */
    static ChartRules scenarioRules() {
        return new ChartRules(chart());
    }

    /** The built chart, to render it again with other install-time values. */
    static Path chart() {
        return started.chart();
    }
}
