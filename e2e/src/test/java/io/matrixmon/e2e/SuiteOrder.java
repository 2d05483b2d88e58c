package io.matrixmon.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.Order;

/**
 * The order of the end-to-end classes (junit-platform.properties names it). By default their
 * {@code @Order}: the cheapest checks and the clearest failures first. With
 * {@code -Dmatrixmon.e2e.order=random} (or {@code random:<seed>} to replay one) the classes up to
 * {@link #FIRST} still run first, in their order (the Helm archive, which needs no stack, and the
 * healthy stack, checked before anything breaks it), and the others are shuffled by the seed,
 * which is printed: the scenarios' correctness must not depend on their order, and a failing order
 * can be run again.
 */
public final class SuiteOrder implements ClassOrderer {

    static final String PROPERTY = "matrixmon.e2e.order";
    /** The {@code @Order} up to which classes always run first, in their order. */
    static final int FIRST = 1;

    @Override
    public void orderClasses(ClassOrdererContext context) {
        String value = context.getConfigurationParameter(PROPERTY).orElse(System.getProperty(PROPERTY));
        List<ClassDescriptor> classes = new ArrayList<>(context.getClassDescriptors());
        List<ClassDescriptor> ordered;
        try {
            ordered = order(classes, SuiteOrder::orderOf, descriptor -> descriptor.getTestClass().getSimpleName(), value,
                    System.out::println);
        } catch (IllegalArgumentException e) {
            // JUnit would only log an orderer's failure and run the classes as discovered: the @Order
            // keeps the healthy stack first, and SharedStack fails every class of the stack with this message.
            System.out.println("SuiteOrder: " + e.getMessage());
            ordered = order(classes, SuiteOrder::orderOf, descriptor -> descriptor.getTestClass().getSimpleName(), null,
                    System.out::println);
        }
        context.getClassDescriptors().sort(Comparator.comparingInt(ordered::indexOf));
    }

    /** A class's {@code @Order}; without one, after every class that has one (as JUnit's own orderer). */
    private static int orderOf(ClassDescriptor descriptor) {
        return descriptor.findAnnotation(Order.class).map(Order::value).orElse(Order.DEFAULT);
    }

    /**
     * The classes in the order the property asks for (blank or absent: their {@code @Order}); a
     * shuffled order is reported, with the value that replays it, through {@code report}.
     */
    static <T> List<T> order(List<T> classes, ToIntFunction<T> orderOf, Function<T, String> nameOf, String property,
            Consumer<String> report) {
        // By order, then by name: the same classes come in the same order, however they were discovered.
        List<T> sorted = new ArrayList<>(classes);
        sorted.sort(Comparator.comparingInt(orderOf).thenComparing(nameOf));
        Long seed = seed(property);
        if (seed == null) {
            return sorted;
        }
        List<T> first = sorted.stream().filter(c -> orderOf.applyAsInt(c) <= FIRST).toList();
        List<T> shuffled = new ArrayList<>(sorted.stream().filter(c -> orderOf.applyAsInt(c) > FIRST).toList());
        // java.util.Random spelled out: ClassOrderer has a member class Random.
        Collections.shuffle(shuffled, new java.util.Random(seed));
        List<T> ordered = new ArrayList<>(first);
        ordered.addAll(shuffled);
        if (shuffled.size() < 2) {
            // Nothing shuffled: failsafe also discovers each class alone before the run, which has no order to replay.
            return ordered;
        }
        report.accept("SuiteOrder: classes in random order, -D" + PROPERTY + "=random:" + seed + " replays it: "
                + String.join(", ", ordered.stream().map(nameOf).toList()));
        return ordered;
    }

    /** The seed the property asks for; null for the {@code @Order}. */
    static Long seed(String property) {
        if (property == null || property.isBlank()) {
            return null;
        }
        String value = property.strip();
        if (value.equals("random")) {
            return new java.util.Random().nextLong();
        }
        if (value.startsWith("random:")) {
            try {
                return Long.parseLong(value.substring("random:".length()).strip());
            } catch (NumberFormatException e) {
                throw refused(property, "the seed is not a whole number");
            }
        }
        throw refused(property, "not an order");
    }

    /** Fails, saying why, when the property asks for no order this class knows. */
    static void check(String property) {
        seed(property);
    }

    private static IllegalArgumentException refused(String property, String why) {
        return new IllegalArgumentException("-D" + PROPERTY + "=" + property + ": " + why
                + "; leave it out for the classes' @Order, or give random or random:<seed>");
    }
}
