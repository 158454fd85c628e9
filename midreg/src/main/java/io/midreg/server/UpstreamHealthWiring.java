package io.midreg.server;

import io.midreg.registrar.RegistrarService;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.UpstreamTarget;
import io.midreg.upstream.health.BreakerSettings;
import io.midreg.upstream.health.CircuitBreaker;
import io.midreg.upstream.health.OptionsProber;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** Builds the upstream relay with its circuit breaker, and the OPTIONS prober that watches it. */
final class UpstreamHealthWiring {
    /** How often the prober looks whether a probe is due (it sends only when the breaker says so). */
    static final long PROBER_TICK_MILLIS = 100;

    private UpstreamHealthWiring() {
    }

    /**
     * A relay to {@code target} whose health is a circuit breaker: the running relay's own when
     * it goes to the same place (a reload keeps what was learnt of the target, only its settings
     * change), a new one otherwise.
     */
    static UpstreamRelay relay(TransactionLayer transactions, UpstreamTarget target, BreakerSettings settings, UpstreamRelay running,
                               LongSupplier clock) {
        CircuitBreaker breaker;
        if (running != null && running.health() instanceof CircuitBreaker b && sameTarget(running.target(), target)) {
            b.reconfigure(settings);
            breaker = b;
        } else {
            breaker = new CircuitBreaker(target.protocol() + " " + target.address(), settings, clock, CircuitBreaker.RANDOM_JITTER);
        }
        return new UpstreamRelay(transactions, target, breaker, clock);
    }

    private static boolean sameTarget(UpstreamTarget a, UpstreamTarget b) {
        return a.protocol() == b.protocol() && a.address().equals(b.address());
    }

    /** A circuit breaker for each of several targets, named after it. */
    static java.util.function.Function<io.midreg.upstream.targets.Candidate, io.midreg.upstream.health.TargetHealth> breakers(
            BreakerSettings settings, LongSupplier clock) {
        return c -> new CircuitBreaker(c.name() + " " + c.address(), settings, clock, CircuitBreaker.RANDOM_JITTER);
    }

    /** A reload's breaker settings, applied to the breaker of each of several targets (what they learnt stays). */
    static void reconfigureBreakers(io.midreg.upstream.targets.UpstreamTargets targets, BreakerSettings settings) {
        for (var leg : targets.legs()) {
            if (leg.relay().health() instanceof CircuitBreaker b) b.reconfigure(settings);
        }
    }

    /**
     * Probes, while their breaker is open, the registrar's target, or each of its several targets
     * ({@code upstream.targets}, {@code upstream.domain}: the list in force, which DNS may change).
     */
    static OptionsProber prober(TransactionLayer transactions, Supplier<RegistrarService> registrar, LongSupplier clock) {
        return OptionsProber.ofEach(transactions, () -> {
            RegistrarService r = registrar.get();
            if (r == null) return java.util.List.of();
            java.util.List<OptionsProber.Probed> probed = new java.util.ArrayList<>();
            if (r.route() instanceof io.midreg.upstream.targets.UpstreamTargets targets) {
                for (var leg : targets.legs()) add(probed, leg.relay());
            } else {
                add(probed, r.relay());
            }
            return probed;
        }, clock);
    }

    private static void add(java.util.List<OptionsProber.Probed> probed, UpstreamRelay relay) {
        UpstreamTarget t = relay.target();
        if (relay.health() instanceof CircuitBreaker b) probed.add(new OptionsProber.Probed(t.protocol(), t.address(), t.advertised(), b));
    }
}
