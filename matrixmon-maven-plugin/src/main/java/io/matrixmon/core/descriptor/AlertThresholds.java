package io.matrixmon.core.descriptor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The alerts a descriptor may tune, and the sane range of each threshold in its unit.
 * A threshold outside its range is a typo (0.8 vs 80) and fails the build.
 */
final class AlertThresholds {

    private AlertThresholds() {
    }

    static Map<String, Spec> ranges() {
        Spec fraction = new Spec.Decimal("a fraction between 0 and 1 (e.g. 0.8 for 80%)", 0, 1);
        Map<String, Spec> ranges = new LinkedHashMap<>();
        for (String name : new String[] {"SynapseMainDown", "PostgreSQLDown", "RedisDown", "MinIODown",
                "HAProxyDown", "KeyVaultDown", "NginxIngressDown", "SyncSystemMediaJobFailing"}) {
            ranges.put(name, null);
        }
        ranges.put("PostgreSQLBackupFailing", new Spec.Decimal("a number of hours between 1 and 720", 1, 720));
        ranges.put("SynapseLIHighReplicationLag",
                new Spec.Decimal("a number of seconds between 1 and 86400", 1, 86_400));
        ranges.put("SynapseHighSyncLatency", new Spec.Decimal("a number of seconds between 0.001 and 300", 0.001, 300));
        ranges.put("SynapseHighCPU", new Spec.Decimal("a number of CPU cores between 0.01 and 256", 0.01, 256));
        ranges.put("SynapseHighMemory",
                new Spec.Decimal("a number of bytes between 1e6 and 1e13", 1e6, 1e13));
        ranges.put("PostgreSQLReplicationLag", new Spec.Decimal("a number of seconds between 1 and 86400", 1, 86_400));
        ranges.put("PostgreSQLTooManyConnections", fraction);
        ranges.put("RedisHighMemoryUsage", fraction);
        ranges.put("MinIOHighStorageUsage", fraction);
        ranges.put("HAProxyHighErrorRate", fraction);
        return ranges;
    }
}
