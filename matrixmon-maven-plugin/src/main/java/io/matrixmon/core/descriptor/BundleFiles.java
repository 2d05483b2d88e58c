package io.matrixmon.core.descriptor;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A bundle's YAML files, read by the reader that checks deployment descriptors: a mistake in
 * component.yaml, catalog.yaml or rule-tests.yaml (and in a shared catalog) is reported with its
 * file, line, column, field and what was expected.
 */
public final class BundleFiles {

    private static final Spec.Text ONE_LINE = new Spec.Text("a one-line text", "[^\\n\\r]+", 4096);
    private static final Spec.Text METRIC_NAME = new Spec.Text(
            "a metric name (letters, digits, '_' and ':', not starting with a digit)", "[a-zA-Z_:][a-zA-Z0-9_:]*", 200);
    private static final Spec.Text LABEL_NAME = new Spec.Text(
            "a label name (letters, digits and '_', not starting with a digit)", "[a-zA-Z_][a-zA-Z0-9_]*", 200);
    private static final Spec PAIRS = new Spec.ListOf(new Spec.Tuple("a [series, values] pair such as"
            + " ['up{job=\"redis\"}', '1']", ONE_LINE, ONE_LINE), 10_000);
    private static final Spec LABELS = new Spec.MapOf("a mapping of label name to value", LABEL_NAME,
            new Spec.Text("a label value", null, 4096), false, true);
    private static final Spec NUMBER_OR_TEXT = new Spec.Numeral("a number or a text such as ${threshold * 1.5}",
            true);

    /** The checked content of a bundle file, and where each of its keys was written. */
    record Document(Map<String, Object> values, Origins origins) {
    }

    private BundleFiles() {
    }

    /** A metric catalog (format: matrixmon/catalog/README.md), checked. */
    public static Map<String, Object> catalog(String source, String text) {
        return checked("metric catalog", catalog(), source, text,
                "components, exporter, version, source and metrics");
    }

    /** The bundle's problems, as one message: a single problem on one line, several below a count. */
    public static IllegalStateException invalid(String what, List<Problem> problems) {
        return new IllegalStateException(problems.size() == 1 ? "Invalid " + what + " " + problems.get(0)
                : problems.stream().map(problem -> "  " + problem).collect(Collectors.joining("\n",
                        "Invalid " + what + " (" + problems.size() + " problems):\n", "")));
    }

    /** Reads one YAML file against its spec (a mapping); an empty file is an error too. */
    @SuppressWarnings("unchecked")
    static Document read(Spec.Fields spec, String source, String text, String expected) throws DescriptorException {
        Node document = YamlDocuments.compose(text, source);
        if (document == null) {
            throw new DescriptorException(new Problem(source, 0, 0, "", "is empty; expected " + expected));
        }
        Reader reader = new Reader(source);
        Object value = reader.visit(document, "") ? spec.read(document, "", reader) : null;
        if (!reader.problems().isEmpty()) {
            throw new DescriptorException(reader.problems());
        }
        return new Document((Map<String, Object>) value, new Origins(source, reader.marks()));
    }

    private static Map<String, Object> checked(String what, Spec.Fields spec, String source, String text,
            String expected) {
        try {
            return read(spec, source, text, expected).values();
        } catch (DescriptorException e) {
            throw invalid(what, e.problems());
        }
    }

    private static Spec.Fields catalog() {
        Spec.Fields metric = new Spec.Fields("a metric (name, type, labels, file, help)")
                .with("name", METRIC_NAME)
                .with("type", new Spec.Text("counter, gauge, histogram or summary", "counter|gauge|histogram|summary",
                        9))
                .with("labels", new Spec.ListOf(LABEL_NAME, 100))
                .with("file", ONE_LINE)
                .with("help", ONE_LINE)
                .require("name", "type", "labels", "file", "help");
        return new Spec.Fields("a metric catalog (components, exporter, version, source, metrics)")
                .with("components", new Spec.ListOf(new Spec.Text("a component name, or \"*\" for every component",
                        "\\*|[a-z][a-z0-9-]*", 63), 100))
                .with("exporter", ONE_LINE)
                .with("version", new Spec.Text("a version", "[^\\n\\r]+", 64))
                .with("source", ONE_LINE)
                .with("metrics", new Spec.ListOf(metric, 10_000))
                .require("components", "exporter", "version", "source", "metrics");
    }

    /** The keys of a bundle's promtool fixtures; {@link RuleTestsFile} checks what they mean. */
    static Spec.Fields ruleTestsSpec() {
        Spec.Fields alert = new Spec.Fields("an alert's fixture (failing, healthy, labels, value, startsAt, gone,"
                + " goneSeries)")
                .with("failing", PAIRS)
                .with("healthy", PAIRS)
                .with("labels", LABELS)
                .with("value", NUMBER_OR_TEXT)
                .with("startsAt", NUMBER_OR_TEXT)
                .with("gone", LABELS)
                .with("goneSeries", PAIRS)
                .require("failing", "healthy", "labels");
        Spec.Fields recording = new Spec.Fields("a recording rule's fixture (series, expr, expect)")
                .with("series", PAIRS)
                .with("expr", ONE_LINE)
                .with("expect", new Spec.ListOf(new Spec.Tuple("a [series, value] pair such as"
                        + " ['job:up:sum{job=\"redis\"}', 3]", ONE_LINE, new Spec.Numeral("a number", false)), 1_000))
                .require("series", "expect");
        Spec duration = Durations.spec("a Prometheus duration between 1m and 7d such as 45m", 60_000, 7 * 24 * 3600_000L);
        Spec.Text alertName = new Spec.Text("an alert name", "[A-Za-z_][A-Za-z0-9_]*", 200);
        Spec.Fields scenario = new Spec.Fields("a burn scenario (name, objective, series, fires, silent, until, labels,"
                + " burnStarts, every, interval)")
                .with("name", new Spec.Text("a scenario name (a short phrase)", "[a-z0-9][-a-z0-9 ,.×/]{0,99}", 100))
                .with("objective", new Spec.Text("a service-level objective of the bundle", "[a-z][A-Za-z0-9]*", 100))
                .with("series", PAIRS)
                .with("fires", new Spec.MapOf("a mapping of an alert name to the evaluation at which it first fires",
                        alertName, duration, false, true))
                .with("silent", new Spec.ListOf(alertName, 100))
                .with("until", duration)
                .with("labels", LABELS)
                .with("burnStarts", duration)
                .with("every", duration)
                .with("interval", duration)
                .require("name", "objective", "series");
        return new Spec.Fields("promtool fixtures (deployment, alerts, recording, scenarios)")
                .with("scenarios", new Spec.ListOf(scenario, 1_000))
                .with("deployment", PAIRS)
                .with("alerts", new Spec.MapOf("a mapping of alert name to its fixture", alertName, alert, false, true))
                .with("recording", new Spec.MapOf("a mapping of recorded series name to its fixture",
                        new Spec.Text("a recorded series name", "[a-zA-Z_:][a-zA-Z0-9_:]*", 200), recording, false,
                        true));
    }
}
