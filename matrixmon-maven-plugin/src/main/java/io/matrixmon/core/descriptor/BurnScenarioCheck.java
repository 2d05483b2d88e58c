package io.matrixmon.core.descriptor;

import java.util.List;
import java.util.Map;

/**
 * What one burn scenario of rule-tests.yaml means, checked after its keys: its objective and alerts
 * are the bundle's, it checks at least one alert up to a known time, the alerts it fires carry its
 * labels, and each fires at an evaluation of the scenario's file (a multiple of {@code every}, not
 * the first, so that it can be checked silent one evaluation before) after the burn starts.
 */
final class BurnScenarioCheck {

    private static final String DEFAULT_EVERY = "1m";

    private final Origins origins;
    private final String path;
    private final Map<String, Object> scenario;
    private final ComponentDeclaration declaration;
    private final List<Problem> problems;

    BurnScenarioCheck(Origins origins, String path, Map<String, Object> scenario, ComponentDeclaration declaration,
            List<Problem> problems) {
        this.origins = origins;
        this.path = path;
        this.scenario = scenario;
        this.declaration = declaration;
        this.problems = problems;
    }

    void run() {
        Object objective = scenario.get("objective");
        if (objective != null && !declaration.slos().containsKey(String.valueOf(objective))) {
            problem("objective", "unknown objective '" + objective + "'" + Spec.Keys.suggestion(String.valueOf(objective),
                    declaration.slos().keySet()) + "; expected one of the bundle's slos ("
                    + (declaration.slos().isEmpty() ? "component.yaml declares none" : String.join(", ",
                            declaration.slos().keySet())) + ")");
        }
        Map<String, Object> fires = Deployment.map(scenario.get("fires"));
        List<?> silent = scenario.get("silent") instanceof List<?> list ? list : List.of();
        fires.keySet().forEach(alert -> checkAlert(Spec.Keys.join("fires", alert), alert));
        for (int i = 0; i < silent.size(); i++) {
            checkAlert("silent[" + i + "]", String.valueOf(silent.get(i)));
        }
        if (fires.isEmpty() && silent.isEmpty()) {
            problem("", "checks no alert; expected fires (the alerts that fire, and when), silent (the alerts that"
                    + " never fire) or both");
        } else if (fires.isEmpty() && scenario.get("until") == null) {
            problem("", "missing required key 'until': without fires, the time up to which the silent alerts"
                    + " are checked");
        }
        if (!fires.isEmpty() && scenario.get("labels") == null) {
            problem("", "missing required key 'labels': what the alerts in fires carry besides severity,"
                    + " component and additionalAlertLabels");
        }
        String every = String.valueOf(scenario.getOrDefault("every", DEFAULT_EVERY));
        fires.forEach((alert, at) -> checkFiring(Spec.Keys.join("fires", alert), String.valueOf(at), every));
    }

    private void checkAlert(String field, String alert) {
        if (!declaration.alerts().containsKey(alert)) {
            problem(field, RuleTestsFile.unknownAlert(alert, declaration));
        }
    }

    /** A firing time is an evaluation of the file, the second or a later one, after the burn starts. */
    private void checkFiring(String field, String at, String every) {
        long atMillis = Durations.toMillis(at);
        long everyMillis = Durations.toMillis(every);
        if (atMillis < 0 || everyMillis <= 0) {
            return;
        }
        if (atMillis % everyMillis != 0) {
            problem(field, at + " is not a multiple of the scenario's evaluation interval " + every
                    + "; expected the time of an evaluation");
        } else if (atMillis < 2 * everyMillis) {
            problem(field, at + " is the scenario's first evaluation (every " + every + "); expected a later one, one"
                    + " evaluation after the alert is checked silent");
        }
        Object burnStarts = scenario.get("burnStarts");
        if (burnStarts != null && atMillis <= Durations.toMillis(String.valueOf(burnStarts))) {
            problem(field, at + " is not after the burn starts (burnStarts: " + burnStarts + "); expected a later"
                    + " time, from which the README's time to page is counted");
        }
    }

    /** A problem at a field of the scenario, or at the scenario itself (located at its first key). */
    private void problem(String field, String message) {
        problems.add(origins.problem(field.isEmpty() ? path : path + "." + field, message));
    }
}
