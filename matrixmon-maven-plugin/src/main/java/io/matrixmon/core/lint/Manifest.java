package io.matrixmon.core.lint;

import java.util.ArrayList;
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

    @SuppressWarnings("unchecked")
    public String name() {
        Object metadata = object.get("metadata");
        return metadata instanceof Map<?, ?> map ? String.valueOf(((Map<String, Object>) map).get("name")) : "?";
    }

    /** Splits {@code helm template} output into its objects. */
    @SuppressWarnings("unchecked")
    public static List<Manifest> parse(String templateOutput) {
        return parse(templateOutput, kind -> true);
    }

    /**
     * Only the documents of the wanted kinds; the others are not parsed at all (helm template's
     * output holds the dashboards' JSON, whose YAML parse would be most of the work).
     */
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
