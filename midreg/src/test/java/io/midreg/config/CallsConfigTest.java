package io.midreg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The calls: section: defaults, values, and errors that name the key and its line. */
class CallsConfigTest {
    private static final String BASE = "upstream:\n  target: 127.0.0.1:5070\n  tokenSecret: test-secret-0123456789\n";

    private static CallsSettings parse(String calls) throws ConfigException {
        return LoadedConfig.parse("t.yaml", BASE + calls).calls();
    }

    @Test
    void defaultsAreThreeMinutesOfTimerCAndNoExtraSources() throws Exception {
        CallsSettings c = parse("");
        assertThat(c.timerC()).isEqualTo(Duration.ofMinutes(3));
        assertThat(c.trustedSources().isEmpty()).isTrue();
        assertThat(c.unregisteredSources().contains(InetAddress.getByName("127.0.0.1"))).isFalse();
    }

    @Test
    void valuesAreReadAddressesAndPrefixesMatch() throws Exception {
        CallsSettings c = parse("calls:\n  timerC: 2.5\n  trustedSources: [10.0.0.0/8, \"2001:db8::/32\"]\n  unregisteredSources: [192.0.2.7]\n");
        assertThat(c.timerC()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.trustedSources().contains(InetAddress.getByName("10.200.1.1"))).isTrue();
        assertThat(c.trustedSources().contains(InetAddress.getByName("11.0.0.1"))).isFalse();
        assertThat(c.trustedSources().contains(InetAddress.getByName("2001:db8:1::5"))).isTrue();
        assertThat(c.unregisteredSources().contains(InetAddress.getByName("192.0.2.7"))).isTrue();
        assertThat(c.unregisteredSources().contains(InetAddress.getByName("192.0.2.8"))).isFalse();
    }

    @Test
    void badValuesNameTheKeyAndLine() {
        assertThatThrownBy(() -> parse("calls:\n  timerC: 0\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("t.yaml line 5: 'calls.timerC' must be within 1..3600 seconds");
        assertThatThrownBy(() -> parse("calls:\n  trustedSources:\n    - pbx.example.com\n"))
                .hasMessageContaining("line 6").hasMessageContaining("must be an IP address or CIDR prefix, not 'pbx.example.com'");
        assertThatThrownBy(() -> parse("calls:\n  unregisteredSources: [10.0.0.0/33]\n"))
                .hasMessageContaining("calls.unregisteredSources").hasMessageContaining("prefix length must be within 0..32");
    }

    @Test
    void anUnknownKeyIsAnError() {
        assertThatThrownBy(() -> parse("calls:\n  timerc: 10\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 5").hasMessageContaining("unknown key 'calls.timerc'");
    }
}
