package io.midreg.registrar;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Remembers registrations the upstream challenged and has not yet accepted (RFC 3261 §22:
 * authentication in progress), keyed by AOR and Call-ID. A REGISTER on such a registration is
 * an answer to the challenge and always goes upstream: absorbed, the registrar would never see
 * the answer and drop the registration (reported against OpenSIPS's mid_registrar). Kept in
 * memory only: it changes no stored state, and an entry older than the window no longer counts.
 */
public final class ChallengeTracker {
    private static final int MAX_ENTRIES = 1 << 20;

    private final ConcurrentHashMap<String, Long> challenged = new ConcurrentHashMap<>();
    private final long windowMillis;
    private final LongSupplier clock;

    public ChallengeTracker(long windowMillis, LongSupplier clock) {
        this.windowMillis = windowMillis;
        this.clock = clock;
    }

    void challenged(String aor, String callId) {
        if (challenged.size() >= MAX_ENTRIES) purge();
        challenged.put(key(aor, callId), clock.getAsLong());
    }

    void settled(String aor, String callId) {
        challenged.remove(key(aor, callId));
    }

    boolean inProgress(String aor, String callId) {
        if (challenged.isEmpty()) return false;
        Long at = challenged.get(key(aor, callId));
        return at != null && clock.getAsLong() - at < windowMillis;
    }

    /** Drops entries older than the window; called when the map grows large. */
    void purge() {
        long now = clock.getAsLong();
        challenged.values().removeIf(at -> now - at >= windowMillis);
    }

    int size() {
        return challenged.size();
    }

    private static String key(String aor, String callId) {
        return aor + '\n' + callId;
    }
}
