package io.matrixmon.core.lint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * One Kubernetes object of {@code helm template} output, with the chart file it came from.
 *
 * @param source the template path Helm names in its "# Source:" comment
 * @param object the parsed object
 */
public record Manifest(String source, Map<String, Object> object) {

    /** The kind line helm writes at the top level of a manifest. */
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final Pattern KIND = Pattern.compile("(?m)^kind:\\s*[\"']?([A-Za-z0-9]+)");

    public String kind() {
        return String.valueOf(object.get("kind"));
    }

    public String name() {
        return object.get("metadata") instanceof Map<?, ?> metadata ? String.valueOf(metadata.get("name")) : "?";
    }

    /** Its metadata.labels as text; empty without any. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        if (object.get("metadata") instanceof Map<?, ?> metadata && metadata.get("labels") instanceof Map<?, ?> map) {
            map.forEach((key, value) -> labels.put(String.valueOf(key), String.valueOf(value)));
        }
        return labels;
    }

    /** A ConfigMap's data as text, by key; empty for other objects. */
    public Map<String, String> data() {
        Map<String, String> data = new LinkedHashMap<>();
        if (object.get("data") instanceof Map<?, ?> map) {
            map.forEach((key, value) -> data.put(String.valueOf(key), String.valueOf(value)));
        }
        return data;
    }

    /** Splits {@code helm template} output into its objects. */
    public static List<Manifest> parse(String templateOutput) {
        return parse(templateOutput, kind -> true);
    }

    /**
     * Only the documents of the wanted kinds; the others are not parsed at all (helm template's
     * output holds the dashboards' JSON, whose YAML parse would be most of the work).
     */
    @SuppressWarnings("unchecked")
    public static List<Manifest> parse(String templateOutput, Predicate<String> wantedKind) {
        List<Manifest> manifests = new ArrayList<>();
        Yaml yaml = new Yaml(new LoaderOptions());
        for (String document : DOCUMENT_SEPARATOR.split(templateOutput)) {
            Matcher kind = KIND.matcher(document);
            if (kind.find() && !wantedKind.test(kind.group(1))) {
                continue;
            }
            String source = document.lines().filter(line -> line.startsWith("# Source: ")).findFirst()
                    .map(line -> line.substring("# Source: ".length()).strip()).orElse("?");
            Object object = yaml.load(document);
            if (object instanceof Map<?, ?> map) {
                manifests.add(new Manifest(source, (Map<String, Object>) map));
            }
        }
        return manifests;
    }
}
