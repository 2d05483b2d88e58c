package io.matrixmon.core.component;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.matrixmon.core.descriptor.DescriptorLoader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's alert table is what the bundles declare: every alert, with its component, severity,
 * for and default threshold in its unit, in bundle order. A failure prints the table as it must be.
 */
class ReadmeAlertTableTest {

    private static final Path README = Path.of("../README.md");
    private static final String HEADING = "## Alerts";

    @Test
    void listsEveryAlertWithItsDefaults() throws Exception {
        List<String> expected = expectedRows();
        assertEquals(String.join("\n", expected), String.join("\n", tableRows()),
                "README.md, section '" + HEADING + "': the table must read (after its header):\n"
                        + String.join("\n", expected) + "\n");
    }

    @SuppressWarnings("unchecked")
    private static List<String> expectedRows() throws Exception {
        Map<String, Object> model = new DescriptorLoader(Components.embedded()).load((String) null, "default").model();
        Map<String, Map<String, Object>> alerts = (Map<String, Map<String, Object>>) model.get("alerts");
        Map<String, Map<String, Object>> thresholds = (Map<String, Map<String, Object>>) model.get("thresholds");
        Map<String, Map<String, Object>> components = (Map<String, Map<String, Object>>) model.get("components");
        List<String> rows = new ArrayList<>();
        components.forEach((component, declared) -> {
            for (String name : (List<String>) declared.get("alerts")) {
                Map<String, Object> alert = alerts.get(name);
                Map<String, Object> threshold = thresholds.get(name);
                String defaultThreshold = threshold == null ? "—"
                        : plain(alert.get("threshold")) + " " + threshold.get("unit");
                rows.add("| " + name + " | " + component + " | " + alert.get("severity") + " | " + alert.get("for")
                        + " | " + defaultThreshold + " |");
            }
        });
        return rows;
    }

    /** The rows of the first table after the heading, without its header and separator. */
    private static List<String> tableRows() throws Exception {
        List<String> lines = Arrays.asList(Files.readString(README).split("\n"));
        int heading = lines.indexOf(HEADING);
        if (heading < 0) {
            throw new AssertionError("README.md has no section '" + HEADING + "'");
        }
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("|")) {
                inTable = true;
                rows.add(line.strip());
            } else if (inTable || line.startsWith("## ")) {
                break;
            }
        }
        return rows.size() < 2 ? List.of() : rows.subList(2, rows.size());
    }

    private static String plain(Object number) {
        return new BigDecimal(String.valueOf(number)).stripTrailingZeros().toPlainString();
    }
}
