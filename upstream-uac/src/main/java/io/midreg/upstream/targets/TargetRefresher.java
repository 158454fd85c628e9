package io.midreg.upstream.targets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link UpstreamTargets} in step with DNS: resolves on its own thread (never an event
 * loop), puts the configured targets and the resolved ones in force, and resolves again when
 * the records' TTL runs out (bounded below and above, so a TTL of 0 does not spin and a day-long
 * one still gets checked). A failed look-up keeps the targets it had and tries again soon.
 */
public final class TargetRefresher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TargetRefresher.class);

    private final TargetResolver resolver;
    private final List<Candidate> fixed;
    private final UpstreamTargets targets;
    private final Duration minInterval;
    private final Duration maxInterval;
    private final Duration retryInterval;
    private final ScheduledExecutorService scheduler;
    private volatile long lastTtlSeconds = -1;

    /**
     * @param fixed       configured targets, in force beside the resolved ones
     * @param minInterval least time between look-ups (a TTL below is raised to it)
     * @param maxInterval most time between look-ups (a TTL above is lowered to it)
     * @param retryInterval time to the next look-up after a failed one
     */
    public TargetRefresher(TargetResolver resolver, List<Candidate> fixed, UpstreamTargets targets, Duration minInterval, Duration maxInterval,
                           Duration retryInterval) {
        this.resolver = resolver;
        this.fixed = List.copyOf(fixed);
        this.targets = targets;
        this.minInterval = minInterval;
        this.maxInterval = maxInterval;
        this.retryInterval = retryInterval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "midreg-upstream-dns");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Resolves once now, on the caller's thread (at start-up, before traffic), and schedules the
     * next look-up. Returns whether the look-up succeeded (the configured targets are in force either way).
     */
    public boolean start() {
        return refresh();
    }

    /** The TTL of the last answer, or -1 before one. */
    public long lastTtlSeconds() {
        return lastTtlSeconds;
    }

    private boolean refresh() {
        long delayMillis;
        boolean ok;
        try {
            TargetResolver.Resolution r = resolver.resolve();
            List<Candidate> all = new ArrayList<>(fixed);
            all.addAll(r.candidates());
            targets.update(all);
            lastTtlSeconds = r.ttlSeconds();
            delayMillis = Math.max(minInterval.toMillis(), Math.min(maxInterval.toMillis(), r.ttlSeconds() * 1000));
            log.debug("upstream targets resolved: {} (TTL {} s, next look-up in {} ms)", r.candidates(), r.ttlSeconds(), delayMillis);
            ok = true;
        } catch (Exception e) {
            // The targets known stay in force; if none is known yet, the configured ones are.
            if (targets.legs().isEmpty() && !fixed.isEmpty()) targets.update(fixed);
            log.warn("upstream DNS look-up failed, keeping the targets known: {}", e.toString());
            delayMillis = retryInterval.toMillis();
            ok = false;
        }
        try {
            scheduler.schedule(this::refresh, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            // closed meanwhile
        }
        return ok;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
