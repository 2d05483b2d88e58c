package io.matrixmon.core.render;

import io.matrixmon.core.PluginThreads;
import io.matrixmon.core.chart.ChartDirectory;
import io.matrixmon.core.chart.ChartVersion;
import io.matrixmon.core.component.Component;
import io.matrixmon.core.component.Components;
import io.matrixmon.core.descriptor.DescriptorException;
import io.matrixmon.core.descriptor.DescriptorLoader;
import io.matrixmon.core.descriptor.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/** Descriptor in, complete chart directory out: the render goal's whole job, without Maven. */
public final class ChartGenerator {

    /**
     * @param descriptor the user's descriptor, or null for the embedded default deployment
     * @param descriptorName how messages name the descriptor
     * @param templateOverrides directory whose files replace embedded templates (may not exist)
     * @param outputDirectory where the chart directory (named like the chart) is written
     * @param pluginBuild identifies the plugin build beyond its version (a snapshot's jar time), so a
     *     rebuilt plugin renders again; it does not reach the chart
     */
    public record Request(Path descriptor, String descriptorName, Path templateOverrides, Path outputDirectory,
            String projectVersion, String pluginVersion, String pluginBuild) {
    }

    /**
     * The written (or reused) chart. {@code companions} are the files rendered for use next to the
     * chart (the kube-prometheus-stack values), written beside the chart directory.
     */
    public record Result(Path chartDirectory, String chartName, String chartVersion, boolean upToDate,
            List<Path> companions) {
    }

    /** Template folder of the files rendered next to the chart rather than into it. */
    static final String COMPANIONS = "companions/";

    private final PluginThreads threads;
    private final Runnable beforeRender;
    private final Components components;

    /** @param threads where the template engine is set up */
    public ChartGenerator(PluginThreads threads) {
        this(threads, () -> { });
    }

    /**
     * @param threads where the template engine is set up
     * @param beforeRender runs only when the chart must be rendered (to warm up what follows)
     */
    public ChartGenerator(PluginThreads threads, Runnable beforeRender) {
        this(threads, beforeRender, Components.embedded());
    }

    /**
     * @param threads where the template engine is set up
     * @param beforeRender runs only when the chart must be rendered (to warm up what follows)
     * @param components the component bundles the chart is made of
     */
    public ChartGenerator(PluginThreads threads, Runnable beforeRender, Components components) {
        this.threads = threads;
        this.beforeRender = beforeRender;
        this.components = components;
    }

    /**
     * Renders the chart, unless the previous build rendered it from the same inputs (descriptor,
     * templates, versions) and it is still there: then it is reused as it is.
     */
    public Result generate(Request request) throws DescriptorException, RenderException, IOException {
        ChartOutput output = ChartOutput.in(request.outputDirectory());
        // Without a previous render there is nothing to reuse: the engine starts loading right away.
        ChartRenderer early = output.renderFingerprint() == null ? new ChartRenderer(threads) : null;
        TemplateSet templates = TemplateSet.load(request.templateOverrides(), components);
        String fingerprint = fingerprint(request, templates, components);
        Result reused = output.reusable(fingerprint);
        if (reused != null) {
            return reused;
        }
        output.forget();
        beforeRender.run();
        Result result = render(request, templates, early != null ? early : new ChartRenderer(threads));
        output.recordRender(fingerprint, result);
        return result;
    }

    private static String fingerprint(Request request, TemplateSet templates, Components components) {
        Map<String, byte[]> inputs = new TreeMap<>();
        templates.files().forEach((path, content) -> inputs.put("template:" + path,
                content.getBytes(StandardCharsets.UTF_8)));
        for (Component component : components.all()) {
            component.files().forEach((file, content) -> inputs.put("component:" + component.name() + "/" + file,
                    content.getBytes(StandardCharsets.UTF_8)));
        }
        // the runbook dashboard is made of the pages: a changed page renders the chart again
        components.runbooks().forEach((alert, page) -> inputs.put("runbook:" + alert,
                page.getBytes(StandardCharsets.UTF_8)));
        inputs.put("descriptor", descriptorBytes(request.descriptor()));
        inputs.put("descriptorName", request.descriptorName().getBytes(StandardCharsets.UTF_8));
        inputs.put("projectVersion", request.projectVersion().getBytes(StandardCharsets.UTF_8));
        inputs.put("pluginVersion", request.pluginVersion().getBytes(StandardCharsets.UTF_8));
        inputs.put("pluginBuild", request.pluginBuild().getBytes(StandardCharsets.UTF_8));
        return BuildState.fingerprint(inputs);
    }

