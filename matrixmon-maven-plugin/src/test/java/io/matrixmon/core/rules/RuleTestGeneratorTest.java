package io.matrixmon.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.matrixmon.core.component.Bundles;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.lint.Manifest;
import io.matrixmon.core.render.Charts;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The shape of the generated tests; PromtoolAlertTestsIT has promtool run them. */
class RuleTestGeneratorTest {

    private static final List<Manifest> MANIFESTS = Charts.template(Charts.defaultChart(), Charts.EVERY_ALERT);

    @SuppressWarnings("unchecked")
    private static List<String> testNames(Map<String, Object> values) {
        String tests = new RuleTestGenerator().generate(MANIFESTS, values).tests();
        return ((List<Map<String, Object>>) new Yaml().<Map<String, Object>>load(tests).get("tests")).stream()
                .map(test -> (String) test.get("name")).toList();
    }

    private static Map<String, Object> defaults() throws Exception {
        return new Yaml().load(Files.readString(Charts.defaultChart().resolve("values.yaml")));
    }

    @Test
    void everyAlertFiresIsSilentWhenHealthyAndEveryDownAlertFiresWhenItsTargetIsGone() throws Exception {
        RuleTestGenerator.Files files = new RuleTestGenerator().generate(MANIFESTS, defaults());
        int declared = Bundles.allAlerts(Components.embedded()).size();
        assertEquals(declared, files.alertsTested());
        assertEquals(List.of(), files.untested());
        List<String> names = testNames(defaults());
        List<String> alerts = names.stream().filter(name -> name.contains(" fires after ")).map(n -> n.split(" ")[0])
                .toList();
        assertEquals(declared, alerts.size(), names::toString);
        List<Map<?, ?>> rules = MANIFESTS.stream().filter(m -> m.kind().equals("PrometheusRule"))
                .flatMap(m -> ((List<?>) Charts.at(m, "spec.groups")).stream())
                .flatMap(group -> ((List<?>) Charts.at(group, "rules")).stream()).<Map<?, ?>>map(rule -> (Map<?, ?>) rule)
                .toList();
        // A down alert is one that also fires through absent(): when its target has vanished.
        List<String> absentAlerts = rules.stream().filter(rule -> String.valueOf(rule.get("expr")).contains("absent("))
                .map(rule -> (String) rule.get("alert")).toList();
        for (String alert : alerts) {
            assertTrue(names.contains(alert + " stays silent on healthy series"), alert);
            assertEquals(absentAlerts.contains(alert), names.contains(alert
                    + " fires when the target is gone from discovery"), alert);
        }
        // Every recorded name of a component is tested, once: the objectives' groups share their names.
        long records = MANIFESTS.stream().filter(m -> m.kind().equals("PrometheusRule"))
                .flatMap(m -> ((List<?>) Charts.at(m, "spec.groups")).stream()
                        .flatMap(group -> ((List<?>) Charts.at(group, "rules")).stream())
                        .filter(rule -> ((Map<?, ?>) rule).containsKey("record"))
                        .map(rule -> Charts.at(m, "metadata.name") + " " + ((Map<?, ?>) rule).get("record")))
                .distinct().count();
        assertEquals(records, names.stream().filter(name -> name.endsWith(" records the expected samples")).count());
    }

    /** One test holds every bundle's healthy deployment and expects every alert silent, four times over. */
    @Test
    @SuppressWarnings("unchecked")
    void everyAlertIsCheckedSilentOnTheHealthyDeploymentOfEveryComponent() throws Exception {
        String tests = new RuleTestGenerator().generate(MANIFESTS, defaults()).tests();
        Map<String, Object> deployment = ((List<Map<String, Object>>) new Yaml().<Map<String, Object>>load(tests)
                .get("tests")).stream()
                .filter(test -> test.get("name").equals("every alert stays silent on the healthy deployment of every component"))
                .findFirst().orElseThrow();
        List<Map<String, Object>> checks = (List<Map<String, Object>>) deployment.get("alert_rule_test");
        List<String> alerts = Bundles.allAlerts(Components.embedded());
        assertEquals(4 * alerts.size(), checks.size());
        assertEquals(Set.copyOf(alerts), checks.stream().map(check -> (String) check.get("alertname"))
                .collect(Collectors.toSet()));
        assertTrue(checks.stream().allMatch(check -> ((List<?>) check.get("exp_alerts")).isEmpty()));
        // Every component with rules contributes its series: its up series among them.
        List<Map<String, Object>> series = (List<Map<String, Object>>) deployment.get("input_series");
        for (String job : List.of("synapse", "synapse-li", "postgresql", "redis", "minio", "haproxy", "key-vault",
                "ingress-nginx", "kube-state-metrics")) {
            assertTrue(series.stream().anyMatch(s -> ((String) s.get("series")).contains("job=\"" + job + "\"")), job);
        }
    }

