package io.matrixmon.maven;

import io.matrixmon.core.chart.ChartArchive;
import io.matrixmon.core.render.ChartOutput;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Packages the rendered chart as a reproducible Helm chart archive
 * ({@code <chart>-<version>.tgz}) and attaches it to the project, so {@code mvn install} and
 * {@code mvn deploy} carry it.
 *
 * @since 0.1.0
 */
@Mojo(name = "package", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class PackageMojo extends AbstractChartMojo {

    public PackageMojo() {
        super("package", PropertyNames.PACKAGE_SKIP);
    }

    /**
     * Time of every archive entry: Maven's reproducible-build timestamp (ISO-8601 or seconds since
     * the epoch). Without it, 1980-01-01T00:00:02Z, so the archive is reproducible anyway.
     *
     * @since 0.1.0
     */
    @Parameter(defaultValue = "${project.build.outputTimestamp}")
    private String outputTimestamp;

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PACKAGE_SKIP, defaultValue = "false")
    private boolean skipPackage;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        Path chart = chart();
        ChartOutput output = ChartOutput.in(outputDirectory.toPath());
        Path archive = output.archive(chart);
        if (archive == null) {
            throw new MojoFailureException("No chart version recorded in " + outputDirectory
                    + "; run matrixmon:render before matrixmon:package");
        }
        try {
            if (output.packaged(archive, outputTimestamp)) {
                getLog().info("Chart archive " + archive.getFileName() + " is up to date");
            } else {
                ChartArchive.write(chart, chart.getFileName().toString(), ChartArchive.outputTime(outputTimestamp),
                        archive);
                output.recordPackaged(outputTimestamp);
                getLog().info("Packaged chart archive " + archive);
            }
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write " + archive + ": " + e.getMessage(), e);
        }
        if ("helm-chart".equals(project.getPackaging())) {
            project.getArtifact().setFile(archive.toFile());
        } else {
            projectHelper.attachArtifact(project, "tgz", archive.toFile());
        }
    }

    @Override
    protected boolean skipGoal() {
        return skipPackage;
    }
}
