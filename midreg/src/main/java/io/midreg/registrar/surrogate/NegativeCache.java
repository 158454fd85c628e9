package io.midreg.registrar.surrogate;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AORs whose credentials the upstream refused (401/407 after an answer, 403, 404): no REGISTER
 * goes upstream for them until the entry runs out, so a wrong password does not become a retry
 * storm that gets midreg's address banned. Each entry is logged once at WARN when added.
 */
public final class NegativeCache {
    private static final Logger log = LoggerFactory.getLogger(NegativeCache.class);

    private record Entry(long until, String why) {
    }

    private final ConcurrentHashMap<String, Entry> failed = new ConcurrentHashMap<>();
    private final LongAdder added = new LongAdder();
    private volatile long holdMillis;

    public NegativeCache(Duration hold) {
        holdFor(hold);
    }

    /** How long a new entry holds (a reload may change it; entries already there keep their end). */
    public void holdFor(Duration hold) {
        this.holdMillis = hold.toMillis();
    }

    public Duration hold() {
        return Duration.ofMillis(holdMillis);
    }

    /** Caches {@code aor} as refused from {@code now}; logs once per entry. Returns false if it was held already. */
    public boolean add(String aor, String why, long now) {
        Entry fresh = new Entry(now + holdMillis, why);
        Entry[] previous = new Entry[1];
        failed.compute(aor, (k, e) -> {
            previous[0] = e;
            return e != null && e.until() > now ? e : fresh;
        });
        if (previous[0] != null && previous[0].until() > now) return false;
        added.increment();
        log.warn("upstream refused midreg's credentials for {} ({}): no REGISTER for it for {} s", aor, why, holdMillis / 1000);
        return true;
    }

    /** How long {@code aor} stays refused, 0 when it is not (an entry that ran out is dropped). */
    public long remainingMillis(String aor, long now) {
        Entry e = failed.get(aor);
        if (e == null) return 0;
        if (e.until() <= now) {
            failed.remove(aor, e);
            return 0;
        }
        return e.until() - now;
    }

    /** Forgets {@code aor} (its credentials changed: the new ones deserve a try). */
    public void clear(String aor) {
        failed.remove(aor);
    }

    /** AORs held now (including any that ran out and were not looked at since). */
    public int size() {
        return failed.size();
    }

    /** Entries added since start (each one a WARN line). */
    public long added() {
        return added.sum();
    }
}
