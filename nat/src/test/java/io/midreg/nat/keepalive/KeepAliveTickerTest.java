package io.midreg.nat.keepalive;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.transaction.TimerScheduler;
import io.midreg.testing.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The ticker in virtual time: a 30 s interval in 100 ms ticks. */
class KeepAliveTickerTest {
    private static final KeepAliveTiming TIMING = new KeepAliveTiming(Duration.ofSeconds(30), Duration.ofMillis(100));

    private final VirtualClock clock = new VirtualClock();
    private final TimerScheduler timers = (task, delay) -> clock.schedule(task, delay)::cancel;
    /** Virtual time (ms) of each keep-alive due, per key. */
    private final TreeMap<Long, List<Long>> dueAt = new TreeMap<>();
    private final KeepAliveTicker ticker = new KeepAliveTicker(new KeepAliveWheel(TIMING.slots(), 0), TIMING, timers,
            () -> clock.now().toNanos(), key -> dueAt.computeIfAbsent(key, k -> new ArrayList<>()).add(clock.now().toMillis()));

    @Test
    void afterARestartTheFirstRoundIsSpreadOverTheIntervalThenRepeats() {
        int n = 30_000;
        for (long key = 0; key < n; key++) ticker.add(key); // the store's bindings, loaded at start
        ticker.start();
        TreeMap<Long, Integer> perTick = new TreeMap<>();
        clock.advanceBy(Duration.ofSeconds(30));
        for (List<Long> times : dueAt.values()) perTick.merge(times.get(0), 1, Integer::sum);
        assertThat(dueAt).hasSize(n);
        assertThat(perTick).hasSize(300); // every 100 ms tick of the interval carries some
        assertThat(perTick.values()).containsOnly(n / 300); // and the same share: no burst
        assertThat(perTick.firstKey()).isEqualTo(100);
        assertThat(perTick.lastKey()).isEqualTo(30_000);

        clock.advanceBy(Duration.ofSeconds(60));
        assertThat(dueAt.values()).allSatisfy(times -> {
            assertThat(times).hasSize(3);
            assertThat(times.get(1) - times.get(0)).isEqualTo(30_000);
            assertThat(times.get(2) - times.get(1)).isEqualTo(30_000);
        });
        assertThat(ticker.stats().ticks()).isEqualTo(900);
        assertThat(ticker.stats().keysDue()).isEqualTo(3L * n);
    }

    @Test
    void aRefreshPutsTheNextKeepAliveAWholeIntervalLater() {
        ticker.add(1); // the first binding takes the first slot: due at 30 s, 60 s, ...
        ticker.add(2); // the next one the next slot: due at 100 ms, 30.1 s, ...
        ticker.start();
        clock.advanceBy(Duration.ofSeconds(10));
        ticker.refreshed(1); // the device sent something at t = 10 s
        clock.advanceBy(Duration.ofSeconds(60));
        assertThat(dueAt.get(1L)).containsExactly(40_000L, 70_000L);
        assertThat(dueAt.get(2L)).containsExactly(100L, 30_100L, 60_100L);
    }

    @Test
    void aRemovedBindingGetsNoMoreKeepAlives() {
        ticker.add(1);
        ticker.add(2);
        ticker.start();
        clock.advanceBy(Duration.ofSeconds(30));
        assertThat(ticker.remove(1)).isTrue();
        clock.advanceBy(Duration.ofSeconds(60));
        assertThat(dueAt.get(1L)).hasSize(1);
        assertThat(dueAt.get(2L)).hasSize(3);
        assertThat(ticker.size()).isEqualTo(1);
    }

    @Test
    void aLateTimerCatchesUpAndAStallLongerThanAnIntervalReportsEachBindingOnce() {
        List<Runnable> held = new ArrayList<>();
        // a scheduler that runs nothing until released: the timer thread stalls
        TimerScheduler stalled = (task, delay) -> {
            held.add(task);
            return () -> { };
        };
        List<Long> due = new ArrayList<>();
        long[] now = {0};
        KeepAliveTicker late = new KeepAliveTicker(new KeepAliveWheel(TIMING.slots(), 0), TIMING, stalled, () -> now[0], due::add);
        for (long key = 0; key < 600; key++) late.add(key);
        late.start();
        now[0] = Duration.ofSeconds(95).toNanos(); // 950 ticks late: more than three intervals
        held.remove(0).run();
        assertThat(due).hasSize(600).doesNotHaveDuplicates();
        assertThat(late.stats().ticksSkipped()).isEqualTo(950 - 300);
        now[0] += Duration.ofMillis(250).toNanos(); // two more ticks due
        held.remove(0).run();
        assertThat(due).hasSize(604);
        late.close();
    }

    @Test
    void closeStopsTheTicks() {
        ticker.add(1);
        ticker.start();
        ticker.close();
        clock.advanceBy(Duration.ofSeconds(60));
        assertThat(dueAt).isEmpty();
        assertThat(clock.pending()).isZero();
    }
}
