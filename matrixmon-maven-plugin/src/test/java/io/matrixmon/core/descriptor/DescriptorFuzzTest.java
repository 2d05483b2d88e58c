package io.matrixmon.core.descriptor;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the descriptor loader and model validation: whatever the bytes, the only exception
 * allowed out is the plugin's own {@link DescriptorException}. Runs the stored inputs in every
 * test run; {@code JAZZER_FUZZ=1} fuzzes (scripts/test.sh does so briefly, scripts/fuzz.sh longer).
 */
class DescriptorFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void onlyDescriptorErrorsEscape(byte[] input) {
        try {
            String text = YamlDocuments.decode(input, "fuzz.yaml");
            new DescriptorLoader().load(text, "fuzz.yaml");
        } catch (DescriptorException expected) {
            if (expected.problems().isEmpty() || expected.getMessage().isBlank()) {
                throw new AssertionError("a descriptor error without a problem", expected);
            }
        }
    }
}
