package io.matrixmon.core.descriptor;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * An alert's threshold as its bundle declares it: the default, the unit, and the sane range in
 * that unit. A threshold outside its range is a typo (0.8 vs 80) and fails the build.
 *
 * @param unit {@value #FRACTION} for a share between 0 and 1, else the plural of what is counted
 *     ("seconds", "bytes", "CPU cores")
 */
public record Threshold(double defaultValue, String unit, double minimum, double maximum) {

    /** The unit of shares: 0.8 is 80%. */
    static final String FRACTION = "fraction";

    /** What a valid threshold is, for error messages and values.yaml: "a number of seconds between 1 and 86400". */
    public String expected() {
        return FRACTION.equals(unit)
                ? "a fraction between " + number(minimum) + " and " + number(maximum) + " (e.g. 0.8 for 80%)"
                : "a number of " + unit + " between " + number(minimum) + " and " + number(maximum);
    }

    Spec spec() {
        return new Spec.Decimal(expected(), minimum, maximum);
    }

    /** A bound as people write it: 86400 and 0.001 as they are, 1000000 as 1e6. */
    static String number(double value) {
        BigDecimal exact = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        String plain = exact.toPlainString();
        if (plain.length() <= 6) {
            return plain;
        }
        int exponent = exact.precision() - exact.scale() - 1;
        return exact.movePointLeft(exponent).toPlainString() + "e" + String.format(Locale.ROOT, "%d", exponent);
    }
}
