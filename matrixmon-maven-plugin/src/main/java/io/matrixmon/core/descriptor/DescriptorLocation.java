package io.matrixmon.core.descriptor;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which descriptor a build reads. A descriptor the user named must exist: a typo in its path
 * would otherwise ship the embedded default deployment, with its namespaces and selectors,
 * without a word. Only the default location may be absent, and then the default deployment is
 * what the user asked for.
 *
 * @param path the descriptor to read, or null to render the embedded default deployment
 * @param name how messages name it: relative to the project when it lies inside it
 */
public record DescriptorLocation(Path path, String name) {

    /** Where a project's descriptor is looked for when none is named, relative to the project. */
    public static final String DEFAULT_PATH = "src/main/matrixmon/matrixmon.yaml";

    /**
     * @param named the descriptor the user named (relative paths are taken from the project), or
     *     null when none was named
     * @param projectDirectory the project's base directory
     * @throws DescriptorException when the named descriptor does not exist
     */
    public static DescriptorLocation choose(Path named, Path projectDirectory) throws DescriptorException {
        if (named == null) {
            Path defaultDescriptor = projectDirectory.resolve(DEFAULT_PATH);
            return new DescriptorLocation(Files.exists(defaultDescriptor) ? defaultDescriptor : null,
                    nameOf(defaultDescriptor, projectDirectory));
        }
        Path descriptor = projectDirectory.resolve(named);
        String name = nameOf(descriptor, projectDirectory);
        if (!Files.exists(descriptor)) {
            throw new DescriptorException(new Problem(name, 0, 0, "", "does not exist; a descriptor that is named"
                    + " explicitly must exist (only the default location, " + DEFAULT_PATH + ", may be absent:"
                    + " then the embedded default deployment is rendered)"));
        }
        return new DescriptorLocation(descriptor, name);
    }

    /** True when no descriptor is read and the embedded default deployment is rendered as it is. */
    public boolean isEmbeddedDefault() {
        return path == null;
    }

    private static String nameOf(Path file, Path projectDirectory) {
        Path base = projectDirectory.toAbsolutePath().normalize();
        Path path = file.toAbsolutePath().normalize();
        return path.startsWith(base) ? base.relativize(path).toString() : path.toString();
    }
}
