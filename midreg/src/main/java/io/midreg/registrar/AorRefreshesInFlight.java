package io.midreg.registrar;

import java.util.concurrent.ConcurrentHashMap;

/**
 * AORs whose upstream refresh is on its way (aor mode). An AOR's devices all refresh the one
 * upstream binding; when one device's due refresh has gone upstream, its siblings' refreshes
 * in the same seconds are answered from the store instead of sending the AOR up again. A claim
 * older than a client transaction's lifetime (64*T1) is taken as lost: an answer that never
 * came cannot hold an AOR back.
 */
public final class AorRefreshesInFlight {
    static final long STALE_AFTER_MILLIS = 32_000;

    private final ConcurrentHashMap<String, Long> claimedAt = new ConcurrentHashMap<>();

    /** Whether a refresh of {@code aor} went upstream less than {@link #STALE_AFTER_MILLIS} ago and is unanswered. */
    boolean inFlight(String aor, long now) {
        Long at = claimedAt.get(aor);
        return at != null && now - at < STALE_AFTER_MILLIS;
    }

    /** Notes that a refresh of {@code aor} goes upstream now. */
    void claim(String aor, long now) {
        claimedAt.put(aor, now);
    }

    /** The refresh of {@code aor} was answered (or failed): the next due one may go. */
    void release(String aor) {
        claimedAt.remove(aor);
    }

    int size() {
        return claimedAt.size();
    }
}
