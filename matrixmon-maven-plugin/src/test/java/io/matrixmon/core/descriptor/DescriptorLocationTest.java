package io.matrixmon.core.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptorLocationTest {

    @TempDir
    Path project;

    @Test
    void withoutANamedDescriptorAnAbsentDefaultMeansTheEmbeddedDefaultDeployment() throws DescriptorException {
        DescriptorLocation location = DescriptorLocation.choose(null, project);
        assertTrue(location.isEmbeddedDefault());
        assertNull(location.path());
        assertEquals("src/main/matrixmon/matrixmon.yaml", location.name());
    }

    @Test
    void withoutANamedDescriptorTheDefaultLocationIsRead() throws IOException, DescriptorException {
        Path descriptor = write("src/main/matrixmon/matrixmon.yaml");
        DescriptorLocation location = DescriptorLocation.choose(null, project);
        assertEquals(descriptor, location.path());
        assertEquals("src/main/matrixmon/matrixmon.yaml", location.name());
    }

    @Test
    void aNamedDescriptorIsRead() throws IOException, DescriptorException {
        Path descriptor = write("deploy/prod.yaml");
        DescriptorLocation location = DescriptorLocation.choose(Path.of("deploy/prod.yaml"), project);
        assertEquals(descriptor, location.path());
        assertEquals("deploy/prod.yaml", location.name());
    }

    @Test
    void aNamedDescriptorThatDoesNotExistFailsEvenWhenTheDefaultExists() throws IOException {
        write("src/main/matrixmon/matrixmon.yaml");
        DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorLocation.choose(
                project.resolve("src/main/matrixmon/prod.yml"), project));
        assertEquals("Invalid deployment descriptor:\n  src/main/matrixmon/prod.yml: does not exist; a descriptor"
                + " that is named explicitly must exist (only the default location, src/main/matrixmon/matrixmon.yaml,"
                + " may be absent: then the embedded default deployment is rendered)", e.getMessage());
    }

    @Test
    void aNamedDefaultLocationMustExistToo() {
        DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorLocation.choose(
                Path.of("src/main/matrixmon/matrixmon.yaml"), project));
        assertEquals("src/main/matrixmon/matrixmon.yaml", e.problems().get(0).source());
    }

    @Test
    void aMissingDescriptorOutsideTheProjectIsNamedByItsAbsolutePath(@TempDir Path elsewhere) {
        Path missing = elsewhere.resolve("prod.yaml");
        DescriptorException e = assertThrows(DescriptorException.class, () -> DescriptorLocation.choose(missing, project));
        assertEquals(missing.toString(), e.problems().get(0).source());
    }

    private Path write(String relative) throws IOException {
        Path file = project.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "monitoring: {targetNamespace: matrix-prod}\n");
    }
}
