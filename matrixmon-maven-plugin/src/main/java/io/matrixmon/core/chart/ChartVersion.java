package io.matrixmon.core.chart;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maven versions as SemVer 2 chart versions: 1.0-SNAPSHOT becomes 1.0.0-SNAPSHOT. */
public final class ChartVersion {

    private static final Pattern MAVEN = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:[.-]?(.*))?");

    private ChartVersion() {
    }

    public static String of(String mavenVersion) {
        Matcher matcher = MAVEN.matcher(mavenVersion.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("The project version '" + mavenVersion
                    + "' does not start with a number, so it cannot become a SemVer chart version;"
                    + " give the project a <version> that starts with a number, such as 1.0.0 or 1.0-SNAPSHOT");
        }
        StringBuilder version = new StringBuilder()
                .append(Long.parseLong(matcher.group(1))).append('.')
                .append(matcher.group(2) == null ? 0 : Long.parseLong(matcher.group(2))).append('.')
                .append(matcher.group(3) == null ? 0 : Long.parseLong(matcher.group(3)));
        String qualifier = matcher.group(4);
        if (qualifier != null && !qualifier.isEmpty()) {
            String prerelease = qualifier.replaceAll("[^0-9A-Za-z.-]", "-").replaceAll("\\.{2,}", ".")
                    .replaceAll("^[.-]+|[.-]+$", "");
            // SemVer forbids leading zeros in numeric pre-release identifiers.
            prerelease = prerelease.replaceAll("(^|\\.)0+(\\d)", "$1$2");
            if (!prerelease.isEmpty()) {
                version.append('-').append(prerelease);
            }
        }
        return version.toString();
    }
}
