package io.matrixmon.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The classes' order: their @Order by default, shuffled by a printed seed after the first ones when asked. */
class SuiteOrderTest {

    /** The suite's classes and their @Order, discovered in no particular order. */
    private static final Map<String, Integer> SUITE = Map.ofEntries(Map.entry("AlertsFireIT", 7),
            Map.entry("HealthyStackIT", 1), Map.entry("SyncSystemAlertsIT", 10), Map.entry("Helm4ArchiveIT", 0),
            Map.entry("ScrapeTargetsIT", 2), Map.entry("KubernetesInstallIT", 9), Map.entry("SynapseMetricsIT", 3),
            Map.entry("KeyVaultAlertsIT", 6), Map.entry("SynapseErrorBudgetIT", 4), Map.entry("SynapseAlertsIT", 5),
            Map.entry("AlertmanagerReleasesIT", 8));
    private static final List<String> BY_ORDER = List.of("Helm4ArchiveIT", "HealthyStackIT", "ScrapeTargetsIT",
            "SynapseMetricsIT", "SynapseErrorBudgetIT", "SynapseAlertsIT", "KeyVaultAlertsIT", "AlertsFireIT",
            "AlertmanagerReleasesIT", "KubernetesInstallIT", "SyncSystemAlertsIT");

    private final List<String> reports = new ArrayList<>();

    private List<String> order(List<String> classes, String property) {
        return SuiteOrder.order(classes, SUITE::get, name -> name, property, reports::add);
    }

    private static List<String> reversed(List<String> classes) {
        List<String> reversed = new ArrayList<>(classes);
        Collections.reverse(reversed);
        return reversed;
    }

    @Test
    void withoutThePropertyTheClassesRunInTheirOrderAndNothingIsPrinted() {
        assertEquals(BY_ORDER, order(new ArrayList<>(SUITE.keySet()), null));
        assertEquals(BY_ORDER, order(reversed(BY_ORDER), " "));
        assertEquals(List.of(), reports);
    }

    @Test
    void randomKeepsTheArchiveAndTheHealthyStackFirstAndShufflesTheRest() {
        Set<List<String>> orders = new HashSet<>();
        for (int run = 0; run < 20; run++) {
            List<String> ordered = order(new ArrayList<>(SUITE.keySet()), "random");
            assertEquals(BY_ORDER.subList(0, 2), ordered.subList(0, 2), ordered::toString);
            assertEquals(Set.copyOf(BY_ORDER), Set.copyOf(ordered));
            assertEquals(BY_ORDER.size(), ordered.size());
            orders.add(ordered);
        }
        // Nine classes shuffled twenty times: one order every time would be no shuffle.
        assertTrue(orders.size() > 1, orders::toString);
    }

    @Test
    void thePrintedSeedReplaysTheOrderWhateverTheClassesDiscoveryOrder() {
        List<String> ordered = order(new ArrayList<>(SUITE.keySet()), "random");
        String report = reports.get(0);
        assertTrue(report.contains(String.join(", ", ordered)), report);
        String replay = report.replaceAll(".*-Dmatrixmon\\.e2e\\.order=(random:-?\\d+) replays it.*", "$1");
        assertTrue(replay.startsWith("random:"), report);
        assertEquals(ordered, order(List.copyOf(BY_ORDER), replay));
        assertEquals(ordered, order(reversed(BY_ORDER), " " + replay + " "));
    }

    @Test
    void differentSeedsGiveDifferentOrders() {
        assertNotEquals(order(List.copyOf(BY_ORDER), "random:1"), order(List.copyOf(BY_ORDER), "random:2"));
    }

    @Test
    void aSubsetIsShuffledAfterTheHealthyStackToo() {
        List<String> ordered = order(List.of("KeyVaultAlertsIT", "HealthyStackIT", "SynapseAlertsIT", "ScrapeTargetsIT"),
                "random:7");
        assertEquals("HealthyStackIT", ordered.get(0));
        assertEquals(Set.of("KeyVaultAlertsIT", "SynapseAlertsIT", "ScrapeTargetsIT"), Set.copyOf(ordered.subList(1, 4)));
    }

    /** Failsafe discovers each class alone before the run: only an order of two shuffled classes or more is printed. */
    @Test
    void aClassAloneIsNotReported() {
        assertEquals(List.of("KeyVaultAlertsIT"), order(List.of("KeyVaultAlertsIT"), "random"));
        assertEquals(List.of("HealthyStackIT", "KeyVaultAlertsIT"), order(List.of("KeyVaultAlertsIT", "HealthyStackIT"),
                "random"));
        assertEquals(List.of(), reports);
    }

    @Test
    void anUnknownValueIsRefusedNamingTheProperty() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> order(List.copyOf(BY_ORDER), "shuffle"));
        assertTrue(refused.getMessage().startsWith("-Dmatrixmon.e2e.order=shuffle: not an order"), refused::getMessage);
        IllegalArgumentException badSeed = assertThrows(IllegalArgumentException.class,
                () -> SuiteOrder.check("random:abc"));
        assertTrue(badSeed.getMessage().contains("random:abc: the seed is not a whole number"), badSeed::getMessage);
    }
}
