package io.matrixmon.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.component.Components;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's times to page are the burn scenarios' as promtool checks them (PromtoolAlertTestsIT):
 * the table between the markers is {@link BurnScenarioTable}'s text. A failure prints the text to
 * paste; {@code scripts/docs.sh} (this test with matrixmon.docs.regenerate set) writes it instead.
 */
class BurnScenarioTableTest {

    static final String BEGIN = "<!-- generated from the bundles' burn scenarios by scripts/docs.sh: edit rule-tests.yaml, not this table -->";
    static final String END = "<!-- end of the generated burn scenario table -->";
    private static final Path README = Path.of("../README.md");

    @Test
    void theReadmesTimesToPageAreTheScenarios() throws IOException {
        String generated = BurnScenarioTable.of(Components.embedded());
        String text = Files.readString(README, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(begin >= 0 && end > begin, README + " must hold the table between the lines\n" + BEGIN + "\nand\n" + END);
        String current = text.substring(begin + BEGIN.length() + 1, end);
        if (System.getProperty("matrixmon.docs.regenerate") != null) {
            Files.writeString(README, text.substring(0, begin + BEGIN.length() + 1) + generated + text.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertEquals(generated, current, README + ": run scripts/docs.sh, or paste between the markers:\n" + generated);
    }

    @Test
    void everyObjectivePagesTicketsAndStaysSilentInItsScenarios() {
        String table = BurnScenarioTable.of(Components.embedded());
        for (String objective : new String[] {"synapseClientApiAvailability", "synapseLiClientApiAvailability",
                "synapseEventSendLatency", "synapseMediaAvailability", "synapseFederationSending", "keyVaultAvailability"}) {
            assertTrue(table.contains("`" + objective + "`"), table);
        }
        assertTrue(table.contains("page after ") && table.contains("ticket after ") && table.contains("nothing"), table);
        assertEquals("45m", BurnScenarioTable.duration(45 * 60_000));
        assertEquals("3h30m", BurnScenarioTable.duration(210 * 60_000));
        assertEquals("24h", BurnScenarioTable.duration(1440 * 60_000));
    }
}
