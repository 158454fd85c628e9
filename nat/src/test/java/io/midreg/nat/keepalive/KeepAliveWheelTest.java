package io.midreg.nat.keepalive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeepAliveWheelTest {

    /** Advances one whole round; how many times each key was reported, and the keys per tick. */
    private static Map<Long, Integer> oneRound(KeepAliveWheel wheel, List<Integer> perTick) {
        Map<Long, Integer> seen = new HashMap<>();
        for (int t = 0; t < wheel.slots(); t++) {
            perTick.add(wheel.advance(key -> seen.merge(key, 1, Integer::sum)));
        }
        return seen;
    }

    @Test
    void aMillionBindingsAddedAtOnceAreSpreadOverTheIntervalWithinOneOfTheMean() {
        int n = 1_000_000;
        int slots = 300; // 30 s in 100 ms ticks
        KeepAliveWheel wheel = new KeepAliveWheel(slots, n);
        for (long key = 0; key < n; key++) wheel.add(key * 7919); // as after a restart: all at once
        List<Integer> perTick = new ArrayList<>();
        Map<Long, Integer> seen = oneRound(wheel, perTick);
        int ceiling = (n + slots - 1) / slots;
        assertThat(perTick).allSatisfy(k -> assertThat(k).isBetween(n / slots, ceiling));
        assertThat(seen).hasSize(n);
        assertThat(seen.values()).containsOnly(1); // each once in the first round, none twice
    }

    @Test
    void eachKeyComesBackOnceEveryInterval() {
        KeepAliveWheel wheel = new KeepAliveWheel(10, 0);
        for (long key = 1; key <= 25; key++) wheel.add(key);
        List<Integer> first = new ArrayList<>();
        List<Integer> second = new ArrayList<>();
        Map<Long, Integer> round1 = oneRound(wheel, first);
        Map<Long, Integer> round2 = oneRound(wheel, second);
        assertThat(round1.keySet()).isEqualTo(round2.keySet()).hasSize(25);
        assertThat(first).isEqualTo(second);
        assertThat(first).allSatisfy(k -> assertThat(k).isBetween(2, 3));
    }

    @Test
    void aRemovedKeyIsNeverReportedAgainAndItsSlotIsReused() {
        KeepAliveWheel wheel = new KeepAliveWheel(4, 2);
        for (long key = 0; key < 8; key++) wheel.add(key);
        assertThat(wheel.remove(5)).isTrue();
        assertThat(wheel.remove(5)).isFalse();
        assertThat(wheel.contains(5)).isFalse();
        Map<Long, Integer> seen = oneRound(wheel, new ArrayList<>());
        assertThat(seen).doesNotContainKey(5L).hasSize(7);
        assertThat(wheel.add(99)).isTrue();
        assertThat(wheel.add(99)).isFalse();
        assertThat(oneRound(wheel, new ArrayList<>())).containsKey(99L).hasSize(8);
        assertThat(wheel.size()).isEqualTo(8);
    }

    @Test
    void removingHalfAtRandomLeavesTheSpreadEven() {
        int n = 300_000;
        int slots = 300;
        KeepAliveWheel wheel = new KeepAliveWheel(slots, n);
        for (long key = 0; key < n; key++) wheel.add(key);
        Random random = new Random(7);
        for (long key = 0; key < n; key++) if (random.nextBoolean()) wheel.remove(key);
        double mean = (double) wheel.size() / slots;
        assertThat(wheel.maxLoad() / mean).isLessThanOrEqualTo(1.2);
    }

    @Test
    void aRescheduledKeyIsDueAfterExactlyThatManyTicksThenEveryInterval() {
        KeepAliveWheel wheel = new KeepAliveWheel(10, 0);
        wheel.add(1);  // slot 0: due at the 10th advance
        wheel.advance(k -> { });
        wheel.advance(k -> { });
        wheel.schedule(1, 3); // due at the 5th advance
        List<Integer> dueAt = new ArrayList<>();
        for (int t = 3; t <= 25; t++) {
            int tick = t;
            wheel.advance(k -> dueAt.add(tick));
        }
        assertThat(dueAt).containsExactly(5, 15, 25);
        wheel.schedule(1, 10); // a whole interval from now: alive just now, next ping in 30 s
        assertThat(wheel.dueIn(10)).isEqualTo(1);
        assertThat(wheel.size()).isEqualTo(1);
    }

    @Test
    void schedulingAKeyNotOnTheWheelAddsIt() {
        KeepAliveWheel wheel = new KeepAliveWheel(5, 0);
        wheel.schedule(42, 1);
        List<Long> due = new ArrayList<>();
        wheel.advance(due::add);
        assertThat(due).containsExactly(42L);
        assertThatThrownBy(() -> wheel.schedule(42, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wheel.schedule(42, 6)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWheelCannotBeChangedFromInsideAnAdvance() {
        KeepAliveWheel wheel = new KeepAliveWheel(1, 0);
        wheel.add(1);
        assertThatThrownBy(() -> wheel.advance(wheel::remove)).isInstanceOf(IllegalStateException.class);
        assertThat(wheel.remove(1)).isTrue(); // usable again after
    }

    @Test
    void growsBeyondTheExpectedSizeAndStaysConsistentUnderChurn() {
        KeepAliveWheel wheel = new KeepAliveWheel(7, 1);
        Random random = new Random(11);
        java.util.Set<Long> on = new java.util.HashSet<>();
        for (int i = 0; i < 50_000; i++) {
            long key = random.nextInt(2_000);
            switch (random.nextInt(3)) {
                case 0 -> assertThat(wheel.add(key)).isEqualTo(on.add(key));
                case 1 -> assertThat(wheel.remove(key)).isEqualTo(on.remove(key));
                default -> {
                    wheel.schedule(key, 1 + random.nextInt(7));
                    on.add(key);
                }
            }
            if (i % 1000 == 0) wheel.advance(k -> { });
        }
        Map<Long, Integer> seen = oneRound(wheel, new ArrayList<>());
        assertThat(seen.keySet()).isEqualTo(on);
        assertThat(seen.values()).containsOnly(1);
    }
}
