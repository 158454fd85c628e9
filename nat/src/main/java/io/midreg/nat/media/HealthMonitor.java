package io.midreg.nat.media;

import io.midreg.nat.media.ng.NgException;
import io.midreg.nat.media.ng.NgSendException;
import io.midreg.nat.media.ng.NgTimeoutException;
import io.midreg.sip.transaction.Cancellable;
import io.midreg.sip.transaction.TimerScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pings every instance of a set with ng {@code ping} every interval, on the timer, never
 * waiting: each ping's future sets the instance's health when it completes (a pong: up; no reply
 * after every try: down). An instance whose last ping is still out is not pinged again. Requests
 * report their outcome too, so a call that meets a silent instance moves new calls away at once,
 * not at the next ping.
 */
final class HealthMonitor implements AutoCloseable {
    /** Told when an instance's health changes. */
    @FunctionalInterface
    interface Listener {
        void changed(RtpengineInstance instance, InstanceHealth from, InstanceHealth to);
    }

    private final List<RtpengineInstance> instances;
    private final TimerScheduler timers;
    private final Duration interval;
    private final Listener listener;
    private final Set<RtpengineInstance> pinging = ConcurrentHashMap.newKeySet();
    private volatile Cancellable next;
    private volatile boolean closed;

    HealthMonitor(List<RtpengineInstance> instances, TimerScheduler timers, Duration interval, Listener listener) {
        this.instances = List.copyOf(instances);
        this.timers = timers;
        this.interval = interval;
        this.listener = listener;
    }

    /** Pings every instance now, then every interval. */
    void start() {
        next = timers.schedule(this::round, Duration.ZERO);
    }

    private void round() {
        if (closed) return;
        for (RtpengineInstance instance : instances) {
            if (!pinging.add(instance)) continue; // the last ping is still waiting for its tries
            instance.control().ping().whenComplete((reply, failure) -> {
                pinging.remove(instance);
                if (closed) return;
                if (failure == null) answered(instance);
                else unanswered(instance);
            });
        }
        next = timers.schedule(this::round, interval);
    }

    /** The instance replied (pong, or any reply to a request: an error reply is a live daemon too). */
    void answered(RtpengineInstance instance) {
        mark(instance, InstanceHealth.UP);
    }

    /** The instance did not reply after every try. */
    void unanswered(RtpengineInstance instance) {
        mark(instance, InstanceHealth.DOWN);
    }

    /**
     * Reports a request's outcome: a time-out says the instance is gone, any reply that it is
     * alive; a request that never left (the client closed) says nothing about the instance.
     */
    void outcome(RtpengineInstance instance, Throwable failure) {
        if (failure == null) {
            answered(instance);
        } else {
            NgException.of(failure).ifPresent(e -> {
                if (e instanceof NgTimeoutException) unanswered(instance);
                else if (!(e instanceof NgSendException)) answered(instance);
            });
        }
    }

    private void mark(RtpengineInstance instance, InstanceHealth now) {
        InstanceHealth before = instance.health();
        if (instance.markHealth(now)) listener.changed(instance, before, now);
    }

    @Override
    public void close() {
        closed = true;
        Cancellable.cancel(next);
    }
}
