package io.midreg.upstream.targets;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Next hops named by a DNS name, located without blocking the caller (RFC 3263): the blocking
 * look-up runs on a small pool of its own and the answer completes a future, from which the
 * caller continues its request. Answers are kept for their TTL (at least 5 s, at most an hour), a
 * name that does not exist for 30 s; a failed look-up (time-out, server failure) is not kept.
 * Bounded: at most {@code maxEntries} names are kept (expired ones go first, then any), one
 * look-up runs per name at a time, and at most {@code maxPending} wait for the pool; beyond that
 * the answer is {@link Outcome#BUSY} at once. Thread-safe.
 */
public final class NextHopNames implements AutoCloseable {
    static final long MIN_TTL_MILLIS = 5_000;
    static final long MAX_TTL_MILLIS = 3_600_000;
    static final long NOT_FOUND_MILLIS = 30_000;

    /** The blocking look-up ({@link SipUriResolver}). */
    public interface Lookup {
        SipUriResolver.Found locate(NameQuery q) throws IOException;
    }

    /** How a look-up ended. */
    public enum Outcome {
        /** next hops found */
        FOUND,
        /** the name does not exist or leads to no address */
        NOT_FOUND,
        /** the DNS server failed or did not answer in time */
        FAILED,
        /** too many look-ups waiting: not asked */
        BUSY
    }

    /** The next hops in the order to try (empty unless {@link Outcome#FOUND}), and why not. Immutable. */
    public record Result(Outcome outcome, List<NextHop> hops, String detail) {
        public Result {
            hops = List.copyOf(hops);
        }

        static Result failed(Outcome o, String detail) {
            return new Result(o, List.of(), detail);
        }
    }

    private record Entry(Result result, long untilMillis) {
    }

    private final Lookup lookup;
    private final LongSupplier clock;
    private final int maxEntries;
    private final ThreadPoolExecutor pool;
    private final Map<NameQuery, Entry> cache = new ConcurrentHashMap<>();
    private final Map<NameQuery, CompletableFuture<Result>> inFlight = new ConcurrentHashMap<>();

    /**
     * @param threads    look-ups that may run at once
     * @param maxPending look-ups that may wait for a thread
     * @param maxEntries names kept
     */
    public NextHopNames(Lookup lookup, LongSupplier clock, int threads, int maxPending, int maxEntries) {
        this.lookup = lookup;
        this.clock = clock;
        this.maxEntries = maxEntries;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(maxPending), r -> {
            Thread t = new Thread(r, "midreg-dns-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.pool.allowCoreThreadTimeOut(true);
    }

    /** The next hops of {@code q}: at once from the cache, else when the look-up ends (on a look-up thread). */
    public CompletableFuture<Result> resolve(NameQuery q) {
        long now = clock.getAsLong();
        Entry e = cache.get(q);
        if (e != null && e.untilMillis() > now) return CompletableFuture.completedFuture(e.result());
        CompletableFuture<Result> mine = new CompletableFuture<>();
        CompletableFuture<Result> running = inFlight.putIfAbsent(q, mine);
        if (running != null) return running;
        try {
            pool.execute(() -> finish(q, mine, ask(q)));
        } catch (RejectedExecutionException full) {
            inFlight.remove(q, mine);
            mine.complete(Result.failed(Outcome.BUSY, "too many DNS look-ups waiting"));
        }
        return mine;
    }

    /** A look-up's result and how long it may be kept (0: not at all). */
    private record Answer(Result result, long keepMillis) {
    }

    private Answer ask(NameQuery q) {
        try {
            SipUriResolver.Found f = lookup.locate(q);
            if (f.hops().isEmpty()) return new Answer(Result.failed(Outcome.NOT_FOUND, q.host() + ": no target"), NOT_FOUND_MILLIS);
            long ttl = f.ttlSeconds() >= MAX_TTL_MILLIS / 1000 ? MAX_TTL_MILLIS : f.ttlSeconds() * 1000;
            return new Answer(new Result(Outcome.FOUND, f.hops(), null), Math.max(MIN_TTL_MILLIS, ttl));
        } catch (SipUriResolver.NotFound e) {
            return new Answer(Result.failed(Outcome.NOT_FOUND, e.getMessage()), NOT_FOUND_MILLIS);
        } catch (IOException | RuntimeException e) {
            return new Answer(Result.failed(Outcome.FAILED, e.toString()), 0);
        }
    }

    private void finish(NameQuery q, CompletableFuture<Result> future, Answer a) {
        if (a.keepMillis() > 0) {
            makeRoom();
            cache.put(q, new Entry(a.result(), clock.getAsLong() + a.keepMillis()));
        }
        inFlight.remove(q, future);
        future.complete(a.result());
    }

    /** Expired names go first; when none has expired, any one, so the cache never grows past its bound. */
    private void makeRoom() {
        if (cache.size() < maxEntries) return;
        long now = clock.getAsLong();
        cache.values().removeIf(e -> e.untilMillis() <= now);
        Iterator<NameQuery> it = cache.keySet().iterator();
        while (cache.size() >= maxEntries && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    /** Names kept now (for tests and operators). */
    public int cached() {
        return cache.size();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
