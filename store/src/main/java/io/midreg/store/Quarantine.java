package io.midreg.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Moves a damaged store file aside so it is kept for inspection and never overwritten. */
final class Quarantine {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final int MAX_ATTEMPTS = 1000;

    private Quarantine() {
    }

    /** Renames {@code file} to {@code <file>.corrupt-<UTC timestamp>[-n]} and returns the new path. */
    static Path moveAside(Path file) throws IOException {
        String base = file.getFileName() + ".corrupt-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
        for (int i = 0; i < MAX_ATTEMPTS; i++) {
            Path target = file.resolveSibling(i == 0 ? base : base + "-" + i);
            if (!Files.exists(target)) {
                return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        throw new IOException("no free name to move " + file + " aside after " + MAX_ATTEMPTS + " attempts");
    }
}
