package io.midreg.store;

import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Reading the store. A {@link BindingStore} is one; {@link BindingStores#openReadOnly} gives one
 * on the live file of another process (the CLI uses it to inspect a running midreg).
 */
public interface ReadOnlyStoreView extends AutoCloseable {

    /** The record of {@code aor}, if stored. */
    Optional<AorRecord> get(String aor);

    /**
     * Calls {@code action} for every AOR. Runs one Chronicle segment at a time and calls
     * {@code action} outside the segment's lock, so it may use the store; writes made meanwhile
     * may or may not be seen.
     */
    void forEach(BiConsumer<String, AorRecord> action);

    /** {@link #forEach} restricted to AORs starting with {@code prefix} (a full scan: the file is a hash). */
    void forEachWithPrefix(String prefix, BiConsumer<String, AorRecord> action);

    /** How many AORs are stored. */
    long count();

    StoreStats stats();

    @Override
    void close();
}
