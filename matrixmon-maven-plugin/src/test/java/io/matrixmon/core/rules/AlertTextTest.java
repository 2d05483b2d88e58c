package io.matrixmon.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The formatting of Prometheus's template functions, from the cases of Prometheus's
 * template/template_test.go; AlertTextIT has promtool judge many more values.
 */
class AlertTextTest {

    private static String render(String function, double value) {
        return AlertText.render("{{ $value | " + function + " }}", Map.of(), value);
    }

    @Test
    void humanize() {
        assertEquals("1.235M", render("humanize", 1234567));
        assertEquals("12.35m", render("humanize", 0.012345));
        assertEquals("0", render("humanize", 0));
        assertEquals("1.5G", render("humanize", 1.5e9));
    }

    @Test
    void humanize1024() {
        assertEquals("1Mi", render("humanize1024", 1048576));
        assertEquals("3.5Gi", render("humanize1024", 3.5 * 1024 * 1024 * 1024));
        assertEquals("0.5", render("humanize1024", 0.5));
    }

    @Test
    void humanizeDuration() {
        assertEquals("0s", render("humanizeDuration", 0));
        assertEquals("1s", render("humanizeDuration", 1));
        assertEquals("1m 0s", render("humanizeDuration", 60));
        assertEquals("1h 0m 0s", render("humanizeDuration", 3600));
        assertEquals("1d 0h 0m 0s", render("humanizeDuration", 86400));
        assertEquals("100ms", render("humanizeDuration", 0.1));
        assertEquals("1.5s", render("humanizeDuration", 1.5));
    }

    @Test
    void humanizeTimestamp() {
        assertEquals("1970-01-01 00:00:00 +0000 UTC", render("humanizeTimestamp", 0));
        assertEquals("2026-11-30 17:05:51 +0000 UTC", render("humanizeTimestamp", 1796058351));
        assertEquals("1970-01-15 00:00:00.25 +0000 UTC", render("humanizeTimestamp", 14 * 86400 + 0.25));
        assertEquals("1969-12-31 23:59:59.5 +0000 UTC", render("humanizeTimestamp", -0.5));
    }

    @Test
    void humanizePercentage() {
        assertEquals("12.35%", render("humanizePercentage", 0.1234567));
        assertEquals("5%", render("humanizePercentage", 0.05));
    }

    @Test
    void plainValueAndLabels() {
        assertEquals("1e+06 on redis-0", AlertText.render("{{ $value }} on {{ $labels.pod }}", Map.of("pod", "redis-0"),
                1_000_000));
        assertEquals("123456", AlertText.render("{{$value}}", Map.of(), 123456));
        assertEquals("0.1", AlertText.render("{{ $value }}", Map.of(), 0.1));
    }

    @Test
    void aConditionOnALabelChoosesTheBranchLikeGosIf() {
        String text = "{{ if $labels.instance }}Redis {{ $labels.instance }}{{ else }}No Redis of {{ $labels.job }}{{ end }} in"
                + " {{ $labels.namespace }}{{ if $labels.pod }} ({{ $labels.pod }}){{ end }}.";
        assertEquals("Redis 10.0.0.30:9121 in matrix (redis-0).", AlertText.render(text,
                Map.of("instance", "10.0.0.30:9121", "job", "redis", "namespace", "matrix", "pod", "redis-0"), 0));
        assertEquals("No Redis of redis in matrix.", AlertText.render(text, Map.of("job", "redis", "namespace", "matrix"), 0));
        assertEquals("No Redis of redis in matrix.", AlertText.render(text, Map.of("instance", "", "job", "redis",
                "namespace", "matrix"), 0));
    }

    @Test
    void urlqueryEscapesALabelValueLikeGosQueryEscape() {
        assertEquals("matrix-postgresql", AlertText.render("{{ $labels.c | urlquery }}", Map.of("c", "matrix-postgresql"), 0));
        assertEquals("a+b%26c%2Fd%3De%2B%25%C3%BC~%2A_.", AlertText.render("{{ $labels.c | urlquery }}",
                Map.of("c", "a b&c/d=e+%ü~*_."), 0));
    }
}
