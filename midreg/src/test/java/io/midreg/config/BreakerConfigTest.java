package io.midreg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.midreg.testing.TestConfig;
import io.midreg.upstream.health.BreakerSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BreakerConfigTest {
    private static final Path STORE = Path.of("/tmp/never-opened.store");

    @Test
    void defaults() throws Exception {
        LoadedConfig c = LoadedConfig.parse("t.yaml", TestConfig.loopback(5060, STORE).yaml());
        assertThat(c.upstream().breaker()).isEqualTo(BreakerSettings.defaults());
        assertThat(c.registrar().survivalExpiresSeconds()).isEqualTo(120);
        assertThat(c.registrar().answerWithin()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void takesTheConfiguredValues() throws Exception {
        String yaml = TestConfig.loopback(5060, STORE)
                .upstream("breaker", "{failures: 3, openFor: 0.5, maxOpenFor: 30, probeInterval: 1.5}")
                .upstream("survival", "{expires: 300, answerWithin: 2.5}").yaml();
        LoadedConfig c = LoadedConfig.parse("t.yaml", yaml);
        assertThat(c.registrar().answerWithin()).isEqualTo(Duration.ofMillis(2500));
        assertThat(LoadedConfig.parse("t.yaml", TestConfig.loopback(5060, STORE).upstream("survival", "{answerWithin: 0}").yaml())
                .registrar().answerWithin()).as("off").isZero();
        assertThat(c.upstream().breaker()).isEqualTo(new BreakerSettings(3, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMillis(1500)));
        assertThat(c.registrar().survivalExpiresSeconds()).isEqualTo(300);
    }

    @Test
    void badValuesNameKeyAndLine() {
        String yaml = TestConfig.loopback(5060, STORE).upstream("breaker", "{failures: 0, openFor: 10, maxOpenFor: 5, probeInterval: 0.01}")
                .upstream("survival", "{expires: 5, answerWithin: 0.5}").yaml();
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", yaml))
                .hasMessageContaining("line")
                .hasMessageContaining("'upstream.breaker.failures' must be within 1..1000")
                .hasMessageContaining("'upstream.breaker.maxOpenFor' must be at least upstream.breaker.openFor")
                .hasMessageContaining("'upstream.breaker.probeInterval' must be 0")
                .hasMessageContaining("'upstream.survival.expires' must be within 10..86400")
                .hasMessageContaining("'upstream.survival.answerWithin' must be 0 (off) or within 1..30 seconds");
    }

    @Test
    void anUnknownBreakerKeyIsAnError() {
        String yaml = TestConfig.loopback(5060, STORE).upstream("breaker", "{failure: 3}").yaml();
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", yaml)).hasMessageContaining("unknown key 'upstream.breaker.failure'");
    }

    @Test
    void breakerAndSurvivalReloadLive() {
        assertThat(ReloadableKeys.isLive("upstream.breaker.failures")).isTrue();
        assertThat(ReloadableKeys.isLive("upstream.survival.expires")).isTrue();
    }
}
