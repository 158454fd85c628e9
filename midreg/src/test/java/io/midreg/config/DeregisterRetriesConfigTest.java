package io.midreg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.midreg.testing.TestConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DeregisterRetriesConfigTest {
    private static final Path STORE = Path.of("/tmp/never-opened.store");

    @Test
    void defaultsToThree() throws Exception {
        assertThat(LoadedConfig.parse("t.yaml", TestConfig.loopback(5060, STORE).yaml()).upstream().deregisterRetries()).isEqualTo(3);
    }

    @Test
    void takesTheConfiguredValue() throws Exception {
        String yaml = TestConfig.loopback(5060, STORE).upstream("deregisterRetries", 0).yaml();
        assertThat(LoadedConfig.parse("t.yaml", yaml).upstream().deregisterRetries()).isZero();
    }

    @Test
    void anOutOfRangeValueNamesKeyAndLine() {
        String yaml = TestConfig.loopback(5060, STORE).upstream("deregisterRetries", 11).yaml();
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", yaml)).hasMessageContaining("upstream.deregisterRetries")
                .hasMessageContaining("line").hasMessageContaining("0..10");
    }
}
