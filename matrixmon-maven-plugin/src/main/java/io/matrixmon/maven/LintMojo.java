package io.matrixmon.maven;

import io.matrixmon.core.PluginThreads;
import io.matrixmon.core.lint.ChartLinter;
import io.matrixmon.core.lint.Finding;
import io.matrixmon.core.render.ChartOutput;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Lints the rendered chart: {@code helm lint --strict} with default values and with every
 * optional component enabled, and validation of every ServiceMonitor, PodMonitor and
 * PrometheusRule against the monitoring.coreos.com/v1 API.
 *
 * @since 0.1.0
 */
@Mojo(name = "lint", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class LintMojo extends AbstractChartMojo {

    public LintMojo() {
        super("lint", PropertyNames.LINT_SKIP);
    }


    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.LINT_SKIP, defaultValue = "false")
    private boolean skipLint;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        Path chart = chart();
        ChartOutput output = ChartOutput.in(outputDirectory.toPath());
        if (output.linted(chart)) {
            getLog().info("Chart " + chart.getFileName() + " is unchanged since it passed lint");
            return;
        }
        ChartLinter.Report report;
        try (PluginThreads threads = PluginThreads.open("lint")) {
            Path scratch = Files.createDirectories(new File(project.getBuild().getDirectory(), "matrixmon-lint").toPath());
            report = ChartLinter.shared(threads).lint(chart, scratch, threads);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot lint " + chart + ": " + e.getMessage(), e);
        }
        report.notes().forEach(note -> getLog().debug(note));
        for (Finding finding : report.findings()) {
            getLog().error(finding.toString());
        }
        if (!report.findings().isEmpty()) {
            throw new MojoFailureException("The chart " + chart.getFileName() + " has " + report.findings().size()
                    + " lint finding(s); see the errors above (file: object: field: problem)");
        }
        try {
            output.recordLinted();
        } catch (IOException e) {
            getLog().debug("Cannot record the lint result: " + e.getMessage());
        }
        getLog().info("Linted chart " + chart.getFileName() + ": helm lint --strict passed with default values and"
                + " with every component enabled; " + report.objectsValidated()
                + " monitoring.coreos.com objects are valid");
    }

    @Override
    protected boolean skipGoal() {
        return skipLint;
    }
}
