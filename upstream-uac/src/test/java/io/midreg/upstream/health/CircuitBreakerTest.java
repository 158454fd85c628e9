package io.midreg.upstream.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The breaker on virtual time: no sleeping, the clock is moved by hand; jitter is fixed. */
class CircuitBreakerTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    /** 3 failures, 2 s doubling to 16 s, no jitter unless a test sets one. */
    private final BreakerSettings settings = new BreakerSettings(3, Duration.ofSeconds(2), Duration.ofSeconds(16), Duration.ZERO);
    private long cut;
    private final CircuitBreaker breaker = new CircuitBreaker("test", settings, now::get, len -> cut);

    private void advance(long millis) {
        now.addAndGet(millis);
    }

    private void fail(int times) {
        for (int i = 0; i < times; i++) breaker.failed(UpstreamFailure.timeout());
    }

    @Test
    void staysClosedBelowTheFailureCountAndAnAnswerResetsIt() {
        fail(2);
        breaker.answered();
        fail(2);
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.available(now.get())).isTrue();
        assertThat(breaker.tryAcquire(now.get())).isTrue();
        assertThat(breaker.opens()).isZero();
    }

    @Test
    void opensAfterNConsecutiveFailuresAndSendsNothingUntilAProbeIsAnswered() {
        fail(3);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.available(now.get())).isFalse();
        assertThat(breaker.tryAcquire(now.get())).isFalse();
        assertThat(breaker.availableAgainAt(now.get())).isEqualTo(now.get() + 2000);
        assertThat(breaker.probeDue(now.get())).as("no probe before the spell ends").isFalse();
        advance(1999);
        assertThat(breaker.probeDue(now.get())).isFalse();
        advance(1);
        assertThat(breaker.probeDue(now.get())).isTrue();
        assertThat(breaker.probeDue(now.get())).as("one probe at a time").isFalse();
        assertThat(breaker.available(now.get())).as("still open while the probe is out").isFalse();
        breaker.probeAnswered(200, 0);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breaker.probes()).isEqualTo(1);
    }

    @Test
    void halfOpenLetsOneTrialThroughWhoseAnswerClosesIt() {
        fail(3);
        advance(2000);
        breaker.probeDue(now.get());
        breaker.probeAnswered(404, 0);
        assertThat(breaker.available(now.get())).isTrue();
        assertThat(breaker.tryAcquire(now.get())).isTrue();
        assertThat(breaker.tryAcquire(now.get())).as("only the one trial").isFalse();
        assertThat(breaker.available(now.get())).isFalse();
        breaker.answered();
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        assertThat(breaker.tryAcquire(now.get())).isTrue();
        assertThat(breaker.tryAcquire(now.get())).isTrue();
    }

    @Test
    void aFailedTrialReopensForTwiceAsLong() {
        fail(3);
        advance(2000);
        breaker.probeDue(now.get());
        breaker.probeAnswered(200, 0);
        breaker.tryAcquire(now.get());
        breaker.failed(UpstreamFailure.timeout());
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.availableAgainAt(now.get())).isEqualTo(now.get() + 4000);
        assertThat(breaker.opens()).isEqualTo(2);
    }

    @Test
    void unansweredProbesGrowTheSpellsExponentiallyUpToTheCap() {
        fail(3);
        long[] expected = {4000, 8000, 16000, 16000, 16000};
        for (long length : expected) {
            advance(breaker.availableAgainAt(now.get()) - now.get());
            assertThat(breaker.probeDue(now.get())).isTrue();
            breaker.probeFailed(UpstreamFailure.timeout());
            assertThat(breaker.availableAgainAt(now.get()) - now.get()).isEqualTo(length);
        }
        assertThat(breaker.opens()).isEqualTo(1 + expected.length);
        breaker.answered();
        fail(3);
        assertThat(breaker.availableAgainAt(now.get()) - now.get()).as("an answer starts the back-off again").isEqualTo(2000);
    }

    @Test
    void jitterShortensASpellByAtMostAQuarter() {
        cut = 10_000; // asks for far too much: held to a quarter
        fail(3);
        assertThat(breaker.availableAgainAt(now.get()) - now.get()).isEqualTo(1500);
        cut = 300;
        advance(1500);
        breaker.probeDue(now.get());
        breaker.probeFailed(UpstreamFailure.timeout());
        assertThat(breaker.availableAgainAt(now.get()) - now.get()).isEqualTo(3700);
    }

    @Test
    void a503WithRetryAfterOpensAtOnceAndNothingGoesBeforeItEnds() {
        breaker.failed(UpstreamFailure.serverError(503, 30));
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.availableAgainAt(now.get())).isEqualTo(now.get() + 30_000);
        advance(29_999);
        assertThat(breaker.probeDue(now.get())).isFalse();
        assertThat(breaker.tryAcquire(now.get())).isFalse();
        advance(1);
        assertThat(breaker.probeDue(now.get())).isTrue();
    }

    @Test
    void a503WithoutRetryAfterIsAnOrdinaryFailure() {
        breaker.failed(UpstreamFailure.serverError(503, 0));
        assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
        breaker.failed(UpstreamFailure.serverError(500, 0));
        breaker.failed(UpstreamFailure.transport());
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    }

    @Test
    void aLateRetryAfterWhileOpenPushesTheEndOut() {
        fail(3);
        breaker.failed(UpstreamFailure.serverError(503, 10));
        assertThat(breaker.availableAgainAt(now.get())).isEqualTo(now.get() + 10_000);
        assertThat(breaker.opens()).isEqualTo(1);
    }

    @Test
    void aProbeAnswered503WithRetryAfterKeepsItOpenUntilThen() {
        fail(3);
        advance(2000);
        breaker.probeDue(now.get());
        breaker.probeAnswered(503, 20);
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        advance(19_999);
        assertThat(breaker.probeDue(now.get())).isFalse();
        advance(1);
        assertThat(breaker.probeDue(now.get())).isTrue();
    }

    @Test
    void retryAfterIsCappedAtAnHour() {
        breaker.failed(UpstreamFailure.serverError(503, 999_999));
        assertThat(breaker.availableAgainAt(now.get()) - now.get()).isEqualTo(3_600_000);
    }

    @Test
    void aShortProbeIntervalProbesWithinTheSpellWithoutLengtheningIt() {
        CircuitBreaker b = new CircuitBreaker("t", new BreakerSettings(1, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(3)),
                now::get, len -> 0);
        b.failed(UpstreamFailure.timeout());
        advance(3000);
        assertThat(b.probeDue(now.get())).isTrue();
        b.probeFailed(UpstreamFailure.timeout());
        assertThat(b.availableAgainAt(now.get()) - now.get()).as("the spell's end stays").isEqualTo(7000);
        advance(3000);
        assertThat(b.probeDue(now.get())).isTrue();
        b.probeAnswered(200, 0);
        assertThat(b.state()).isEqualTo(BreakerState.HALF_OPEN);
    }

    @Test
    void aTrialNeverReportedStopsBlockingAfterTheTrialTimeout() {
        fail(3);
        advance(2000);
        breaker.probeDue(now.get());
        breaker.probeAnswered(200, 0);
        assertThat(breaker.tryAcquire(now.get())).isTrue();
        advance(CircuitBreaker.TRIAL_TIMEOUT_MILLIS);
        assertThat(breaker.tryAcquire(now.get())).isTrue();
    }

    @Test
    void concurrentFailuresOpenItOnce() throws Exception {
        CircuitBreaker b = new CircuitBreaker("t", new BreakerSettings(100, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ZERO),
                now::get, len -> 0);
        Thread[] threads = new Thread[4];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int j = 0; j < 50; j++) b.failed(UpstreamFailure.timeout());
            });
            threads[i].start();
        }
        for (Thread t : threads) t.join(10_000);
        assertThat(b.state()).isEqualTo(BreakerState.OPEN);
        assertThat(b.opens()).isEqualTo(1);
    }
}
