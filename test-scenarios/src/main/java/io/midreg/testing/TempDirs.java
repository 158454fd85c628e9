package io.midreg.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temp dirs harnesses run their peers in. */
public final class TempDirs {
    private TempDirs() {
    }

    /** Deletes {@code dir} and everything in it; best effort: a file left in /tmp must not fail a test. */
    public static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // left behind
        }
    }
}
