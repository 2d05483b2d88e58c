package io.matrixmon.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The components a test class or method exercises (their bundles' names); {@link SharedStack}
 * skips it, naming them, when the run does not start them ({@link Components}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface Needs {
    String[] value();
}
