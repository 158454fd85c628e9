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

    /** Probes the registrar's current target while its breaker is open. */
    static OptionsProber prober(TransactionLayer transactions, Supplier<RegistrarService> registrar, LongSupplier clock) {
        return new OptionsProber(transactions, () -> {
            RegistrarService r = registrar.get();
            if (r == null) return null;
            UpstreamRelay relay = r.relay();
            return relay.health() instanceof CircuitBreaker b ? new OptionsProber.Probed(relay.target(), b) : null;
        }, clock);
    }
}
