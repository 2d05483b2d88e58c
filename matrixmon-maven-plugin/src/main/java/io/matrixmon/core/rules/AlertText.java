package io.matrixmon.core.rules;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders the few Prometheus alert template forms the chart's annotations use
 * ({@code {{ $labels.x }}}, {@code {{ $labels.x | urlquery }}}, {@code {{ $value }}},
 * {@code {{ $value | humanize... }}}, and
 * {@code {{ if $labels.x }}...{{ else }}...{{ end }}} around them for a text that some of the
 * alert's series cannot fill, such as an absent() branch's) the way Prometheus formats them, so
 * the generated tests can expect exact annotation texts; promtool then judges whether this
 * rendering and Prometheus's agree.
 */
final class AlertText {

    private static final Pattern ACTION = Pattern.compile(
            "\\{\\{\\s*\\$(labels\\.(\\w+)|value)\\s*(?:\\|\\s*(\\w+)\\s*)?}}");
    /** A condition on a label (Go's if: an empty or missing label is false), not nested. */
    private static final Pattern CONDITION = Pattern.compile(
            "\\{\\{\\s*if\\s+\\$labels\\.(\\w+)\\s*}}(.*?)(?:\\{\\{\\s*else\\s*}}(.*?))?\\{\\{\\s*end\\s*}}",
            Pattern.DOTALL);

    private AlertText() {
    }

    static String render(String template, Map<String, String> labels, double value) {
        Matcher matcher = ACTION.matcher(branches(template, labels));
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement = matcher.group(2) != null
                    ? label(matcher.group(3), labels.getOrDefault(matcher.group(2), ""))
                    : format(matcher.group(3), value);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(out).toString();
    }

    /** The template with each condition replaced by the branch the labels choose. */
    static String branches(String template, Map<String, String> labels) {
        Matcher condition = CONDITION.matcher(template);
        StringBuilder chosen = new StringBuilder();
        while (condition.find()) {
            String branch = !labels.getOrDefault(condition.group(1), "").isEmpty() ? condition.group(2)
                    : condition.group(3) == null ? "" : condition.group(3);
            condition.appendReplacement(chosen, Matcher.quoteReplacement(branch));
        }
        return condition.appendTail(chosen).toString();
    }

    /** A label's value, as is or through Go's urlquery (url.QueryEscape), for a link's query. */
    private static String label(String function, String value) {
        if (function == null) {
            return value;
        }
        if (!function.equals("urlquery")) {
            throw new IllegalArgumentException("no rendering for the template function " + function + " of a label");
        }
        StringBuilder escaped = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-_.~".indexOf(c) >= 0)) {
                escaped.append(c);
            } else if (c == ' ') {
                escaped.append('+');
            } else {
                escaped.append('%').append(String.format(java.util.Locale.ROOT, "%02X", (int) c));
            }
        }
        return escaped.toString();
    }

    private static String format(String function, double value) {
        if (function == null) {
            return shortest(value);
        }
        return switch (function) {
            case "humanize" -> prefixed(value, 1000, new String[] {"k", "M", "G", "T", "P", "E", "Z", "Y"},
                    new String[] {"m", "u", "n", "p", "f", "a", "z", "y"});
            case "humanize1024" -> prefixed(value, 1024, new String[] {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"},
                    null);
            case "humanizePercentage" -> g(value * 100, 4) + "%";
            case "humanizeDuration" -> duration(value);
            case "humanizeTimestamp" -> timestamp(value);
            default -> throw new IllegalArgumentException("no rendering for the template function " + function);
        };
    }

    /**
     * Go's time.Time String() of the UTC time value seconds after the epoch, at the millisecond
     * precision Prometheus keeps (model.TimeFromUnixNano): 2026-11-30 17:05:51.25 +0000 UTC.
     */
    private static String timestamp(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return g(value, 4);
        }
        Instant instant = Instant.ofEpochMilli((long) (value * 1e9) / 1_000_000);
        String fraction = instant.getNano() == 0 ? ""
                : ("." + String.format(java.util.Locale.ROOT, "%03d", instant.getNano() / 1_000_000)).replaceAll("0+$", "");
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", java.util.Locale.ROOT).withZone(ZoneOffset.UTC)
                .format(instant) + fraction + " +0000 UTC";
    }

    private static String prefixed(double value, double base, String[] up, String[] down) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return g(value, 4);
        }
        String prefix = "";
        double v = value;
        if (Math.abs(v) >= 1) {
            for (String p : up) {
                if (Math.abs(v) < base) {
                    break;
                }
                prefix = p;
                v /= base;
            }
        } else if (down != null) {
            for (String p : down) {
                if (Math.abs(v) >= 1) {
                    break;
                }
                prefix = p;
                v *= base;
            }
        }
        return g(v, 4) + prefix;
    }

    private static String duration(double value) {
        if (value == 0) {
            return "0s";
        }
        if (Math.abs(value) >= 1) {
            String sign = value < 0 ? "-" : "";
            double v = Math.abs(value);
            long total = (long) v;
            long seconds = total % 60;
            long minutes = total / 60 % 60;
            long hours = total / 3600 % 24;
            long days = total / 86400;
            if (days != 0) {
                return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (hours != 0) {
                return sign + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (minutes != 0) {
                return sign + minutes + "m " + seconds + "s";
            }
            return sign + g(v, 4) + "s";
        }
        String prefix = "";
        double v = value;
        for (String p : new String[] {"m", "u", "n", "p", "f", "a", "z", "y"}) {
            if (Math.abs(v) >= 1) {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return g(v, 4) + prefix + "s";
    }

    /** Go's %.<precision>g: significant digits, no trailing zeros, exponent form outside 1e-4..1e<precision>. */
    static String g(double value, int precision) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
            return special(value);
        }
        // Go rounds the exact binary value, half to even.
        return general(new BigDecimal(value).round(new MathContext(precision, RoundingMode.HALF_EVEN)), precision);
    }

    /**
     * Go's %v of a float64 ({{ $value }} without a function): the shortest digits that read back
     * as the same number (Java's Double.toString), in exponent form below 1e-4 and from 1e+06 on
     * (promtool renders 123456 and 1.2345678e+07).
     */
    static String shortest(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
            return special(value);
        }
        return general(new BigDecimal(Double.toString(value)), 6);
    }

    private static String general(BigDecimal rounded, int exponentFrom) {
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= exponentFrom) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+")
                    + String.format(java.util.Locale.ROOT, "%02d", Math.abs(exponent));
        }
        return rounded.stripTrailingZeros().toPlainString();
    }

    private static String special(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return "0";
    }
}
