package io.midreg.registrar;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Registrar counters, updated from every event loop; {@link #snapshot()} reads them. */
public final class RegistrarStats {
    final LongAdder received = new LongAdder();
    final LongAdder absorbed = new LongAdder();
    final LongAdder forwarded = new LongAdder();
    final LongAdder upstream2xx = new LongAdder();
    final LongAdder upstreamChallenges = new LongAdder();
    final LongAdder upstream4xx = new LongAdder();
    final LongAdder upstream5xx = new LongAdder();
    final LongAdder upstreamTimeouts = new LongAdder();
    final LongAdder upstreamDeregistrations = new LongAdder();
    final LongAdder upstreamDeregisterFailures = new LongAdder();
    final LongAdder pacedAbsorbs = new LongAdder();
    final LongAdder absorbedWhileDown = new LongAdder();
    final LongAdder rejectedWhileDown = new LongAdder();
    final LongAdder answeredEarly = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> rejections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LongAdder> forwardReasons = new ConcurrentHashMap<>();

    public void rejected(String reason) {
        rejections.computeIfAbsent(reason, k -> new LongAdder()).increment();
    }

    void forwarded(ForwardReason reason) {
        forwarded.increment();
        forwardReasons.computeIfAbsent(reason.name().toLowerCase(java.util.Locale.ROOT), k -> new LongAdder()).increment();
    }

    public void upstreamFinal(int status) {
        if (status < 300) upstream2xx.increment();
        else if (status == 401 || status == 407) upstreamChallenges.increment();
        else if (status < 500) upstream4xx.increment();
        else upstream5xx.increment();
    }

    /** A consistent-enough copy for reports and tests. */
    /** Counts a REGISTER answered from the store (a registrar outside this package, e.g. surrogate registration). */
    public void countAbsorbed() {
        absorbed.increment();
    }

    /** Counts a REGISTER sent upstream that got no answer. */
    public void countUpstreamTimeout() {
        upstreamTimeouts.increment();
    }

    public Snapshot snapshot() {
        return new Snapshot(received.sum(), absorbed.sum(), forwarded.sum(), upstream2xx.sum(), upstreamChallenges.sum(),
                upstream4xx.sum(), upstream5xx.sum(), upstreamTimeouts.sum(), pacedAbsorbs.sum(), sums(rejections), sums(forwardReasons),
                upstreamDeregistrations.sum(), upstreamDeregisterFailures.sum(), absorbedWhileDown.sum(), rejectedWhileDown.sum(),
                answeredEarly.sum());
    }

    private static Map<String, Long> sums(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /**
     * @param received            REGISTERs that reached the registrar
     * @param absorbed            answered from the store
     * @param forwarded           relayed upstream
     * @param upstream2xx         upstream accepted
     * @param upstreamChallenges  upstream answered 401/407
     * @param upstream4xx         upstream refused with another 3xx/4xx
     * @param upstream5xx         upstream answered 5xx/6xx
     * @param upstreamTimeouts    upstream silent or unreachable
     * @param pacedAbsorbs        refreshes due upstream, absorbed because the upstream rate was used up
     *                            while their upstream binding was still valid (counted in absorbed too)
     * @param rejections          refused by midreg itself, by reason
     * @param forwardReasons      why REGISTERs were forwarded
     * @param upstreamDeregistrations    de-registrations midreg sent upstream for bindings that lapsed or were evicted
     * @param upstreamDeregisterFailures de-registrations that failed for good (challenged, refused, or out of retries)
     * @param absorbedWhileDown   refreshes of known devices due upstream, answered here with the survival lifetime
     *                            because the target was down (counted in absorbed too)
     * @param rejectedWhileDown   REGISTERs that had to go upstream, refused with 503 because the target was down
     *                            (counted in rejections too, as upstream-down)
     * @param answeredEarly       refreshes relayed upstream that the upstream did not answer within
     *                            upstream.survival.answerWithin, answered from the store meanwhile
     *                            (counted in absorbedWhileDown too)
     */
    public record Snapshot(long received, long absorbed, long forwarded, long upstream2xx, long upstreamChallenges, long upstream4xx,
                           long upstream5xx, long upstreamTimeouts, long pacedAbsorbs, Map<String, Long> rejections, Map<String, Long> forwardReasons,
                           long upstreamDeregistrations, long upstreamDeregisterFailures, long absorbedWhileDown, long rejectedWhileDown,
                           long answeredEarly) {
    }
}
