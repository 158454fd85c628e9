package io.midreg.store;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The registration store: one {@link AorRecord} per AOR, off the Java heap in a file that
 * survives restarts and crashes. Thread-safe. Open with {@link BindingStores#open(StoreConfig)}.
 */
public interface BindingStore extends ReadOnlyStoreView {

    /**
     * Atomically replaces the record of {@code aor} with {@code change.apply(current)}, where
     * {@code current} is {@code null} when the AOR is not stored. Returning {@code null} removes the
     * AOR; returning {@code current} itself writes nothing. Concurrent updates of one AOR (from any
     * thread) are serialised, so none is lost.
     *
     * <p>This is one store operation: {@code change} runs while the AOR's segment is locked, so it
     * must be quick and must not call the store. If it throws, nothing is written.
     *
     * @return the record now stored, or {@code null} if none
     * @throws RecordTooLargeException if the new record encodes over the maximum size
     * @throws StoreFullException      if {@code aor} is new and the store is full
     */
    AorRecord update(String aor, UnaryOperator<AorRecord> change);

    /** Removes {@code aor}; returns whether it was stored. */
    boolean remove(String aor);

    /**
     * Up to {@code limit} AORs with a binding or upstream registration expiring before
     * {@code epochMillis}, in no particular order. Reports only; the caller updates or removes the
     * records, after which they stop being reported.
     */
    List<DueAor> dueBefore(long epochMillis, int limit);
}
