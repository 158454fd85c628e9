package io.midreg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** sip.idleConnectionTimeout and sip.deviceConnections: defaults, values, errors naming the key. */
class ConnectionsConfigTest {
    private static final String BASE = "upstream:\n  target: 127.0.0.1:5070\n  tokenSecret: test-secret-0123456789\n";

    private static LoadedConfig parse(String sip) throws ConfigException {
        return LoadedConfig.parse("t.yaml", BASE + sip);
    }

    @Test
    void defaultsAreTenMinutesIdleAndDeviceConnectionsKeptOpen() throws Exception {
        LoadedConfig c = parse("");
        assertThat(c.transport().idleConnectionTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(c.deviceConnections()).isEqualTo(DeviceConnections.KEEP_OPEN);
    }

    @Test
    void valuesAreRead() throws Exception {
        LoadedConfig c = parse("sip:\n  idleConnectionTimeout: 30\n  deviceConnections: idleTimeout\n");
        assertThat(c.transport().idleConnectionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.deviceConnections()).isEqualTo(DeviceConnections.IDLE_TIMEOUT);
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> parse("sip:\n  deviceConnections: forever\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'sip.deviceConnections' must be keepOpen or idleTimeout, not 'forever'");
        assertThatThrownBy(() -> parse("sip:\n  idleConnectionTimeout: -1\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'sip.idleConnectionTimeout' must be within 0..86400 seconds");
    }
}
