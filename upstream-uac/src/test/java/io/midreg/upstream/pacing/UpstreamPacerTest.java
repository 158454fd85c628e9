package io.midreg.upstream.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpstreamPacerTest {
    private long now = 5_000_000_000L;
    private final List<Long> wakeups = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final DrainScheduler scheduler = new DrainScheduler() {
        @Override
        public void schedule(Runnable drain, long delayNanos) {
            wakeups.add(delayNanos);
        }

        @Override
        public void close() {
        }
    };

    private UpstreamPacer pacer(long rate, long burst, int queueSize) {
        return new UpstreamPacer(new PacingSettings(rate, burst, Duration.ofSeconds(4), queueSize), () -> now, scheduler);
    }

    private PacedSend named(String name) {
        return new PacedSend() {
            @Override
            public void send() {
                events.add("sent " + name);
            }

            @Override
            public void fail(String why) {
                events.add("failed " + name);
            }
        };
    }

    @Test
    void sendsAtOnceWhileTokensLastThenQueuesAndDrainsInDeadlineOrder() {
        UpstreamPacer p = pacer(10, 1, 100);
        assertThat(p.submit(now + 4_000_000_000L, named("a"))).isEqualTo(UpstreamPacer.Outcome.SENT);
        assertThat(p.submit(now + 3_000_000_000L, named("late-deadline"))).isEqualTo(UpstreamPacer.Outcome.QUEUED);
        assertThat(p.submit(now + 1_000_000_000L, named("early-deadline"))).isEqualTo(UpstreamPacer.Outcome.QUEUED);
        assertThat(p.queued()).isEqualTo(2);
        assertThat(wakeups).containsExactly(100_000_000L); // when the next token comes, once
        now += 100_000_000L;
        p.drain();
        now += 100_000_000L;
        p.drain();
        assertThat(events).containsExactly("sent a", "sent early-deadline", "sent late-deadline");
        assertThat(p.sent()).isEqualTo(3);
        assertThat(p.queued()).isZero();
    }

    @Test
    void anEntryPastItsDeadlineIsFailedNotSent() {
        UpstreamPacer p = pacer(1, 1, 100);
        p.submit(now + 10_000_000_000L, named("a"));
        p.submit(now + 500_000_000L, named("b"));
        p.submit(now + 5_000_000_000L, named("c"));
        now += 600_000_000L;
        p.drain(); // b expired, no token yet
        assertThat(events).containsExactly("sent a", "failed b");
        assertThat(wakeups.get(wakeups.size() - 1)).isEqualTo(400_000_000L);
        now += 400_000_000L;
        p.drain();
        assertThat(events).containsExactly("sent a", "failed b", "sent c");
        assertThat(p.rejected()).isEqualTo(1);
    }

    @Test
    void aFullQueueFailsAtOnce() {
        UpstreamPacer p = pacer(1, 1, 2);
        p.submit(now + 4_000_000_000L, named("a"));
        p.submit(now + 4_000_000_000L, named("b"));
        p.submit(now + 4_000_000_000L, named("c"));
        assertThat(p.submit(now + 4_000_000_000L, named("d"))).isEqualTo(UpstreamPacer.Outcome.FAILED);
        assertThat(events).containsExactly("sent a", "failed d");
        assertThat(p.queued()).isEqualTo(2);
    }

    @Test
    void tryAcquireNeverJumpsTheQueue() {
        UpstreamPacer p = pacer(10, 2, 100);
        assertThat(p.tryAcquire()).isTrue();
        assertThat(p.tryAcquire()).isTrue();
        assertThat(p.tryAcquire()).isFalse();
        p.submit(now + 4_000_000_000L, named("waiting"));
        now += 100_000_000L; // a token is back, but "waiting" is first
        assertThat(p.tryAcquire()).isFalse();
        p.drain();
        assertThat(events).containsExactly("sent waiting");
        assertThat(p.sent()).isEqualTo(3);
    }

    @Test
    void reconfigureChangesTheRateAndKeepsTheQueue() {
        UpstreamPacer p = pacer(1, 1, 100);
        p.submit(now + 4_000_000_000L, named("a"));
        p.submit(now + 4_000_000_000L, named("b"));
        p.submit(now + 4_000_000_000L, named("c"));
        p.reconfigure(new PacingSettings(10, 1, Duration.ofSeconds(4), 100));
        assertThat(p.queued()).isEqualTo(2);
        assertThat(wakeups.get(wakeups.size() - 1)).isEqualTo(100_000_000L);
        now += 200_000_000L;
        p.drain();
        assertThat(events).containsExactly("sent a", "sent b");
        assertThat(p.settings().rate()).isEqualTo(10);
    }

    @Test
    void closeFailsWhatIsWaiting() {
        UpstreamPacer p = pacer(1, 1, 100);
        p.submit(now + 4_000_000_000L, named("a"));
        p.submit(now + 4_000_000_000L, named("b"));
        p.close();
        assertThat(events).containsExactly("sent a", "failed b");
        assertThat(p.submit(now + 4_000_000_000L, named("c"))).isEqualTo(UpstreamPacer.Outcome.FAILED);
    }

    @Test
    void aDeadlineBeforeTheNextTokenWakesTheDrainAtTheDeadline() {
        UpstreamPacer p = pacer(1, 1, 100);
        p.submit(now + 4_000_000_000L, named("a"));
        p.submit(now + 100_000_000L, named("b"));
        assertThat(wakeups).containsExactly(100_000_000L);
        now += 100_000_000L;
        p.drain();
        assertThat(events).containsExactly("sent a", "failed b");
    }
}
