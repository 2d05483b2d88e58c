package io.matrixmon.core.descriptor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Small maps that iterate in the order they are written: Map.of's order changes between JVM runs,
 * and the model and the chart must not.
 */
public final class OrderedMaps {

    private OrderedMaps() {
    }

    /** A map of alternating keys and values. */
    public static Map<String, Object> of(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
