package io.matrixmon.core.component;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.matrixmon.core.lint.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burn scenario of rule-tests.yaml whose keys are right but whose meaning is not fails with its
 * file, line, column, field and what was expected, as a misspelt key does: the throw-away bundle
 * with an objective of its own and one scenario added (its first line is 52).
 */
class BurnScenarioErrorsTest {

    private static final List<Manifest> VALKEY_RULES = BrokenBundles.valkeyRules(List.of());
    private static final String OBJECTIVE = "slos:\n  valkeyAvailability: {description: Share of commands that succeed,"
            + " objective: 0.999, window: 30d, minimumRate: 0.05}\ndashboard: true\n";
    private static final String SERIES = "    series:\n      - ['valkey_commands_total{job=\"${valkey.job}\"}', '0+600']\n";
    private static final String LABELS = "    labels: {job: \"${valkey.job}\"}\n";

    @TempDir
    Path dir;

    /** The generator's message with the scenario's keys (after name and objective) added, the file as FILE. */
    private String error(String keys) throws IOException {
        return error("a burn", "valkeyAvailability", keys);
    }

    private String error(String name, String objective, String keys) throws IOException {
        String scenario = "  - name: " + name + "\n    objective: " + objective + "\n" + keys + SERIES;
        Path bundle = BrokenBundles.copy(dir, "rule-tests.yaml", "recording:\n", "scenarios:\n" + scenario + "recording:\n");
        Path declaration = bundle.resolve("component.yaml");
        Files.writeString(declaration, Files.readString(declaration).replace("dashboard: true\n", OBJECTIVE));
        return BrokenBundles.generatorError(bundle, VALKEY_RULES, Map.of());
    }

    @Test
    void aFiringTimeThatIsNoEvaluation() throws Exception {
        assertEquals("Invalid rule tests FILE:55:13: scenarios[0].fires.ValkeyDown: 47m is not a multiple of the"
                + " scenario's evaluation interval 2m; expected the time of an evaluation",
                error("    every: 2m\n    fires: {ValkeyDown: 47m}\n" + LABELS));
    }

    @Test
    void aFiringAtTheFirstEvaluation() throws Exception {
        assertEquals("Invalid rule tests FILE:55:13: scenarios[0].fires.ValkeyDown: 20m is the scenario's first"
                + " evaluation (every 20m); expected a later one, one evaluation after the alert is checked silent",
                error("    every: 20m\n    fires: {ValkeyDown: 20m}\n" + LABELS));
    }

    @Test
    void aFiringBeforeTheBurnStarts() throws Exception {
        assertEquals("Invalid rule tests FILE:55:13: scenarios[0].fires.ValkeyDown: 40m is not after the burn starts"
                + " (burnStarts: 1h); expected a later time, from which the README's time to page is counted",
                error("    burnStarts: 1h\n    fires: {ValkeyDown: 40m}\n" + LABELS));
    }

    @Test
    void firingAlertsWithoutTheirLabels() throws Exception {
        assertEquals("Invalid rule tests FILE:52:5: scenarios[0]: missing required key 'labels': what the alerts in"
                + " fires carry besides severity, component and additionalAlertLabels",
                error("    fires: {ValkeyDown: 5m}\n"));
    }

    @Test
    void anUnknownObjective() throws Exception {
        assertEquals("Invalid rule tests FILE:53:5: scenarios[0].objective: unknown objective 'valkeyAvailabilty'"
                + " (did you mean 'valkeyAvailability'?); expected one of the bundle's slos (valkeyAvailability)",
                error("a burn", "valkeyAvailabilty", "    silent: [ValkeyDown]\n    until: 1h\n"));
    }

    @Test
    void anUnknownAlert() throws Exception {
        assertEquals("Invalid rule tests FILE:54:14: scenarios[0].silent[0]: unknown alert 'ValkeyDwon' (did you mean"
                + " 'ValkeyDown'?); expected an alert of the bundle's component.yaml",
                error("    silent: [ValkeyDwon]\n    until: 1h\n"));
    }

    @Test
    void noAlertChecked() throws Exception {
        assertEquals("Invalid rule tests FILE:52:5: scenarios[0]: checks no alert; expected fires (the alerts that"
                + " fire, and when), silent (the alerts that never fire) or both", error("    until: 1h\n"));
    }

    @Test
    void silentAlertsWithoutAnEnd() throws Exception {
        assertEquals("Invalid rule tests FILE:52:5: scenarios[0]: missing required key 'until': without fires, the"
                + " time up to which the silent alerts are checked", error("    silent: [ValkeyDown]\n"));
    }

    @Test
    void twoScenariosOfOneName() throws Exception {
        String keys = "    silent: [ValkeyDown]\n    until: 1h\n";
        assertEquals("Invalid rule tests FILE:58:5: scenarios[1].name: the objective valkeyAvailability has a"
                + " scenario of this name already (scenarios[0]); expected a name of its own, the row of the README's"
                + " table of times to page", error("a burn", "valkeyAvailability", keys + SERIES
                        + "  - name: a burn\n    objective: valkeyAvailability\n" + keys));
    }
}
