package io.matrixmon.core.render;

import io.matrixmon.core.chart.ChartDirectory;
import io.matrixmon.core.chart.ChartVersion;
import io.matrixmon.core.descriptor.DescriptorException;
import io.matrixmon.core.descriptor.DescriptorLoader;
import io.matrixmon.core.descriptor.Deployment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
     */
    public record Request(Path descriptor, String descriptorName, Path templateOverrides, Path outputDirectory,
            String projectVersion, String pluginVersion) {
    }

    /** The written chart. */
    public record Result(Path chartDirectory, String chartName, String chartVersion, Deployment deployment) {
    }

    public Result generate(Request request) throws DescriptorException, RenderException, IOException {
        Deployment deployment = new DescriptorLoader().load(request.descriptor(), request.descriptorName());
        String chartVersion = ChartVersion.of(request.projectVersion());
        Map<String, Object> project = new LinkedHashMap<>();
        project.put("version", request.projectVersion());
        project.put("chartVersion", chartVersion);
        project.put("pluginVersion", request.pluginVersion());

        Map<String, String> files = new TreeMap<>(
                new ChartRenderer().render(deployment, project, TemplateSet.load(request.templateOverrides())));
        for (String yamlFile : new String[] {"Chart.yaml", "values.yaml"}) {
            requireYaml(files, yamlFile);
        }
        ValuesDocument values = ValuesDocument.parse(files.get("values.yaml"));
        files.put("values.schema.json", ValuesSchema.generate(values));
        files.put("README.md", ChartReadme.generate(deployment.section("chart"), values));

        Path chartDirectory = request.outputDirectory().resolve(deployment.chartName());
        ChartDirectory.replace(chartDirectory, files);
        return new Result(chartDirectory, deployment.chartName(), chartVersion, deployment);
    }

    private static void requireYaml(Map<String, String> files, String name) throws RenderException {
        String content = files.get(name);
        if (content == null) {
            throw new RenderException("The templates produce no " + name + "; a chart needs one");
        }
        try {
            new Yaml(new LoaderOptions()).load(content);
        } catch (YAMLException e) {
            throw new RenderException("The rendered " + name + " is not valid YAML (a template bug): "
                    + e.getMessage());
        }
    }
}
