package io.matrixmon.core.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The goals' output directory: where the chart archive is and what the last build rendered, linted
 * and packaged, so that every goal names the archive alike and skips only what is up to date.
 */
public final class ChartOutput {

    private static final String RENDER_FINGERPRINT = "render.fingerprint";
    private static final String CHART_NAME = "chart.name";
    private static final String CHART_VERSION = "chart.version";
    private static final String COMPANIONS = "companions";
    private static final String LINT_FINGERPRINT = "lint.fingerprint";
    private static final String PACKAGE_INPUTS = "package.inputs";

    private final Path directory;
    private final BuildState state;

    private ChartOutput(Path directory) {
        this.directory = directory;
        this.state = BuildState.in(directory);
    }

    /** The state recorded in {@code outputDirectory}, read once. */
    public static ChartOutput in(Path outputDirectory) {
        return new ChartOutput(outputDirectory);
    }

    /** The version of the last rendered chart; null before a render. */
    public String chartVersion() {
        return state.get(CHART_VERSION);
    }

    /** Where {@code chart} is packaged: {@code <chart>-<version>.tgz}; null before a render. */
    public Path archive(Path chart) {
        String version = chartVersion();
        return version == null ? null : directory.resolve(chart.getFileName() + "-" + version + ".tgz");
    }

    /** Whether {@code chart} passed lint as the last render wrote it. */
    public boolean linted(Path chart) {
        String rendered = state.get(RENDER_FINGERPRINT);
        return rendered != null && rendered.equals(state.get(LINT_FINGERPRINT))
                && chart.getFileName().toString().equals(state.get(CHART_NAME));
    }

    /** Records that the chart as the last render wrote it passed lint. */
    public void recordLinted() throws IOException {
        String rendered = state.get(RENDER_FINGERPRINT);
        if (rendered != null) {
            state.put(Map.of(LINT_FINGERPRINT, rendered));
        }
    }

    /** Whether {@code archive} exists and was packaged from the last render with this timestamp. */
    public boolean packaged(Path archive, String outputTimestamp) {
        return Files.isRegularFile(archive) && packageInputs(outputTimestamp).equals(state.get(PACKAGE_INPUTS));
    }

    /** Records that the archive was packaged from the last render with this timestamp. */
    public void recordPackaged(String outputTimestamp) throws IOException {
        state.put(Map.of(PACKAGE_INPUTS, packageInputs(outputTimestamp)));
    }

    private String packageInputs(String outputTimestamp) {
        return state.get(RENDER_FINGERPRINT) + " " + outputTimestamp;
    }

    /** The fingerprint of the last render's inputs; null before a render. */
    String renderFingerprint() {
        return state.get(RENDER_FINGERPRINT);
    }

    /** The chart of the last render if it came from these inputs and its files are still there; else null. */
    ChartGenerator.Result reusable(String fingerprint) {
        if (!fingerprint.equals(renderFingerprint())) {
            return null;
        }
        Path chartDirectory = directory.resolve(state.get(CHART_NAME));
        String listed = state.get(COMPANIONS);
        List<Path> companions = listed == null || listed.isEmpty() ? List.of()
                : Arrays.stream(listed.split(",")).map(directory::resolve).toList();
        if (Files.isRegularFile(chartDirectory.resolve("Chart.yaml"))
                && companions.stream().allMatch(Files::isRegularFile)) {
            return new ChartGenerator.Result(chartDirectory, state.get(CHART_NAME), chartVersion(), true, companions);
        }
        return null;
    }

    /** Forgets the last build (before a render that may fail half-way). */
    void forget() throws IOException {
        state.clear();
    }

    /** Records what a render wrote and from which inputs. */
    void recordRender(String fingerprint, ChartGenerator.Result result) throws IOException {
        state.put(Map.of(RENDER_FINGERPRINT, fingerprint, CHART_NAME, result.chartName(),
                CHART_VERSION, result.chartVersion(), COMPANIONS, result.companions().stream()
                        .map(path -> path.getFileName().toString()).collect(Collectors.joining(","))));
    }
}
