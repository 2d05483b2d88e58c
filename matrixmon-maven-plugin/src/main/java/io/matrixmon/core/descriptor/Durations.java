package io.matrixmon.core.descriptor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus durations ("30s", "1h30m"): the syntax Prometheus and prometheus-operator accept. */
public final class Durations {

    static final String REGEX =
            "(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?(?:([0-9]+)ms)?";
    private static final Pattern PATTERN = Pattern.compile(REGEX);
    private static final long[] UNIT_MILLIS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600_000L, 60_000L, 1000L, 1L};

    private Durations() {
    }

    /** Milliseconds of a valid duration; -1 when the text is not one. */
    public static long toMillis(String text) {
        Matcher matcher = PATTERN.matcher(text);
        if (text.isEmpty() || !matcher.matches()) {
            return text.equals("0") ? 0 : -1;
        }
        long total = 0;
        for (int unit = 0; unit < UNIT_MILLIS.length; unit++) {
            String amount = matcher.group(unit + 1);
            if (amount != null) {
                if (amount.length() > 9) {
                    return -1;
                }
                total += Long.parseLong(amount) * UNIT_MILLIS[unit];
            }
        }
        return total;
    }

    /** A duration spec between min and max milliseconds. */
    static Spec spec(String expected, long minMillis, long maxMillis) {
        return new Spec() {
            private final Spec text = new Spec.Text(expected, null, 40);

            @Override
            String expected() {
                return expected;
            }

            @Override
            Object read(org.yaml.snakeyaml.nodes.Node node, String path, Reader reader) {
                Object value = text.read(node, path, reader);
                if (value == null) {
                    return null;
                }
                long millis = toMillis((String) value);
                if (millis < minMillis || millis > maxMillis) {
                    reader.report(node, path, "expected " + expected + ", got " + describe(node));
                    return null;
                }
                return value;
            }
        };
    }
}
