package io.matrixmon.core.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed documentation states each alert's defaults exactly as the bundles declare them:
 * the README's alert table, the runbook index and every runbook page's header lines are
 * {@link AlertDocs}'s text; the README's dashboard table is {@link DashboardDocs}'s, its table of
 * scrape targets {@link TargetDocs}'s. A failure prints the text to paste; {@code scripts/docs.sh}
 * (this test with {@value #REGENERATE} set) writes it into the files instead.
 */
class GeneratedDocsTest {

    /** The system property that makes this test rewrite the documents rather than only compare them. */
    static final String REGENERATE = "matrixmon.docs.regenerate";
    static final String BEGIN = "<!-- generated from the component bundles by scripts/docs.sh: edit component.yaml, not this table -->";
    static final String BEGIN_DASHBOARDS = "<!-- generated from the component bundles by scripts/docs.sh: edit the"
            + " bundles' dashboard.json, not this table -->";
    static final String BEGIN_TARGETS = "<!-- generated from the rendered chart by scripts/docs.sh: edit the"
            + " bundles' monitors, not this table -->";
    static final String END = "<!-- end of the generated table -->";

    private static final Path README = Path.of("../README.md");
    private static final Path RUNBOOK_INDEX = Bundles.RUNBOOKS.resolve("index.md");
    private static final AlertDocs DOCS = AlertDocs.of(Components.embedded());

    @Test
    void theReadmesAlertTableIsTheBundles() throws IOException {
        assertRegion(README, BEGIN, DOCS.readmeTable());
    }

    @Test
    void theReadmesDashboardTableIsTheBundles() throws IOException {
        assertRegion(README, BEGIN_DASHBOARDS, DashboardDocs.readmeTable(Components.embedded()));
    }

    @Test
    void theReadmesTargetTableIsTheRenderedMonitors() throws IOException {
        assertRegion(README, BEGIN_TARGETS, TargetDocs.readmeTable());
    }

    @Test
    void theRunbookIndexIsTheBundles() throws IOException {
        assertRegion(RUNBOOK_INDEX, BEGIN, DOCS.runbookIndexTable());
    }

    @Test
    void everyRunbookPageStartsWithItsAlertsDefaults() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (AlertDocs.Alert alert : DOCS.alerts()) {
            Path page = Bundles.RUNBOOKS.resolve(alert.name() + ".md");
            String text = Files.readString(page, StandardCharsets.UTF_8);
            String expected = withHeader(text, alert, page);
            if (!expected.equals(text)) {
                write(page, expected);
                wrong.add(page + ": lines 3 and 4 must read:\n" + AlertDocs.runbookHeader(alert));
            }
        }
        assertEquals(List.of(), regenerating() ? List.of() : wrong, "run scripts/docs.sh, or paste:\n"
                + String.join("\n", wrong));
    }

    /** The text between the markers is the generated table; regenerating writes it there. */
    private static void assertRegion(Path file, String marker, String generated) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int begin = text.indexOf(marker);
        int end = begin < 0 ? -1 : text.indexOf(END, begin);
        assertTrue(begin >= 0 && end > begin, file + " must hold the generated table between the lines\n" + marker
                + "\nand\n" + END);
        String current = text.substring(begin + marker.length() + 1, end);
        if (!current.equals(generated)) {
            write(file, text.substring(0, begin + marker.length() + 1) + generated + text.substring(end));
        }
        if (!regenerating()) {
            assertEquals(generated, current, file + ": run scripts/docs.sh, or paste between the markers:\n" + generated);
        }
    }

    /** The page with lines 3 and 4 (after "# AlertName" and a blank line) replaced, or inserted if absent. */
    private static String withHeader(String page, AlertDocs.Alert alert, Path file) {
        List<String> lines = new ArrayList<>(List.of(page.split("\n", -1)));
        assertTrue(lines.size() > 2 && lines.get(0).equals("# " + alert.name()) && lines.get(1).isEmpty(),
                file + ": a runbook page starts with '# " + alert.name() + "' and a blank line");
        int old = 0;
        while (old < 2 && lines.size() > 2 + old
                && lines.get(2 + old).startsWith(old == 0 ? "- Severity:" : "- Tune with:")) {
            old++;
        }
        lines.subList(2, 2 + old).clear();
        String header = AlertDocs.runbookHeader(alert);
        List<String> inserted = new ArrayList<>(List.of(header.substring(0, header.length() - 1).split("\n")));
        if (old == 0) {
            inserted.add("");
        }
        lines.addAll(2, inserted);
        return String.join("\n", lines);
    }

    private static void write(Path file, String text) throws IOException {
        if (regenerating()) {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }

    private static boolean regenerating() {
        return System.getProperty(REGENERATE) != null;
    }
}
