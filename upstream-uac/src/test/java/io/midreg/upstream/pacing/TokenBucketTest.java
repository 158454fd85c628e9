package io.midreg.upstream.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private long now = 1_000_000_000L;

    @Test
    void startsWithTheBurstThenRefillsAtTheRate() {
        TokenBucket b = new TokenBucket(10, 3, () -> now);
        assertThat(take(b, 100)).isEqualTo(3);
        now += 99_999_999; // just under one token at 10/s
        assertThat(b.tryTake()).isFalse();
        assertThat(b.nanosUntilToken()).isEqualTo(1);
        now += 1;
        assertThat(b.tryTake()).isTrue();
        now += 10_000_000_000L; // a long quiet spell fills only up to the burst
        assertThat(take(b, 100)).isEqualTo(3);
    }

    @Test
    void neverGrantsMoreThanBurstPlusRateTimesTOverAnyWindow() {
        long rate = 20, burst = 5;
        TokenBucket b = new TokenBucket(rate, burst, () -> now);
        Random random = new Random(42);
        List<Long> grants = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            now += random.nextInt(3_000_000); // 0..3 ms steps, callers hammering
            if (random.nextInt(50) == 0) now += random.nextInt(1_000_000_000); // and quiet spells
            if (b.tryTake()) grants.add(now);
        }
        assertThat(grants.size()).isGreaterThan(100);
        for (int i = 0; i < grants.size(); i++) {
            for (int j = i; j < grants.size(); j++) {
                long window = grants.get(j) - grants.get(i);
                long count = j - i + 1;
                // burst + rate * t, with t in nanoseconds, in integers: count*1e9 <= burst*1e9 + rate*t
                assertThat(count * 1_000_000_000L).as("grants %d..%d over %d ns", i, j, window)
                        .isLessThanOrEqualTo(burst * 1_000_000_000L + rate * window);
            }
        }
    }

    @Test
    void reconfigureKeepsTheCreditCutToTheNewBurst() {
        TokenBucket b = new TokenBucket(10, 10, () -> now);
        b.reconfigure(100, 2);
        assertThat(take(b, 100)).isEqualTo(2);
        now += 10_000_000; // 1 token at 100/s
        assertThat(take(b, 100)).isEqualTo(1);
        assertThat(b.rate()).isEqualTo(100);
        assertThat(b.burst()).isEqualTo(2);
    }

    @Test
    void refusesRateOrBurstBelowOne() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, () -> now)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, () -> now)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVeryLongIdleSpellDoesNotOverflow() {
        TokenBucket b = new TokenBucket(100_000, 100_000, () -> now);
        take(b, 200_000);
        now += Long.MAX_VALUE / 2;
        assertThat(take(b, 200_000)).isEqualTo(100_000);
    }

    private static int take(TokenBucket b, int tries) {
        int n = 0;
        for (int i = 0; i < tries; i++) if (b.tryTake()) n++;
        return n;
    }
}
