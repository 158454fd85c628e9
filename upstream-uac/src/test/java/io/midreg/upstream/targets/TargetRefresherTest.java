package io.midreg.upstream.targets;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.transport.TransportProtocol;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.UpstreamTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Look-ups put in force with the configured targets; a failed one keeps what was known; the TTL drives the next. */
class TargetRefresherTest {
    private static final Candidate FIXED = new Candidate("fixed:5060", new InetSocketAddress("127.0.0.1", 5060), 5, 1);
    private static final Candidate SRV_A = new Candidate("a.example.test:5070", new InetSocketAddress("127.0.0.1", 5070), 1, 1);
    private static final Candidate SRV_B = new Candidate("b.example.test:5071", new InetSocketAddress("127.0.0.1", 5071), 2, 1);

    private final UpstreamTargets targets = new UpstreamTargets(c -> new UpstreamLeg(new UpstreamRelay(null,
            new UpstreamTarget(TransportProtocol.UDP, c.address(), null, "127.0.0.1:5060")), null));

    /** Answers from a script, one per look-up; an IOException entry fails that look-up. */
    private static final class Scripted implements TargetResolver {
        final Deque<Object> answers = new ArrayDeque<>();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Resolution resolve() throws IOException {
            calls.incrementAndGet();
            Object next = answers.isEmpty() ? new IOException("script ended") : answers.poll();
            if (next instanceof IOException e) throw e;
            return (Resolution) next;
        }
    }

    private List<String> names() {
        return targets.targets(0).stream().map(TargetView::name).toList();
    }

    @Test
    void theAnswerAndTheConfiguredTargetsAreInForceAndAFailureKeepsThem() throws Exception {
        Scripted dns = new Scripted();
        dns.answers.add(new TargetResolver.Resolution(List.of(SRV_A, SRV_B), 1));
        dns.answers.add(new IOException("SERVFAIL"));
        try (TargetRefresher r = new TargetRefresher(dns, List.of(FIXED), targets, Duration.ofMillis(100), Duration.ofHours(1), Duration.ofMillis(100))) {
            assertThat(r.start()).isTrue();
            assertThat(names()).containsExactly(SRV_A.name(), SRV_B.name(), FIXED.name());
            assertThat(r.lastTtlSeconds()).isEqualTo(1);
            // The TTL of 1 s brings the next look-up (it fails: the targets stay), then retries every 100 ms.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (dns.calls.get() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(dns.calls.get()).isGreaterThanOrEqualTo(3);
            assertThat(names()).containsExactly(SRV_A.name(), SRV_B.name(), FIXED.name());
        }
    }

    @Test
    void aFirstLookUpThatFailsLeavesTheConfiguredTargets() {
        Scripted dns = new Scripted();
        dns.answers.add(new IOException("timed out"));
        try (TargetRefresher r = new TargetRefresher(dns, List.of(FIXED), targets, Duration.ofSeconds(5), Duration.ofHours(1), Duration.ofSeconds(30))) {
            assertThat(r.start()).isFalse();
            assertThat(names()).containsExactly(FIXED.name());
        }
    }

    @Test
    void aTtlOfZeroIsRaisedToTheMinimumInterval() throws Exception {
        Scripted dns = new Scripted();
        for (int i = 0; i < 100; i++) dns.answers.add(new TargetResolver.Resolution(List.of(SRV_A), 0));
        try (TargetRefresher r = new TargetRefresher(dns, List.of(), targets, Duration.ofMillis(500), Duration.ofHours(1), Duration.ofMillis(500))) {
            r.start();
            Thread.sleep(1200);
            assertThat(dns.calls.get()).as("look-ups in 1.2 s with at least 0.5 s between them").isBetween(2, 3);
        }
    }
}
