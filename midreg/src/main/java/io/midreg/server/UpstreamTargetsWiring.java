package io.midreg.server;

import io.midreg.config.UpstreamSettings;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.UpstreamTarget;
import io.midreg.upstream.health.TargetHealth;
import io.midreg.upstream.pacing.UpstreamPacer;
import io.midreg.upstream.targets.Candidate;
import io.midreg.upstream.targets.Rfc3263Resolver;
import io.midreg.upstream.targets.TargetRefresher;
import io.midreg.upstream.targets.UpstreamLeg;
import io.midreg.upstream.targets.UpstreamTargets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Builds the several upstream targets of {@code upstream.targets} and {@code upstream.domain}:
 * each target gets its own relay, health and pacer (rate and burst apply per target), and the
 * domain is resolved once at start-up and then again on its records' TTL on a thread of its own.
 */
final class UpstreamTargetsWiring {
    /** Re-resolution bounds: a TTL of 0 is not a busy loop, and a day-long TTL is still checked hourly. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(5);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(30);
    static final Duration DNS_TIMEOUT = Duration.ofSeconds(3);

    private UpstreamTargetsWiring() {
    }

    /** The targets in force and what keeps them current. */
    record Running(UpstreamTargets targets, TargetRefresher refresher, UpstreamSettings settings) implements AutoCloseable {
        /** A target for the registrar's single relay, which is not used while the targets route: the first known. */
        UpstreamTarget placeholder() {
            List<io.midreg.upstream.targets.UpstreamLeg> legs = targets.legs();
            if (!legs.isEmpty()) return legs.get(0).relay().target();
            InetSocketAddress nowhere = InetSocketAddress.createUnresolved(settings.domain() == null ? "upstream" : settings.domain(),
                    settings.protocol().defaultPort());
            return new UpstreamTarget(settings.protocol(), nowhere, settings.requestUri(), "unknown:0");
        }

        String describe() {
            return (settings.domain() != null ? "domain " + settings.domain() + " " : "") + targets.targets(System.currentTimeMillis()).stream()
                    .map(t -> t.name() + " (" + t.address() + ", priority " + t.priority() + ", weight " + t.weight() + ")").toList();
        }

        @Override
        public void close() {
            if (refresher != null) refresher.close();
            targets.close();
        }
    }

    static Running start(UpstreamSettings up, TransactionLayer transactions, Function<InetSocketAddress, String> advertised,
                         Function<Candidate, TargetHealth> health) throws IOException {
        UpstreamTargets targets = new UpstreamTargets(c -> new UpstreamLeg(
                new UpstreamRelay(transactions, new UpstreamTarget(up.protocol(), c.address(), up.requestUri(), advertised.apply(c.address())),
                        health.apply(c)),
                UpstreamPacer.start(up.pacing())));
        if (up.domain() == null) {
            targets.update(up.targets());
            return new Running(targets, null, up);
        }
        Rfc3263Resolver resolver = new Rfc3263Resolver(up.domain(), up.protocol(), up.dnsServer(), DNS_TIMEOUT, new Random());
        TargetRefresher refresher = new TargetRefresher(resolver, up.targets(), targets, MIN_INTERVAL, MAX_INTERVAL, RETRY_INTERVAL);
        refresher.start();
        return new Running(targets, refresher, up);
    }
}
