package io.midreg.registrar.surrogate;

import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.BindingStore;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes surrogate registrations upstream on midreg's own schedule, before they expire,
 * whether or not a device refreshes meanwhile. Runs on the housekeeping thread (never an event
 * loop); each refresh waits for the upstream pacer. The schedule is rebuilt from the store at
 * start, so a restart sends only what was due anyway. A failed refresh is tried again with
 * exponential back-off while the upstream registration lasts; an AOR in the negative cache waits
 * until its entry runs out. Nothing is refreshed for an AOR none of whose devices is still
 * registered: the reaper de-registers it when they go.
 */
public final class SurrogateScheduler implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SurrogateScheduler.class);
    /** AORs looked at per pass (each one store read). */
    static final int PER_PASS = 2000;
    private static final long MAX_BACKOFF_MILLIS = 60_000;

    private final SurrogateRegistrar registrar;
    private final BindingStore store;
    private final Credentials credentials;
    private final NegativeCache negative;
    private final LongSupplier clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Integer> failures = new ConcurrentHashMap<>();
    /** AORs an operator asked to refresh now, whatever their refresh time. */
    private final Set<String> forced = ConcurrentHashMap.newKeySet();

    SurrogateScheduler(SurrogateRegistrar registrar, BindingStore store, LongSupplier clock) {
        this.registrar = registrar;
        this.store = store;
        this.credentials = registrar.credentials();
        this.negative = registrar.negativeCache();
        this.clock = clock;
    }

    /** Puts every surrogate AOR on the schedule to be looked at now (at start, and after the credentials were reloaded). */
    public void seed() {
        long now = clock.getAsLong();
        for (String aor : credentials.aors()) registrar.schedule().at(aor, now);
    }

    /** Refreshes {@code aor}'s upstream registration on the next pass (within a second), not at its refresh time. */
    void force(String aor) {
        forced.add(aor);
        registrar.schedule().at(aor, clock.getAsLong());
    }

    /** Refreshes in flight now. */
    public int inFlight() {
        return inFlight.size();
    }

    @Override
    public void run() {
        try {
            pass();
        } catch (RuntimeException e) {
            log.warn("surrogate refresh pass failed: {}", e.toString());
        }
    }

    private void pass() {
        long now = clock.getAsLong();
        SurrogateSchedule schedule = registrar.schedule();
        double margin = registrar.settingsMargin();
        for (String aor : schedule.takeDue(now, PER_PASS)) {
            try {
                look(aor, now, margin);
            } catch (RuntimeException e) {
                // Taken off the schedule: put it back, or its refresh would never come.
                inFlight.remove(aor);
                schedule.at(aor, now + backoffMillis(failures.merge(aor, 1, Integer::sum)));
                log.warn("surrogate refresh of {} failed: {}", aor, e.toString());
            }
        }
    }

    /** Looks at one due AOR: refreshes what is due, or puts it back on the schedule for when it will be. */
    private void look(String aor, long now, double margin) {
        SurrogateSchedule schedule = registrar.schedule();
        SurrogateCredential cred = credentials.lookup(aor).orElse(null);
        if (cred == null) return; // no longer surrogate: the relay path takes its devices from now on
        if (inFlight.contains(aor)) {
            schedule.at(aor, now + 1000);
            return;
        }
        long held = negative.remainingMillis(aor, now);
        if (held > 0) {
            schedule.at(aor, now + held);
            return;
        }
        AorRecord record = store.get(aor).orElse(null);
        long at = SurrogateSchedule.nextRefresh(record, margin, now);
        if (at == Long.MAX_VALUE) { // nothing registered upstream: the next device REGISTER registers it
            forced.remove(aor);
            return;
        }
        boolean moving = registrar.mustMove(aor, record, now);
        boolean early = forced.remove(aor) || moving;
        if (at > now && !early) {
            schedule.at(aor, at);
            return;
        }
        long upstreamEnd = record.upstreamExpiry();
        if (!early && !SurrogateSchedule.hasPending(record) && lastDeviceExpiry(record) <= now) {
            // No device is registered any more: no refresh, the reaper de-registers it with them.
            // A live device is refreshed for even when its own lifetime is shorter than what is
            // left upstream: it refreshes often (a NAT keep-alive lifetime), and is still there.
            schedule.at(aor, upstreamEnd);
            return;
        }
        if (moving) log.info("surrogate registration of {} moves: its target is out of service", aor);
        else if (at > now) log.info("surrogate registration of {} refreshed now, as the operator asked", aor);
        inFlight.add(aor);
        registrar.refresh(aor, cred, record, ok -> {
            inFlight.remove(aor);
            if (ok) {
                failures.remove(aor);
            } else {
                int n = failures.merge(aor, 1, Integer::sum);
                schedule.at(aor, clock.getAsLong() + backoffMillis(n));
            }
        });
    }

    private static long lastDeviceExpiry(AorRecord r) {
        long max = 0;
        for (Binding b : r.bindings()) max = Math.max(max, b.expiresAt());
        return max;
    }

    /** 1 s, 2 s, 4 s ... up to a minute, the upper half at random. */
    static long backoffMillis(int failures) {
        long ceiling = Math.min(MAX_BACKOFF_MILLIS, 1000L << Math.min(failures - 1, 16));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }
}
