package io.matrixmon.maven;

/** The user properties the goals read, in one place. */
final class PropertyNames {

    static final String SKIP = "matrixmon.skip";
    static final String RENDER_SKIP = "matrixmon.render.skip";
    static final String LINT_SKIP = "matrixmon.lint.skip";
    static final String PACKAGE_SKIP = "matrixmon.package.skip";
    static final String PUSH_SKIP = "matrixmon.push.skip";
    static final String PUSH_REPOSITORY = "matrixmon.push.repository";
    static final String PUSH_REPOSITORY_TYPE = "matrixmon.push.repositoryType";
    static final String PUSH_SERVER_ID = "matrixmon.push.serverId";
    static final String PUSH_PLAIN_HTTP = "matrixmon.push.plainHttp";
    static final String PUSH_INSECURE = "matrixmon.push.insecure";
    static final String VERIFY_RULES_SKIP = "matrixmon.verifyRules.skip";
    static final String DESCRIPTOR = "matrixmon.descriptor";
    static final String TEMPLATES = "matrixmon.templates";
    static final String OUTPUT_DIRECTORY = "matrixmon.outputDirectory";
    static final String CHART_NAME = "matrixmon.chartName";
    static final String VALUES = "matrixmon.values";
    static final String PROMTOOL = "matrixmon.promtool";
    static final String FAIL_IF_PROMTOOL_MISSING = "matrixmon.verifyRules.failIfPromtoolMissing";

    private PropertyNames() {
    }
}
