package io.matrixmon.core.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpretException;
import com.hubspot.jinjava.interpret.InvalidArgumentException;
import com.hubspot.jinjava.interpret.InvalidInputException;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.TemplateSyntaxException;
import com.hubspot.jinjava.loader.ResourceLocator;
import com.hubspot.jinjava.tree.parse.StringTokenScannerSymbols;
import io.matrixmon.core.PluginThreads;
import io.matrixmon.core.descriptor.Deployment;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders the chart sources of a {@link TemplateSet} against a {@link Deployment}.
 *
 * <p>Files ending in {@code .j2} are Jinjava templates, written without the suffix; all other
 * files are copied as they are. Jinjava uses {@code [[ ]]}, {@code [% %]} and {@code [# #]} so
 * that Helm's and Prometheus's {@code {{ }}} pass through untouched. A template whose first line
 * is {@code [# each item in a.b as some/[[ item.name ]].yaml #]} is rendered once per entry of the
 * mapping {@code model.a.b}, with {@code item} bound to the entry (plus its key as {@code item.name});
 * the path after {@code as} is itself a template.
 * Files under {@code partials/} are only for {@code [% import %]}.
 */
public final class ChartRenderer {

    private static final String TEMPLATE_SUFFIX = ".j2";
    private static final String PARTIALS = "partials/";
    private static final Pattern TRAILING_BLANKS = Pattern.compile("(?m)[ \t]+$");
    private static final Pattern EACH = Pattern.compile(
            "\\A\\[#\\s*each\\s+(\\w+)\\s+in\\s+([\\w.]+)\\s+as\\s+(.+?)\\s*#]\\r?\\n?");

    /** Jinjava takes about half a second to set up: it starts as soon as the renderer exists. */
    private final CompletableFuture<Jinjava> engine;

    /** @param threads where the engine is set up, while the caller reads its inputs */
    public ChartRenderer(PluginThreads threads) {
        engine = threads.supply(() -> newJinjava(threads));
    }

    /** Renders every file of the template set; returns chart-relative path to content, sorted. */
    public Map<String, String> render(Deployment deployment, Map<String, Object> project, TemplateSet templates)
            throws RenderException {
        Jinjava jinjava = engine.join();
        jinjava.setResourceLocator(new PartialsLocator(templates));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("model", deployment.model());
        context.put("project", project);

        Map<String, String> output = new TreeMap<>();
        for (Map.Entry<String, String> file : templates.files().entrySet()) {
            String path = file.getKey();
            if (path.startsWith(PARTIALS)) {
                continue;
            }
            if (!path.endsWith(TEMPLATE_SUFFIX)) {
                output.put(path, file.getValue());
                continue;
            }
            String target = path.substring(0, path.length() - TEMPLATE_SUFFIX.length());
            Matcher each = EACH.matcher(file.getValue());
            if (!each.find()) {
                put(output, target, renderOne(jinjava, templates, path, file.getValue(), context));
                continue;
            }
            String body = file.getValue().substring(each.end());
            Object items = lookup(context, each.group(2));
            if (!(items instanceof Map<?, ?> entries)) {
                throw new RenderException(templates.origin(path) + ":1: 'each' needs a mapping at "
                        + each.group(2) + ", found " + (items == null ? "nothing" : "a " + items.getClass().getSimpleName()));
            }
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                Map<String, Object> item = new LinkedHashMap<>(castMap(entry.getValue()));
                item.put("name", entry.getKey());
                Map<String, Object> itemContext = new LinkedHashMap<>(context);
                itemContext.put(each.group(1), item);
                String itemPath = renderOne(jinjava, templates, path, each.group(3), itemContext).strip();
                put(output, itemPath, renderOne(jinjava, templates, path, body, itemContext));
            }
        }
        return output;
    }

    private static void put(Map<String, String> output, String path, String content) {
        if (!content.isBlank()) {
            output.put(path, TRAILING_BLANKS.matcher(content).replaceAll("").stripTrailing() + "\n");
        }
    }

    private static String renderOne(Jinjava jinjava, TemplateSet templates, String path, String body,
            Map<String, Object> context) throws RenderException {
        List<TemplateError> errors = new ArrayList<>();
        String output = render(jinjava, body, context, errors);
        if (!errors.isEmpty()) {
            String origin = templates.origin(path);
            throw new RenderException("Template " + origin + " does not render:\n" + errors.stream()
                    .map(error -> "  " + origin + ":" + Math.max(error.getLineno(), 0) + ": " + describe(error))
                    .collect(Collectors.joining("\n")));
        }
        return output;
    }

    /**
     * What {@link Jinjava#renderForResult} does, minus its copy of the global context: that copy
     * instantiates every built-in filter, test and tag by reflection on each call (a third of a
     * cold render). A child context of the global one reads the same libraries and leaves them as
     * they are.
     */
    private static String render(Jinjava jinjava, String body, Map<String, Object> bindings,
            List<TemplateError> errors) {
        JinjavaConfig config = jinjava.getGlobalConfig();
        JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava,
                new Context(jinjava.getGlobalContext(), bindings, config.getDisabled()), config);
        try {
            return interpreter.render(body);
        } catch (TemplateSyntaxException e) {
            errors.add(TemplateError.fromException(e));
        } catch (InterpretException e) {
            errors.add(TemplateError.fromSyntaxError(e));
        } catch (InvalidArgumentException e) {
            errors.add(TemplateError.fromInvalidArgumentException(e));
        } catch (InvalidInputException e) {
            errors.add(TemplateError.fromInvalidInputException(e));
        } catch (RuntimeException e) {
            errors.add(TemplateError.fromException(e));
        } finally {
            errors.addAll(0, interpreter.getErrorsCopy());
            jinjava.getGlobalContext().reset();
        }
        return "";
    }

    private static String describe(TemplateError error) {
        String message = error.getMessage();
        return error.getFieldName() == null || message.contains(error.getFieldName())
                ? message : error.getFieldName() + ": " + message;
    }

    private static Object lookup(Map<String, Object> context, String dotted) {
        Object current = context.get("model");
        for (String part : dotted.split("\\.")) {
            current = current instanceof Map<?, ?> map ? map.get(part) : null;
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of("value", value);
    }

    private static Jinjava newJinjava(PluginThreads threads) {
        // Jackson (Jinjava's tojson and fromjson filters) loads on its own thread meanwhile. The model
        // holds YAML values only, so the mapper needs none of the modules Jinjava's default adds.
        CompletableFuture<ObjectMapper> json = threads.supply(ObjectMapper::new);
        JinjavaConfig.Builder builder = JinjavaConfig.newBuilder()
                .withTokenScannerSymbols(StringTokenScannerSymbols.builder()
                        .withVariableStartString("[[").withVariableEndString("]]")
                        .withBlockStartString("[%").withBlockEndString("%]")
                        .withCommentStartString("[#").withCommentEndString("#]")
                        .build())
                .withFailOnUnknownTokens(true)
                .withNestedInterpretationEnabled(false)
                // filters are called directly, not looked up by reflection through the EL resolver on each use
                .withEnableFilterChainOptimization(true)
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withLocale(Locale.ROOT)
                .withTimeZone(ZoneOffset.UTC)
                .withElResolver(new ModelOnlyResolver())
                .withMaxOutputSize(20L * 1024 * 1024);
        new Context(); // loads the classes of every built-in filter, test and tag, while Jackson loads
        Jinjava jinjava = new Jinjava(builder.withObjectMapper(json.join()).build());
        Filters.all().forEach(filter -> jinjava.getGlobalContext().registerFilter(filter));
        return jinjava;
    }

    /** Imports and includes read only the template set's partials, never the file system. */
    private record PartialsLocator(TemplateSet templates) implements ResourceLocator {
        @Override
        public String getString(String fullName, Charset encoding, JinjavaInterpreter interpreter)
                throws IOException {
            String content = fullName.startsWith(PARTIALS) ? templates.files().get(fullName) : null;
            if (content == null) {
                throw new com.hubspot.jinjava.loader.ResourceNotFoundException(
                        "no partial named '" + fullName + "' (partials live under " + PARTIALS + ")");
            }
            return content;
        }
    }
}
