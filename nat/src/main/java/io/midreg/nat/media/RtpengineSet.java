package io.midreg.nat.media;

import io.midreg.nat.media.ng.AnswerRequest;
import io.midreg.nat.media.ng.DeleteRequest;
import io.midreg.nat.media.ng.NgClient;
import io.midreg.nat.media.ng.NgException;
import io.midreg.nat.media.ng.NgReply;
import io.midreg.nat.media.ng.NgTimeoutException;
import io.midreg.nat.media.ng.OfferRequest;
import io.midreg.nat.media.ng.QueryRequest;
import io.midreg.nat.media.ng.QueryResult;
import io.midreg.nat.media.ng.RtpengineControl;
import io.midreg.nat.media.ng.SdpResult;
import io.midreg.sip.transaction.TimerScheduler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several RTPEngine instances used as one relay. A new call goes to an instance chosen at random
 * by weight among those answering their pings, and stays there for its life: every later offer
 * (re-INVITE, another fork branch), answer, query and delete of that Call-ID goes to the same
 * instance, which holds its media session. When a new call's first offer gets no reply, the
 * instance is marked down and the offer goes to another one (each instance tried once); once
 * the call has had a reply, it never moves. An instance marked down takes no new calls until it
 * answers a ping again. Instances never asked yet are chosen only when none is known to answer.
 *
 * <p>The set holds one entry per live call; the caller ends each call with a {@code delete} of
 * the whole call (or {@link #forget}).
 */
public final class RtpengineSet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RtpengineSet.class);

    private final List<RtpengineInstance> instances;
    private final HealthMonitor monitor;
    private final IntUnaryOperator random;
    private final Map<String, Pin> calls = new ConcurrentHashMap<>();

    /**
     * A set over {@code client}; pings run on {@code timers}. {@code random} returns a number in
     * [0, bound) for the weighted choice. Call {@link #start()} to begin pinging.
     */
    public RtpengineSet(RtpengineSetConfig config, NgClient client, TimerScheduler timers, IntUnaryOperator random) {
        List<RtpengineInstance> list = new ArrayList<>();
        for (RtpengineInstanceConfig i : config.instances()) list.add(new RtpengineInstance(i, new RtpengineControl(client, i.address())));
        this.instances = List.copyOf(list);
        this.random = random;
        this.monitor = new HealthMonitor(instances, timers, config.pingInterval(), RtpengineSet::logChange);
    }

    /** A set choosing at random and already pinging. */
    public static RtpengineSet start(RtpengineSetConfig config, NgClient client, TimerScheduler timers) {
        RtpengineSet set = new RtpengineSet(config, client, timers, bound -> ThreadLocalRandom.current().nextInt(bound));
        set.start();
        return set;
    }

    /** Starts the periodic pings (the first round at once). */
    public void start() {
        monitor.start();
    }

    public List<RtpengineInstance> instances() {
        return instances;
    }

    /** Whether some instance answered its last ping or request (false: new calls get no relay). */
    public boolean anyAnswering() {
        return instances.stream().anyMatch(i -> i.health() == InstanceHealth.UP);
    }

    /** The instance that holds {@code callId}'s media session, if it has one. */
    public Optional<RtpengineInstance> instanceOf(String callId) {
        return Optional.ofNullable(calls.get(callId)).map(p -> p.instance);
    }

    /** Calls with an instance. */
    public int calls() {
        return calls.size();
    }

    /**
     * Offers on the call's instance, or for a new call on one chosen by weight, moving to another
     * when the chosen one does not answer. Fails with {@link NoRtpengineException} when no
     * instance is left to try, or with the last {@link NgException}.
     */
    public CompletableFuture<SdpResult> offer(OfferRequest request) {
        return offer(request, new HashSet<>());
    }

    private CompletableFuture<SdpResult> offer(OfferRequest request, Set<RtpengineInstance> tried) {
        Pin pin = calls.compute(request.callId(), (id, current) -> current != null && (current.established || !tried.contains(current.instance))
                ? current : choose(tried).map(Pin::new).orElse(null));
        if (pin == null) {
            return CompletableFuture.failedFuture(new NoRtpengineException(tried.isEmpty()
                    ? "no RTPEngine instance is answering" : "no RTPEngine instance answered the offer; tried " + addresses(tried)));
        }
        tried.add(pin.instance);
        return pin.instance.control().offer(request).handle((result, failure) -> {
            monitor.outcome(pin.instance, failure);
            if (failure == null) {
                pin.established = true;
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = NgException.of(failure).<Throwable>map(e -> e).orElse(failure);
            if (cause instanceof NgTimeoutException && !pin.established) {
                LOG.warn("RTPEngine {} did not answer the offer of call {}; trying another instance", pin.instance.address(), request.callId());
                return offer(request, tried);
            }
            return CompletableFuture.<SdpResult>failedFuture(cause);
        }).thenCompose(Function.identity());
    }

    /** Answers on the instance that holds the call's offer. */
    public CompletableFuture<SdpResult> answer(AnswerRequest request) {
        return onCallsInstance(request.callId(), c -> c.answer(request));
    }

    /** Queries the instance that holds the call. */
    public CompletableFuture<QueryResult> query(QueryRequest request) {
        return onCallsInstance(request.callId(), c -> c.query(request));
    }

    /**
     * Deletes on the instance that holds the call. A delete of the whole call (no via-branch, no
     * to-tag) also ends the call's tie to its instance, whatever the reply: the call is over.
     */
    public CompletableFuture<NgReply> delete(DeleteRequest request) {
        CompletableFuture<NgReply> f = onCallsInstance(request.callId(), c -> c.delete(request));
        if (request.viaBranch().isEmpty() && request.toTag().isEmpty()) f = f.whenComplete((r, t) -> forget(request.callId()));
        return f;
    }

    /** Ends the call's tie to its instance without telling RTPEngine (it times the session out itself). */
    public void forget(String callId) {
        calls.remove(callId);
    }

    private <T> CompletableFuture<T> onCallsInstance(String callId, Function<RtpengineControl, CompletableFuture<T>> command) {
        Pin pin = calls.get(callId);
        if (pin == null) return CompletableFuture.failedFuture(new NoRtpengineException("call " + callId + " has no RTPEngine instance"));
        return command.apply(pin.instance.control()).whenComplete((r, failure) -> {
            monitor.outcome(pin.instance, failure);
            if (failure == null) pin.established = true;
        }).handle((r, failure) -> failure == null ? CompletableFuture.completedFuture(r)
                : CompletableFuture.<T>failedFuture(NgException.of(failure).<Throwable>map(e -> e).orElse(failure)))
                .thenCompose(Function.identity());
    }

    /** A random instance by weight among those answering (or, if none is, those never asked), not in {@code excluded}. */
    Optional<RtpengineInstance> choose(Set<RtpengineInstance> excluded) {
        Optional<RtpengineInstance> up = weighted(InstanceHealth.UP, excluded);
        return up.isPresent() ? up : weighted(InstanceHealth.UNKNOWN, excluded);
    }

    private Optional<RtpengineInstance> weighted(InstanceHealth health, Set<RtpengineInstance> excluded) {
        int total = 0;
        for (RtpengineInstance i : instances) if (i.health() == health && !excluded.contains(i)) total += i.weight();
        if (total == 0) return Optional.empty();
        int r = random.applyAsInt(total);
        for (RtpengineInstance i : instances) {
            if (i.health() != health || excluded.contains(i)) continue;
            r -= i.weight();
            if (r < 0) return Optional.of(i);
        }
        return Optional.empty(); // health changed under us between the two passes
    }

    private static List<String> addresses(Set<RtpengineInstance> set) {
        return set.stream().map(i -> String.valueOf(i.address())).toList();
    }

    private static void logChange(RtpengineInstance instance, InstanceHealth from, InstanceHealth to) {
        if (to == InstanceHealth.DOWN) LOG.warn("RTPEngine {} stopped answering: no new calls go to it", instance.address());
        else LOG.info("RTPEngine {} is answering ({} before)", instance.address(), from);
    }

    /** Stops the pings; the client stays open (its owner closes it). */
    @Override
    public void close() {
        monitor.close();
    }

    /** A call's instance; {@code established} once the instance replied to one of its requests. */
    private static final class Pin {
        final RtpengineInstance instance;
        volatile boolean established;

        Pin(RtpengineInstance instance) {
            this.instance = instance;
        }
    }
}
