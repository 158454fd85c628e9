package io.midreg.upstream.health;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker for one upstream target. Closed, it lets every REGISTER through and counts
 * consecutive failures; at {@link BreakerSettings#failures()} of them, or at once on a 5xx with
 * Retry-After, it opens. Open, nothing goes to the target but OPTIONS probes (an
 * {@link OptionsProber} asks {@link #probeDue}), never before a Retry-After has run out; an
 * open spell lasts {@code openFor}, doubled for each spell that ended without an answer, up to
 * {@code maxOpenFor}, shortened at random by up to a quarter so that several midregs (or
 * targets) do not come back in step. A probe answered below 500 half-opens it: one REGISTER
 * goes as the trial and its outcome closes or re-opens it. Any non-5xx answer to a REGISTER
 * closes it (the target is plainly there).
 *
 * <p>Decision: a probe answered 5xx (503 with or without Retry-After) counts as a failure: a
 * target that says it is overloaded should not be sent the refreshes that piled up.
 *
 * <p>Thread-safe; each method holds the lock for a few field updates only (called from event
 * loops and from inside store updates). State changes are logged once each, outside the lock.
 */
public final class CircuitBreaker implements TargetHealth {
    private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);
    /** A trial whose outcome was never reported (its send threw) stops blocking others after this. */
    static final long TRIAL_TIMEOUT_MILLIS = 64_000;

    private final String name;
    private final LongSupplier clock;
    /** Given a spell length, returns how much to shorten it by (0..length/4): random in service, fixed in tests. */
    private final LongUnaryOperator jitter;
    private final LongAdder opens = new LongAdder();
    private final LongAdder probes = new LongAdder();
    private volatile BreakerSettings settings;

    /** Written under the lock; volatile so that the common case (closed, no failures) is read without it. */
    private volatile BreakerState state = BreakerState.CLOSED;
    private volatile int consecutiveFailures;
    /** Open spells since the target last answered; sets the next spell's length. */
    private int spells;
    /** End of the current open spell (epoch ms). */
    private long openUntil;
    /** No probe and no REGISTER before this: the end of the latest Retry-After (epoch ms). */
    private long notBefore;
    private long nextProbeAt;
    private boolean probeInFlight;
    /** When the half-open trial was let through, or 0 when none is out. */
    private long trialSince;

    /**
     * @param name   the target, for the logs
     * @param clock  epoch milliseconds
     * @param jitter how much to shorten a spell of the given length by, within 0..length/4
     */
    public CircuitBreaker(String name, BreakerSettings settings, LongSupplier clock, LongUnaryOperator jitter) {
        this.name = name;
        this.settings = settings;
        this.clock = clock;
        this.jitter = jitter;
    }

    /** A breaker on the system clock with random jitter. */
    public static CircuitBreaker of(String name, BreakerSettings settings) {
        return new CircuitBreaker(name, settings, System::currentTimeMillis, RANDOM_JITTER);
    }

    /** Shortens a spell by a random amount within a quarter of it. */
    public static final LongUnaryOperator RANDOM_JITTER =
            len -> len / 4 <= 0 ? 0 : java.util.concurrent.ThreadLocalRandom.current().nextLong(len / 4 + 1);

    /** New settings; they apply from the next failure or spell on. */
    public void reconfigure(BreakerSettings next) {
        settings = next;
    }

    public BreakerSettings settings() {
        return settings;
    }

    @Override
    public boolean available(long nowMillis) {
        if (state == BreakerState.CLOSED) return true; // every REGISTER asks: no lock while all is well
        synchronized (this) {
            return availableLocked(nowMillis);
        }
    }

    private boolean availableLocked(long nowMillis) {
        return switch (state) {
            case CLOSED -> true;
            case HALF_OPEN -> !trialOut(nowMillis);
            case OPEN -> false;
        };
    }

    @Override
    public boolean tryAcquire(long nowMillis) {
        if (state == BreakerState.CLOSED) return true;
        synchronized (this) {
            return tryAcquireLocked(nowMillis);
        }
    }

    private boolean tryAcquireLocked(long nowMillis) {
        if (state == BreakerState.CLOSED) return true;
        if (state == BreakerState.OPEN || trialOut(nowMillis)) return false;
        trialSince = nowMillis;
        return true;
    }

    private boolean trialOut(long now) {
        return trialSince != 0 && now - trialSince < TRIAL_TIMEOUT_MILLIS;
    }

    @Override
    public synchronized long availableAgainAt(long nowMillis) {
        return switch (state) {
            case CLOSED -> nowMillis;
            case HALF_OPEN -> trialOut(nowMillis) ? nowMillis + settings.openFor().toMillis() : nowMillis;
            // past the spell's end a probe is on its way: its answer takes a moment
            case OPEN -> Math.max(Math.max(openUntil, notBefore), nowMillis + 1000);
        };
    }

    @Override
    public void answered() {
        if (state == BreakerState.CLOSED && consecutiveFailures == 0) return; // nothing to reset: no lock
        BreakerState was;
        synchronized (this) {
            was = state;
            state = BreakerState.CLOSED;
            consecutiveFailures = 0;
            spells = 0;
            trialSince = 0;
            probeInFlight = false; // a probe still out must not hold up the first probe of a later spell
        }
        if (was != BreakerState.CLOSED) log.info("upstream {} answers again: circuit breaker closed, REGISTERs flow", name);
    }

    @Override
    public void failed(UpstreamFailure failure) {
        long now = clock.getAsLong();
        long retryAfter = Math.min(failure.retryAfterSeconds(), BreakerSettings.MAX_RETRY_AFTER_SECONDS);
        String opened = null;
        synchronized (this) {
            switch (state) {
                case CLOSED -> {
                    consecutiveFailures++;
                    if (retryAfter > 0 || consecutiveFailures >= settings.failures()) {
                        open(now, retryAfter);
                        opened = retryAfter > 0 ? failure.status() + " with Retry-After " + retryAfter + " s"
                                : consecutiveFailures + " consecutive failures (last: " + describe(failure) + ")";
                    }
                }
                case HALF_OPEN -> {
                    trialSince = 0;
                    open(now, retryAfter);
                    log.debug("upstream {}: the half-open trial failed ({}), open for {} ms", name, describe(failure), openUntil - now);
                }
                // late outcomes of REGISTERs sent before it opened: only a Retry-After says more
                case OPEN -> honour(now, retryAfter);
            }
        }
        if (opened != null) {
            log.warn("upstream {}: circuit breaker open after {}: nothing goes there but OPTIONS probes until it answers", name, opened);
        }
    }

    /** Opens a new spell. Under the lock. */
    private void open(long now, long retryAfterSeconds) {
        state = BreakerState.OPEN;
        opens.increment();
        long length = spellLength();
        spells++;
        openUntil = now + length;
        honour(now, retryAfterSeconds);
        nextProbeAt = nextProbe(now);
    }

    /** Nothing goes there before the Retry-After has run out. Under the lock. */
    private void honour(long now, long retryAfterSeconds) {
        if (retryAfterSeconds <= 0) return;
        notBefore = Math.max(notBefore, now + retryAfterSeconds * 1000);
        openUntil = Math.max(openUntil, notBefore);
        nextProbeAt = Math.max(nextProbeAt, notBefore);
    }

    /** openFor doubled per spell since the target last answered, capped, less the jitter. Under the lock. */
    private long spellLength() {
        BreakerSettings s = settings;
        long max = s.maxOpenFor().toMillis();
        long len = s.openFor().toMillis();
        for (int i = 0; i < spells && len < max; i++) len *= 2;
        len = Math.min(len, max);
        long cut = Math.max(0, Math.min(len / 4, jitter.applyAsLong(len)));
        return len - cut;
    }

    private long nextProbe(long now) {
        long interval = settings.probeInterval().toMillis();
        long at = interval > 0 ? Math.min(now + interval, openUntil) : openUntil;
        return Math.max(at, notBefore);
    }

    /**
     * Whether an OPTIONS probe should go now; if so, it is counted as out (one at a time) and
     * its outcome must be reported to {@link #probeAnswered} or {@link #probeFailed}.
     */
    public synchronized boolean probeDue(long nowMillis) {
        if (state != BreakerState.OPEN || probeInFlight || nowMillis < nextProbeAt || nowMillis < notBefore) return false;
        probeInFlight = true;
        probes.increment();
        return true;
    }

    /** The target answered a probe with {@code status} (final). Below 500 it half-opens. */
    public void probeAnswered(int status, long retryAfterSeconds) {
        if (status >= 500) {
            probeFailed(UpstreamFailure.serverError(status, retryAfterSeconds));
            return;
        }
        boolean halfOpened = false;
        synchronized (this) {
            probeInFlight = false;
            if (state == BreakerState.OPEN) {
                state = BreakerState.HALF_OPEN;
                trialSince = 0;
                halfOpened = true;
            }
        }
        if (halfOpened) log.info("upstream {} answered OPTIONS with {}: circuit breaker half-open, one REGISTER goes as a trial", name, status);
    }

    /** A probe timed out, could not be sent, or was answered 5xx. */
    public void probeFailed(UpstreamFailure failure) {
        long now = clock.getAsLong();
        long retryAfter = Math.min(failure.retryAfterSeconds(), BreakerSettings.MAX_RETRY_AFTER_SECONDS);
        synchronized (this) {
            probeInFlight = false;
            if (state != BreakerState.OPEN) return;
            if (now >= openUntil) {
                open(now, retryAfter); // the spell ended without an answer: a longer one
            } else {
                honour(now, retryAfter);
                nextProbeAt = nextProbe(now);
            }
        }
        log.debug("upstream {}: OPTIONS probe failed ({})", name, describe(failure));
    }

    public BreakerState state() {
        return state;
    }

    /** Times it opened (a re-open after a failed trial or probe counts too). */
    public long opens() {
        return opens.sum();
    }

    /** OPTIONS probes sent. */
    public long probes() {
        return probes.sum();
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    private static String describe(UpstreamFailure f) {
        return switch (f.kind()) {
            case TIMEOUT -> "time-out";
            case TRANSPORT -> "transport error";
            case SERVER_ERROR -> Integer.toString(f.status());
        };
    }
}
