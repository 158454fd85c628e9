package io.midreg.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Files under the repository's {@code test-scenarios/} directory (SIPp scenarios, the Kamailio
 * config, the test certificate), found upwards from the working directory of whichever module
 * runs the test.
 */
public final class TestScenarios {
    private static final String MARKER = "run-all-tests.sh";

    private TestScenarios() {
    }

    /** The {@code test-scenarios/} directory of this checkout; fails when no parent directory holds it. */
    public static Path directory() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MARKER)) && dir.getFileName() != null && dir.getFileName().toString().equals("test-scenarios")) {
                return dir;
            }
            if (Files.isRegularFile(dir.resolve("test-scenarios").resolve(MARKER))) return dir.resolve("test-scenarios");
        }
        throw new IllegalStateException("test-scenarios/" + MARKER + " not found in " + start + " or any parent directory");
    }

    /** The file at {@code relative} under {@code test-scenarios/}; fails when it does not exist. */
    public static Path file(String relative) {
        Path p = directory().resolve(relative).normalize();
        if (!Files.isRegularFile(p)) throw new IllegalStateException("test scenario file not found: " + p);
        return p;
    }
}
