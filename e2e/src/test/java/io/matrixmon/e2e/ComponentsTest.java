package io.matrixmon.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which components a run starts, and the values that switch off the others. */
class ComponentsTest {

    @Test
    void withoutThePropertyEveryComponentStarts() {
        assertEquals(List.copyOf(Components.ALL), List.copyOf(Components.resolve(null)));
        assertEquals(Map.of(), SuiteValues.notStarted(Set.copyOf(Components.ALL)));
    }

    @Test
    void synapseBringsWhatItNeedsInStartOrder() {
        assertEquals(List.of("redis", "postgresql", "synapse", "key-vault"),
                List.copyOf(Components.resolve("key-vault, synapse")));
    }

    @Test
    void anUnknownComponentIsRefusedNamingTheProperty() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Components.resolve("redis,keyvault"));
        assertTrue(refused.getMessage().contains("-Dmatrixmon.e2e.components=redis,keyvault: no component 'keyvault'"),
                refused::getMessage);
    }

    @Test
    void theBundlesOfComponentsNotStartedAreSwitchedOff() {
        Map<String, Object> off = SuiteValues.notStarted(Set.of("key-vault"));
        for (String key : List.of("redis.enabled", "haproxy.enabled", "postgresql.enabled", "synapse.enabled",
                "synapseLi.enabled", "synapseWorkers.enabled", "slos.synapseClientApiAvailability.enabled")) {
            assertEquals(false, off.get(key), key + " in " + off);
        }
        assertTrue(off.keySet().stream().noneMatch(key -> key.startsWith("keyVault") || key.contains("keyVault")),
                off::toString);
    }
}
