package io.midreg.store;

import java.nio.file.Path;
import java.util.List;

/** The existing store file was created with other sizing settings than the configuration asks for. */
public final class StoreConfigMismatchException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final List<String> differences;

    public StoreConfigMismatchException(Path file, List<String> differences) {
        super("store file " + file + " was created with other settings: " + String.join("; ", differences)
                + ". Set the configuration back, or move the file away to start a new store (its bindings are lost)."
                + " The file was not changed.");
        this.differences = List.copyOf(differences);
    }

    /** One line per setting, e.g. {@code capacity: file 1000000, configured 2000000}. */
    public List<String> differences() {
        return differences;
    }
}
