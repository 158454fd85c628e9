package io.midreg.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.store.UpstreamState;
import io.midreg.store.UpstreamStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefreshSpreadTest {
    static final long T0 = 1_800_000_000_000L;
    static final long LIFETIME = 3_600_000;

    static UpstreamState registeredAt(String token, long at) {
        return new UpstreamState(token, at + LIFETIME, at, "cid", 1, UpstreamStatus.REGISTERED, 200, null, List.of(), List.of());
    }

    @Test
    void aBurstGrantedTheSameExpiryIsSpreadEvenlyOverTheDeviation() {
        // 10 000 registrations accepted in the same millisecond with the same lifetime (an upstream
        // that clamps): their refreshes must not come due together.
        int n = 10_000;
        long range = (long) (LIFETIME * 0.05);
        int[] tenths = new int[10];
        for (int i = 0; i < n; i++) {
            long s = RefreshSpread.millis(registeredAt("tok-" + i, T0), 0.05);
            assertThat(s).isBetween(0L, range);
            tenths[(int) Math.min(9, s * 10 / (range + 1))]++;
        }
        // each tenth of the range holds about a tenth of them (binomial sd ~30)
        for (int t : tenths) assertThat(t).isBetween(850, 1150);
    }

    @Test
    void oneRegistrationSeesTheSameSpreadAllCycleAndAnotherNextCycle() {
        UpstreamState up = registeredAt("tok-7", T0);
        assertThat(RefreshSpread.millis(up, 0.05)).isEqualTo(RefreshSpread.millis(registeredAt("tok-7", T0), 0.05));
        long[] cycles = new long[8];
        for (int c = 0; c < cycles.length; c++) cycles[c] = RefreshSpread.millis(registeredAt("tok-7", T0 + c * LIFETIME), 0.05);
        assertThat(java.util.Arrays.stream(cycles).distinct().count()).isGreaterThan(4);
    }

    @Test
    void noDeviationOrNoKnownLifetimeMeansNoSpread() {
        assertThat(RefreshSpread.millis(registeredAt("tok", T0), 0)).isZero();
        UpstreamState unknownStart = new UpstreamState("tok", T0 + LIFETIME, 0, "cid", 1, UpstreamStatus.REGISTERED, 200, null, List.of(),
                List.of());
        assertThat(RefreshSpread.millis(unknownStart, 0.05)).isZero();
    }
}
