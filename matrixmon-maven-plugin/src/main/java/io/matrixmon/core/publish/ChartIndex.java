package io.matrixmon.core.publish;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A classic chart repository's index.yaml: an existing index with this chart version added
 * (replacing an entry of the same version), entries newest first, as Helm writes them.
 */
final class ChartIndex {

    private ChartIndex() {
    }

    @SuppressWarnings("unchecked")
    static String merge(String existing, Map<String, Object> chartYaml, String url, String digest, Instant created) {
        Map<String, Object> index = existing == null || existing.isBlank() ? new LinkedHashMap<>()
                : new LinkedHashMap<>((Map<String, Object>) new Yaml(new LoaderOptions()).load(existing));
        index.put("apiVersion", "v1");
        Map<String, Object> entries = new TreeMap<>(index.get("entries") instanceof Map<?, ?> map
                ? (Map<String, Object>) map : Map.of());
        String name = (String) chartYaml.get("name");
        String version = (String) chartYaml.get("version");
        List<Map<String, Object>> versions = new ArrayList<>();
        if (entries.get(name) instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> map && !version.equals(map.get("version"))) {
                    versions.add((Map<String, Object>) map);
                }
            }
        }
        Map<String, Object> entry = new LinkedHashMap<>(chartYaml);
        String timestamp = DateTimeFormatter.ISO_INSTANT.format(created);
        entry.put("created", timestamp);
        entry.put("digest", digest);
        entry.put("urls", List.of(url));
        versions.add(0, entry);
        entries.put(name, versions);
        index.put("entries", entries);
        index.put("generated", timestamp);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        return new Yaml(options).dump(index);
    }
}