    /** The descriptor's bytes; a file that cannot be read yields a value that matches no earlier build. */
    private static byte[] descriptorBytes(Path descriptor) {
        if (descriptor == null) {
            return new byte[0];
        }
        try {
            if (Files.isRegularFile(descriptor) && Files.size(descriptor) <= 1024 * 1024) {
                return Files.readAllBytes(descriptor);
            }
        } catch (IOException e) {
            // the loader reports it properly
        }
        return ("unreadable " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
    }

    private Result render(Request request, TemplateSet templates, ChartRenderer renderer)
            throws DescriptorException, RenderException, IOException {
        Deployment deployment = new DescriptorLoader(components).load(request.descriptor(), request.descriptorName());
        String chartVersion = ChartVersion.of(request.projectVersion());
        Map<String, Object> project = new LinkedHashMap<>();
        project.put("version", request.projectVersion());
        project.put("chartVersion", chartVersion);
        project.put("pluginVersion", request.pluginVersion());

        Map<String, String> files = new TreeMap<>(
                renderer.render(deployment, project, templates));
        Map<String, String> companions = takeCompanions(files);
        for (String companion : companions.keySet()) {
            if (companion.endsWith(".yaml")) {
                requireYaml(companions, companion);
            }
        }
        requireYaml(files, "Chart.yaml");
        ValuesDocument values = values(requireFile(files, "values.yaml"));
        files.put("values.schema.json", ValuesSchema.generate(values));
        files.put("README.md", ChartReadme.generate(deployment.section("chart"), values));

        Path chartDirectory = request.outputDirectory().resolve(deployment.chartName());
        ChartDirectory.replace(chartDirectory, files);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> companion : companions.entrySet()) {
            written.add(ChartDirectory.writeAtomically(request.outputDirectory().resolve(companion.getKey()),
                    companion.getValue()));
        }
        return new Result(chartDirectory, deployment.chartName(), chartVersion, false, List.copyOf(written));
    }

    /** Removes the companions from the chart's files; returns them by file name. */
    private static Map<String, String> takeCompanions(Map<String, String> files) {
        Map<String, String> companions = new TreeMap<>();
        for (Iterator<Map.Entry<String, String>> it = files.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, String> file = it.next();
            if (file.getKey().startsWith(COMPANIONS)) {
                companions.put(file.getKey().substring(COMPANIONS.length()), file.getValue());
                it.remove();
            }
        }
        return companions;
    }

    private static void requireYaml(Map<String, String> files, String name) throws RenderException {
        String content = requireFile(files, name);
        try {
            new Yaml(new LoaderOptions()).load(content);
        } catch (YAMLException e) {
            throw invalidYaml(name, e);
        }
    }

    private static String requireFile(Map<String, String> files, String name) throws RenderException {
        String content = files.get(name);
        if (content == null) {
            throw new RenderException("The templates produce no " + name + "; a chart needs one");
        }
        return content;
    }

    /** values.yaml, parsed once: its reading gives the schema and the README. */
    private static ValuesDocument values(String valuesYaml) throws RenderException {
        try {
            return ValuesDocument.parse(valuesYaml);
        } catch (YAMLException e) {
            throw invalidYaml("values.yaml", e);
        }
    }

    private static RenderException invalidYaml(String name, YAMLException e) {
        return new RenderException("The rendered " + name + " is not valid YAML (a template bug): " + e.getMessage());
    }
}
