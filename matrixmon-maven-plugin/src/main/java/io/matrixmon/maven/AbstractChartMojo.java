package io.matrixmon.maven;

import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** The goals that work on the chart the render goal wrote. */
abstract class AbstractChartMojo extends AbstractMatrixmonMojo {

    /**
     * Name of the chart directory under {@code outputDirectory} (the chart's name); by default
     * the only chart the render goal wrote.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.CHART_NAME)
    private String chartName;

    protected AbstractChartMojo(String goal, String goalSkipProperty) {
        super(goal, goalSkipProperty);
    }

    /** The rendered chart directory. */
    protected Path chart() throws MojoFailureException {
        return RenderedChart.locate(outputDirectory.toPath(), chartName);
    }
}