    /**
     * Each recorded name of the objectives is tested once per component though every objective
     * records it; a burn-rate alert's own fixture fires and stays silent on healthy series, and what
     * must not page (a slower burn, a blip, a quiet night) is left to its objective's burn scenarios.
     */
    @Test
    @SuppressWarnings("unchecked")
    void eachRecordIsTestedOnceAndBurnAlertsLeaveSilenceToTheScenarios() throws Exception {
        List<Map<String, Object>> tests = (List<Map<String, Object>>) new Yaml().<Map<String, Object>>load(
                new RuleTestGenerator().generate(MANIFESTS, defaults()).tests()).get("tests");
        assertEquals(Set.of("SynapseErrorBudgetBurn fires after 2m on failing series",
                "SynapseErrorBudgetBurn stays silent on healthy series"), tests.stream().map(test -> (String) test.get("name"))
                .filter(name -> name.startsWith("SynapseErrorBudgetBurn ")).collect(Collectors.toSet()));
        assertEquals(2, tests.stream().filter(test -> test.get("name")
                .equals("slo:sli_error:ratio_rate3d records the expected samples")).count(), "synapse and key-vault");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aChangedThresholdChangesTheTests() throws Exception {
        Map<String, Object> tuned = defaults();
        ((Map<String, Object>) ((Map<String, Object>) tuned.get("alerts")).get("SynapseHighMemory"))
                .put("threshold", 8_000_000_000L);
        assertNotEquals(new RuleTestGenerator().generate(MANIFESTS, defaults()).tests(),
                new RuleTestGenerator().generate(MANIFESTS, tuned).tests());
    }

    /**
     * Every alert the tests expect, its target gone included, carries each label its texts print: none
     * reads "HAProxy  in  is down". A label a series may lack is printed only under {{ if $labels.x }}.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyExpectedAlertCarriesTheLabelsItsTextsPrint() throws Exception {
        Map<String, Map<String, String>> annotations = new HashMap<>();
        MANIFESTS.stream().filter(m -> m.kind().equals("PrometheusRule"))
                .flatMap(m -> ((List<?>) Charts.at(m, "spec.groups")).stream())
                .flatMap(group -> ((List<Map<String, Object>>) Charts.at(group, "rules")).stream())
                .filter(rule -> rule.containsKey("alert"))
                .forEach(rule -> annotations.put((String) rule.get("alert"), (Map<String, String>) rule.get("annotations")));
        String tests = new RuleTestGenerator().generate(MANIFESTS, defaults()).tests();
        Pattern printed = Pattern.compile("\\$labels\\.(\\w+)");
        int checked = 0;
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> test : (List<Map<String, Object>>) new Yaml().<Map<String, Object>>load(tests).get("tests")) {
            for (Map<String, Object> check : (List<Map<String, Object>>) test.getOrDefault("alert_rule_test", List.of())) {
                for (Map<String, Object> alert : (List<Map<String, Object>>) check.get("exp_alerts")) {
                    Map<String, String> labels = (Map<String, String>) alert.get("exp_labels");
                    for (Map.Entry<String, String> text : annotations.get((String) check.get("alertname")).entrySet()) {
                        Matcher label = printed.matcher(AlertText.branches(text.getValue(), labels));
                        while (label.find()) {
                            if (!labels.containsKey(label.group(1))) {
                                problems.add(test.get("name") + ": " + text.getKey() + " prints $labels." + label.group(1)
                                        + ", which the alert lacks: " + labels);
                            }
                        }
                        checked++;
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(checked > 3 * annotations.size(), "annotations checked: " + checked);
    }
    /**
     * Each objective's burn scenarios go to files of their own: its recording group and the alerts
     * they check, the recording group evaluated first; each alert silent up to one evaluation before
     * the time it fires at, and firing then with the objective's labels.
     */
    @Test
    @SuppressWarnings("unchecked")
    void burnScenariosEvaluateTheirObjectiveAloneAndPinTheTimeToPage() throws Exception {
        SplitFiles split = new RuleTestGenerator().generate(MANIFESTS, defaults()).split();
        String objective = "synapseClientApiAvailability";
        assertEquals(List.of(SplitFiles.burnRulesOf("synapse", objective)),
                split.ruleFiles().get(SplitFiles.burnsOf("synapse", objective, "2m")));
        Map<String, Object> rules = new Yaml().load(split.files().get(SplitFiles.burnRulesOf("synapse", objective)));
        List<Map<String, Object>> groups = (List<Map<String, Object>>) rules.get("groups");
        assertEquals(List.of("matrixmon.synapse.slo." + objective, "matrixmon.synapse.alerts"),
                groups.stream().map(group -> group.get("name")).toList());
        assertEquals(List.of("SynapseErrorBudgetBurn", "SynapseErrorBudgetSlowBurn"),
                ((List<Map<String, Object>>) groups.get(1).get("rules")).stream().map(rule -> rule.get("alert")).toList());
        Map<String, Object> file = new Yaml().load(split.files().get(SplitFiles.burnsOf("synapse", objective, "20m")));
        assertEquals("20m", file.get("evaluation_interval"));
        assertEquals(groups.stream().map(group -> group.get("name")).toList(), file.get("group_eval_order"));
        Map<String, Object> page = ((List<Map<String, Object>>) new Yaml().<Map<String, Object>>load(split.files()
                .get(SplitFiles.burnsOf("synapse", objective, "2m"))).get("tests")).get(0);
        assertEquals(objective + ": a 20x burn after six healthy hours, 14.4x over 1h/5m", page.get("name"));
        List<Map<String, Object>> checks = (List<Map<String, Object>>) page.get("promql_expr_test");
        assertEquals("max_over_time(ALERTS{alertname=\"SynapseErrorBudgetBurn\", alertstate=\"firing\"}[24240s])",
                checks.get(0).get("expr"));
        assertEquals("24240s", checks.get(0).get("eval_time"));
        assertEquals(List.of(), checks.get(0).get("exp_samples"));
        assertEquals("24360s", checks.get(1).get("eval_time"));
        String firing = String.valueOf(((List<Map<String, Object>>) checks.get(1).get("exp_samples")).get(0).get("labels"));
        assertTrue(firing.contains("slo=\"" + objective + "\"") && firing.contains("matrix_instance=\"main\"")
                && firing.contains("severity=\"critical\""), firing);
        // An objective switched off has no scenarios, as it has no rules.
        Map<String, Object> off = new LinkedHashMap<>(defaults());
        ((Map<String, Object>) ((Map<String, Object>) off.get("slos")).get(objective)).put("enabled", false);
        assertFalse(new RuleTestGenerator().generate(Charts.template(Charts.defaultChart(), Map.of("slos." + objective
                + ".enabled", false)), off).split().files().containsKey(SplitFiles.burnRulesOf("synapse", objective)));
    }

    /**
     * The split files hold exactly the tests of the single tests.yaml, each alert's and each
     * recorded name's in a file of its own that reads one rule file: the groups of the single
     * rules.yaml, with the rule under test and what it reads; the healthy deployment's test reads
     * every component's groups whole.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theSplitFilesHoldTheSameTestsAndGroups() throws Exception {
        RuleTestGenerator.Files files = new RuleTestGenerator().generate(MANIFESTS, defaults());
        SplitFiles split = files.split();
        List<Map<String, Object>> single = (List<Map<String, Object>>) new Yaml().<Map<String, Object>>load(files.rules())
                .get("groups");
        List<Object> tests = new ArrayList<>();
        List<Object> wholeGroups = new ArrayList<>();
        split.ruleFiles().forEach((testFile, read) -> {
            if (SplitFiles.isBurns(testFile)) {
                return;
            }
            Map<String, Object> document = new Yaml().load(split.files().get(testFile));
            assertEquals(read, document.get("rule_files"), testFile);
            assertTrue(split.files().keySet().containsAll(read), testFile);
            if (testFile.equals(SplitFiles.DEPLOYMENT)) {
                read.forEach(file -> wholeGroups.addAll((List<Object>) new Yaml().<Map<String, Object>>load(
                        split.files().get(file)).get("groups")));
            } else {
                assertEquals(List.of(testFile.replace(".tests.yaml", ".rules.yaml")), read, testFile);
                for (Map<String, Object> group : (List<Map<String, Object>>) new Yaml().<Map<String, Object>>load(
                        split.files().get(read.get(0))).get("groups")) {
                    Map<String, Object> whole = single.stream().filter(g -> g.get("name").equals(group.get("name")))
                            .findFirst().orElseThrow();
                    List<Object> rules = new ArrayList<>((List<Object>) whole.get("rules"));
                    rules.retainAll((List<Object>) group.get("rules"));
                    assertEquals(rules, group.get("rules"), testFile + ": the group's rules, in its order");
                }
                tests.addAll((List<Object>) document.get("tests"));
            }
        });
        List<Object> expected = new ArrayList<>((List<Object>) new Yaml().<Map<String, Object>>load(files.tests())
                .get("tests"));
        expected.remove(expected.size() - 1);
        assertEquals(expected.size(), tests.size());
        assertTrue(tests.containsAll(expected) && expected.containsAll(tests));
        assertEquals(single, wholeGroups);
        Map<String, Object> rules = new Yaml().load(split.files().get(SplitFiles.alertTestsOf("synapse", "SynapseHighCPU")
                .replace(".tests.yaml", ".rules.yaml")));
        assertEquals(List.of("SynapseHighCPU"), ((List<Map<String, Object>>) rules.get("groups")).stream()
                .flatMap(group -> ((List<Map<String, Object>>) group.get("rules")).stream())
                .map(rule -> rule.get("alert")).toList(), "an alert on raw series evaluates itself alone");
    }
}
