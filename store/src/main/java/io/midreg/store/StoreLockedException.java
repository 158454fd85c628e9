package io.midreg.store;

import java.nio.file.Path;

/** Another process already has the store open for writing; only one writer may. */
public final class StoreLockedException extends StoreException {
    private static final long serialVersionUID = 1L;

    public StoreLockedException(Path lockFile) {
        super("store is open for writing by another process (lock " + lockFile
                + " is held); open it read-only to inspect it");
    }
}
