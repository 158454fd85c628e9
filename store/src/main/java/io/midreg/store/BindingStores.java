package io.midreg.store;

import java.nio.file.Path;

/** Opens stores. */
public final class BindingStores {

    private BindingStores() {
    }

    /**
     * Opens the store for reading and writing, creating its file on first use. Only one process
     * may have a store open this way.
     *
     * @throws StoreConfigMismatchException if the file was created with other sizing settings
     * @throws StoreCorruptException        if the file is damaged (it has been moved aside)
     * @throws StoreLockedException         if another process has it open for writing
     */
    public static BindingStore open(StoreConfig config) {
        return ChronicleBindingStore.open(config);
    }

    /**
     * Opens an existing store file for reading only, alongside the process writing it, and sees
     * its writes as they happen. Never creates, recovers or moves the file.
     *
     * @throws StoreCorruptException if the file is damaged or not a store (it is left in place)
     * @throws StoreException        if the file does not exist
     */
    public static ReadOnlyStoreView openReadOnly(Path file) {
        return ChronicleReadOnlyView.open(file);
    }
}
