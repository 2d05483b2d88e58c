package io.matrixmon.maven;

import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

/** What every goal shares: the project, the chart's location and the skip switches. */
abstract class AbstractMatrixmonMojo extends AbstractMojo {

    /** The project being built. */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /**
     * Directory the chart directory (named like the chart) and its archive are written to.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.OUTPUT_DIRECTORY, defaultValue = "${project.build.directory}/matrixmon")
    protected File outputDirectory;

    /**
     * Skips every matrixmon goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.SKIP, defaultValue = "false")
    protected boolean skip;

    /** Attaches the files a goal produces to the project (archive, companions, promtool files). */
    @Component
    protected MavenProjectHelper projectHelper;

    private final String goal;
    private final String goalSkipProperty;

    /** @param goalSkipProperty the property of the goal's own skip switch */
    protected AbstractMatrixmonMojo(String goal, String goalSkipProperty) {
        this.goal = goal;
        this.goalSkipProperty = goalSkipProperty;
    }

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip || skipGoal()) {
            getLog().info("Skipping matrixmon:" + goal + " (" + (skip ? PropertyNames.SKIP : goalSkipProperty)
                    + " is true)");
            return;
        }
        long start = System.nanoTime();
        run();
        getLog().info("matrixmon:" + goal + " took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** The goal's own work. */
    protected abstract void run() throws MojoExecutionException, MojoFailureException;

    /** The goal's own skip switch. */
    protected abstract boolean skipGoal();
}
