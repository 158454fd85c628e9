package io.midreg.registrar.surrogate;

import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.UpstreamState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When to look at each surrogate AOR next: its earliest upstream refresh time, or sooner. In the
 * heap, one entry per AOR midreg holds credentials for, rebuilt at start from the store (which
 * holds the truth: a look reads the record and decides). Thread-safe.
 */
final class SurrogateSchedule {
    /** A short lifetime is refreshed at half-life, up to this far ahead (room for pacing, a challenge round trip, retries). */
    static final long HALF_LIFE_LEAD_CAP_MILLIS = 30_000;

    private final ConcurrentHashMap<String, Long> next = new ConcurrentHashMap<>();

    /** Look at {@code aor} at {@code when} (epoch ms), or earlier if already asked. */
    void at(String aor, long when) {
        next.merge(aor, when, Math::min);
    }

    /** Look at {@code aor} exactly at {@code when}, whatever was planned. */
    void reset(String aor, long when) {
        next.put(aor, when);
    }

    void remove(String aor) {
        next.remove(aor);
    }

    int size() {
        return next.size();
    }

    /** Up to {@code limit} AORs due at {@code now}, taken off the schedule (the caller puts them back). */
    List<String> takeDue(long now, int limit) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Long> e : next.entrySet()) {
            if (out.size() >= limit) break;
            if (e.getValue() <= now && next.remove(e.getKey(), e.getValue())) out.add(e.getKey());
        }
        return out;
    }

    /**
     * When an upstream registration should be refreshed: before it expires by the refresh margin
     * of what was granted, or at half-life if that is earlier and no more than
     * {@link #HALF_LIFE_LEAD_CAP_MILLIS} ahead (a registrar granting 60 s is refreshed after 30 s,
     * one granting 3600 s after 3240 s with the default margin).
     */
    static long refreshAt(UpstreamState u, double margin) {
        long granted = Math.max(0, u.expiresAt() - u.lastRefreshAt());
        long lead = Math.max((long) (granted * margin), Math.min(HALF_LIFE_LEAD_CAP_MILLIS, granted / 2));
        return u.expiresAt() - lead;
    }

    /** A pending (provisional) registration is first tried again this long after the device was accepted. */
    static final long PENDING_RETRY_MILLIS = 5000;

    /**
     * The earliest refresh time of the record's valid upstream registrations, or retry time of its
     * pending ones; Long.MAX_VALUE when it has none.
     */
    static long nextRefresh(AorRecord r, double margin, long now) {
        if (r == null) return Long.MAX_VALUE;
        long at = Long.MAX_VALUE;
        if (SurrogatePolicy.valid(r.upstream(), now)) at = refreshAt(r.upstream(), margin);
        else if (SurrogatePolicy.pending(r.upstream())) at = r.upstream().lastRefreshAt() + PENDING_RETRY_MILLIS;
        for (Binding b : r.bindings()) {
            if (SurrogatePolicy.valid(b.upstream(), now)) at = Math.min(at, refreshAt(b.upstream(), margin));
            else if (SurrogatePolicy.pending(b.upstream())) at = Math.min(at, b.upstream().lastRefreshAt() + PENDING_RETRY_MILLIS);
        }
        return at;
    }

    /** Whether the record holds a registration midreg still owes the upstream. */
    static boolean hasPending(AorRecord r) {
        if (r == null) return false;
        if (SurrogatePolicy.pending(r.upstream())) return true;
        for (Binding b : r.bindings()) if (SurrogatePolicy.pending(b.upstream())) return true;
        return false;
    }
}
