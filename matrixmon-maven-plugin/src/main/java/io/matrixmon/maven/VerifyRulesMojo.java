package io.matrixmon.maven;

import io.matrixmon.core.rules.RuleVerifier;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Proves the chart's rules with promtool: writes the rule groups (after helm template with the
 * given values) and unit tests of every alert generated from the same values, runs
 * {@code promtool check rules} and {@code promtool test rules}, and attaches both files
 * (classifiers {@code promtool-rules}, {@code promtool-tests}).
 *
 * @since 0.1.0
 */
@Mojo(name = "verify-rules", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class VerifyRulesMojo extends AbstractChartMojo {

    public VerifyRulesMojo() {
        super("verify-rules", PropertyNames.VERIFY_RULES_SKIP);
    }

    /**
     * Values the chart will be installed with (as {@code helm install -f}); the tests follow them.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.VALUES)
    private File values;

    /**
     * promtool: a path, or a name looked up on the PATH.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.PROMTOOL, defaultValue = "promtool")
    private String promtool;

    /**
     * Fail when promtool is not installed, instead of only writing the files and warning.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.FAIL_IF_PROMTOOL_MISSING, defaultValue = "false")
    private boolean failIfPromtoolMissing;

    /**
     * Skips this goal.
     *
     * @since 0.1.0
     */
    @Parameter(property = PropertyNames.VERIFY_RULES_SKIP, defaultValue = "false")
    private boolean skipVerifyRules;

    @Override
    protected void run() throws MojoExecutionException, MojoFailureException {
        Path chart = chart();
        if (values != null && !values.isFile()) {
            throw new MojoFailureException("matrixmon.values: " + values + " is not a file");
        }
        RuleVerifier.Outcome outcome;
        try {
            outcome = new RuleVerifier().verify(chart, values == null ? null : values.toPath(),
                    outputDirectory.toPath().resolve("promtool"), promtool);
        } catch (IOException e) {
            throw new MojoExecutionException("Cannot write the promtool files: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            // helm template rejected the values, or a fixture refers to a value they lack
            throw new MojoFailureException(e.getMessage(), e);
        }
        if (!outcome.untested().isEmpty()) {
            getLog().warn("No promtool test fixture for " + String.join(", ", outcome.untested())
                    + " (rules added by a template override are checked, not unit-tested)");
        }
        projectHelper.attachArtifact(project, "yaml", "promtool-rules", outcome.rules().toFile());
        projectHelper.attachArtifact(project, "yaml", "promtool-tests", outcome.tests().toFile());
        if (!outcome.promtoolRan()) {
            String message = "promtool not found ('" + promtool + "'): wrote " + outcome.tests()
                    + " without running it; install Debian's prometheus package or set matrixmon.promtool";
            if (failIfPromtoolMissing) {
                throw new MojoFailureException(message);
            }
            getLog().warn(message);
            return;
        }
        if (outcome.failure().isPresent()) {
            throw new MojoFailureException(outcome.failure().get());
        }
        getLog().info("promtool: rules valid, " + outcome.alertsTested() + " alerts pass their unit tests ("
                + outcome.tests() + ")");
    }

    @Override
    protected boolean skipGoal() {
        return skipVerifyRules;
    }
}
