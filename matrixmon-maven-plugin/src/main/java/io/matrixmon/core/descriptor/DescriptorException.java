package io.matrixmon.core.descriptor;

import java.util.List;
import java.util.stream.Collectors;

/** A descriptor the user must fix; carries every problem found, not only the first. */
public class DescriptorException extends Exception {

    private final transient List<Problem> problems;

    public DescriptorException(List<Problem> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public DescriptorException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String format(List<Problem> problems) {
        String heading = problems.size() == 1
                ? "Invalid deployment descriptor:"
                : "Invalid deployment descriptor (" + problems.size() + " problems):";
        return problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n", heading + "\n", ""));
    }
}
