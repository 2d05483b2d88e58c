package io.matrixmon.maven;

import io.matrixmon.core.PluginThreads;
import io.matrixmon.core.descriptor.DescriptorException;
import io.matrixmon.core.descriptor.DescriptorLocation;
import io.matrixmon.core.helm.HelmCharts;
import io.matrixmon.core.lint.ChartLinter;
import io.matrixmon.core.render.ChartGenerator;
import io.matrixmon.core.render.RenderException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Renders the monitoring Helm chart from the deployment descriptor and the Jinjava templates.
 *
 * @since 0.1.0
 */
@Mojo(name = "render", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class RenderMojo extends AbstractMatrixmonMojo {

    public RenderMojo() {
        super("render", PropertyNames.RENDER_SKIP);
    }

    /**
     * The deployment descriptor. A descriptor named here must exist, or the build fails. When
     * none is named, {@code src/main/matrixmon/matrixmon.yaml} in the project's base directory is
     * read, and when that does not exist either the embedded default deployment (the reference
     * Matrix/Synapse deployment) is rendered as it is.
     *
     * @since 0.1.0
     */
    // No defaultValue: Maven would fill it in, and a named descriptor could not be told from the default.
    @Parameter(property = PropertyNames.DESCRIPTOR)
    private File descriptor;

    /**
     * Directory of template overrides: a file here replaces the embedded template with the same
     * relative path (for example {@code templates/rules/redis.yaml.j2}).
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.TEMPLATES, defaultValue = "${project.basedir}/src/main/matrixmon/templates")
    private File templates;

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.RENDER_SKIP, defaultValue = "false")
    private boolean skipRender;

    /** This plugin, for its version. */
    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        try (PluginThreads threads = PluginThreads.open("render")) {
            DescriptorLocation location = DescriptorLocation.choose(descriptor == null ? null : descriptor.toPath(),
                    project.getBasedir().toPath());
            if (location.isEmbeddedDefault()) {
                getLog().info("No descriptor at " + location.name() + ": rendering the embedded default deployment");
            }
            ChartGenerator.Request request = new ChartGenerator.Request(location.path(), location.name(),
                    templates.toPath(), outputDirectory.toPath(), project.getVersion(), plugin.getVersion(),
                    pluginBuild());
            // lint follows a fresh render: Helm's library and the linter load meanwhile
            ChartGenerator.Result result = new ChartGenerator(threads, () -> {
                HelmCharts.preload(threads);
                ChartLinter.warmUp(threads);
            }).generate(request);
            getLog().info((result.upToDate() ? "Chart " + result.chartName() + " " + result.chartVersion()
                    + " is up to date in " : "Rendered chart " + result.chartName() + " " + result.chartVersion()
                    + " to ") + result.chartDirectory());
            for (Path companion : result.companions()) {
                String file = companion.getFileName().toString();
                projectHelper.attachArtifact(project, "yaml", file.substring(0, file.lastIndexOf('.')),
                        companion.toFile());
            }
        } catch (DescriptorException | RenderException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the chart: " + e.getMessage(), e);
        }
    }

    /** The plugin jar's time: a rebuilt snapshot of the plugin renders again. */
    private String pluginBuild() {
        File jar = plugin.getPluginArtifact() == null ? null : plugin.getPluginArtifact().getFile();
        return jar == null ? "" : Long.toString(jar.lastModified());
    }

    @Override
    protected boolean skipGoal() {
        return skipRender;
    }
}
