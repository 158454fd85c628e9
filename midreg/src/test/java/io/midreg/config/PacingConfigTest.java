package io.midreg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.midreg.testing.TestConfig;
import io.midreg.upstream.pacing.PacingSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** upstream.rate, burst, queueDeadline, queueSize: defaults, values, and errors that name key and line. */
class PacingConfigTest {
    private static TestConfig base() {
        return TestConfig.loopback(5070, Path.of("unused.store"));
    }

    @Test
    void defaultsAre200PerSecondBurstEqualToRate4SecondsAnd10000Waiting() throws Exception {
        PacingSettings p = LoadedConfig.parse("t.yaml", base().yaml()).upstream().pacing();
        assertThat(p).isEqualTo(new PacingSettings(200, 20, Duration.ofSeconds(4), 10_000));
    }

    @Test
    void burstDefaultsToATenthOfTheConfiguredRate() throws Exception {
        PacingSettings p = LoadedConfig.parse("t.yaml", base().upstream("rate", 30).upstream("queueSize", 5).yaml()).upstream().pacing();
        assertThat(p.rate()).isEqualTo(30);
        assertThat(p.burst()).isEqualTo(3);
        assertThat(p.queueSize()).isEqualTo(5);
    }

    @Test
    void theSampleConfigSaysTheDefaults() throws Exception {
        assertThat(LoadedConfig.load(Path.of("../config/midreg.yaml")).upstream().pacing()).isEqualTo(PacingSettings.defaults());
    }

    @Test
    void outOfRangeValuesNameKeyAndLine() {
        String yaml = base().upstream("rate", 0).upstream("burst", 100001).upstream("queueDeadline", 31).upstream("queueSize", -1).yaml();
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", yaml)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("upstream.rate").hasMessageContaining("1..100000")
                .hasMessageContaining("upstream.burst").hasMessageContaining("upstream.queueDeadline").hasMessageContaining("upstream.queueSize")
                .hasMessageMatching("(?s).*line \\d+.*");
    }

    @Test
    void aWordForTheRateIsABadValue() {
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", base().upstream("rate", "fast").yaml()))
                .hasMessageContaining("upstream.rate");
    }
}
