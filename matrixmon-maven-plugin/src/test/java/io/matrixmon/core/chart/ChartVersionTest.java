package io.matrixmon.core.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChartVersionTest {

    @ParameterizedTest
    @CsvSource({"1.0-SNAPSHOT, 1.0.0-SNAPSHOT", "0.1.0-SNAPSHOT, 0.1.0-SNAPSHOT", "2, 2.0.0", "1.2.3, 1.2.3",
        "1.2.3.Final, 1.2.3-Final", "1.2.3-rc.01, 1.2.3-rc.1", "3.1_beta, 3.1.0-beta", "01.02.03, 1.2.3"})
    void mavenVersionsBecomeSemVer(String maven, String semver) {
        assertEquals(semver, ChartVersion.of(maven));
    }

    @org.junit.jupiter.api.Test
    void aVersionWithoutNumberIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ChartVersion.of("LATEST"));
        assertEquals("The project version 'LATEST' does not start with a number, so it cannot become a SemVer"
                + " chart version; give the project a <version> that starts with a number, such as 1.0.0 or"
                + " 1.0-SNAPSHOT", error.getMessage());
    }
}
