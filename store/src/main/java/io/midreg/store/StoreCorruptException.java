package io.midreg.store;

import java.nio.file.Path;

/**
 * The store file is truncated, damaged or not a midreg store. When detected at open the file has
 * been moved aside to {@link #movedTo()} and nothing in it was overwritten.
 */
public final class StoreCorruptException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final transient Path movedTo;

    public StoreCorruptException(Path file, Path movedTo, String reason, Throwable cause) {
        super("store file " + file + " is corrupt: " + reason
                + (movedTo == null ? "" : "; moved aside to " + movedTo + ", a new file will be created on next open"),
                cause);
        this.file = file;
        this.movedTo = movedTo;
    }

    public Path file() {
        return file;
    }

    /** Where the damaged file now is, or {@code null} if it was not moved (read-only open). */
    public Path movedTo() {
        return movedTo;
    }
}
