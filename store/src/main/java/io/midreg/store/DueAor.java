package io.midreg.store;

/**
 * An AOR that has something falling due, as found by {@link BindingStore#dueBefore(long, int)}.
 * The caller reads the record to see which bindings exactly.
 *
 * @param aor                   the AOR
 * @param earliestBindingExpiry the earliest device binding expiry ({@link Long#MAX_VALUE} if none)
 * @param upstreamExpiry        the upstream registration expiry ({@link Long#MAX_VALUE} if none)
 * @param bindingDue            whether a binding expires before the time asked for
 * @param upstreamDue           whether the upstream registration expires before the time asked for
 */
public record DueAor(String aor, long earliestBindingExpiry, long upstreamExpiry, boolean bindingDue,
                     boolean upstreamDue) {
}
