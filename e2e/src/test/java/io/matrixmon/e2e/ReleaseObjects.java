package io.matrixmon.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.Yaml;

/**
 * The objects of one release of the chart: as {@code helm template} renders them (by
 * {@code Kind/name}), and as the API server holds them (the same keys, each with its
 * resourceVersion, which changes exactly when the object does).
 */
final class ReleaseObjects {

    static final String INSTANCE_LABEL = "app.kubernetes.io/instance";

    private ReleaseObjects() {
    }

    /** The rendered objects of {@code helm template} output by Kind/name, with their apiVersion in {@link #apiVersions}. */
    static Map<String, Map<String, Object>> rendered(String templateOutput) {
        Map<String, Map<String, Object>> objects = new TreeMap<>();
        for (Object document : new Yaml().loadAll(templateOutput)) {
            if (document instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) map;
                objects.put(key(String.valueOf(object.get("kind")), String.valueOf(metadata(object).get("name"))), object);
            }
        }
        return objects;
    }

    /** apiVersion/kind of every rendered object, e.g. {@code monitoring.coreos.com/v1/ServiceMonitor}. */
    static Set<String> kinds(Map<String, Map<String, Object>> rendered) {
        Set<String> kinds = new TreeSet<>();
        rendered.values().forEach(object -> kinds.add(object.get("apiVersion") + "/" + object.get("kind")));
        return kinds;
    }

    /** The objects of the release in the namespace, of the kinds given, by Kind/name: their resourceVersion. */
    static Map<String, String> inCluster(KubernetesApi api, String namespace, String release, Set<String> kinds) {
        Map<String, String> versions = new TreeMap<>();
        for (String apiVersionAndKind : kinds) {
            String kind = apiVersionAndKind.substring(apiVersionAndKind.lastIndexOf('/') + 1);
            for (JsonNode object : api.list(collection(apiVersionAndKind, namespace), INSTANCE_LABEL + "=" + release)) {
                versions.put(key(kind, object.path("metadata").path("name").asText()),
                        object.path("metadata").path("resourceVersion").asText());
            }
        }
        return versions;
    }

    /** The API path of a kind's collection in a namespace (null: every namespace). */
    static String collection(String apiVersionAndKind, String namespace) {
        int slash = apiVersionAndKind.lastIndexOf('/');
        String apiVersion = apiVersionAndKind.substring(0, slash);
        String kind = apiVersionAndKind.substring(slash + 1).toLowerCase(Locale.ROOT);
        String plural = kind + (kind.endsWith("s") ? "es" : "s");  // prometheuses
        String group = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
        return group + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural;
    }

    static String key(String kind, String name) {
        return kind + "/" + name;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> metadata(Map<String, Object> object) {
        return (Map<String, Object>) object.get("metadata");
    }
}
