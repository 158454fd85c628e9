package io.midreg.registrar.surrogate;

import static org.assertj.core.api.Assertions.assertThat;
import java.time.Duration;
import org.junit.jupiter.api.Test;


class NegativeCacheTest {
    private final NegativeCache cache = new NegativeCache(Duration.ofSeconds(300));

    @Test
    void holdsAnAorForTheConfiguredTimeAndCountsEachEntryOnce() {
        assertThat(cache.add("sip:a@x", "403 Forbidden", 1000)).isTrue();
        assertThat(cache.add("sip:a@x", "403 Forbidden", 2000)).as("already held: no second WARN").isFalse();
        assertThat(cache.added()).isEqualTo(1);
        assertThat(cache.remainingMillis("sip:a@x", 2000)).isEqualTo(299_000);
        assertThat(cache.remainingMillis("sip:b@x", 2000)).isZero();
        assertThat(cache.remainingMillis("sip:a@x", 301_000)).as("ran out").isZero();
        assertThat(cache.size()).isZero();
        assertThat(cache.add("sip:a@x", "401 again", 301_000)).isTrue();
        cache.clear("sip:a@x");
        assertThat(cache.remainingMillis("sip:a@x", 301_001)).isZero();
    }

    @Test
    void aNewHoldTimeAppliesToNewEntries() {
        cache.holdFor(Duration.ofSeconds(10));
        cache.add("sip:a@x", "404", 0);
        assertThat(cache.remainingMillis("sip:a@x", 0)).isEqualTo(10_000);
    }
}
