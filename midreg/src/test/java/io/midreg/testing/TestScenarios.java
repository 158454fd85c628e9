package io.midreg.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files under the repository's {@code test-scenarios/} directory, found from a module's working directory. */
public final class TestScenarios {
    private TestScenarios() {
    }

    /** The file at {@code relative} under {@code test-scenarios/}; fails when it does not exist. */
    public static Path file(String relative) {
        Path p = Path.of(System.getProperty("user.dir")).resolve("../test-scenarios").resolve(relative).normalize();
        if (!Files.isRegularFile(p)) throw new IllegalStateException("test scenario file not found: " + p);
        return p;
    }
}
