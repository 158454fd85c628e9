package io.midreg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The nat: section: STUN on by default, off when asked, unknown keys named. */
class NatConfigTest {
    private static final String BASE = "upstream:\n  target: 127.0.0.1:5070\n  tokenSecret: test-secret-0123456789\n";

    private static NatSettings parse(String nat) throws ConfigException {
        return LoadedConfig.parse("t.yaml", BASE + nat).nat();
    }

    @Test
    void stunIsOnByDefault() throws Exception {
        assertThat(parse("").stunEnabled()).isTrue();
        assertThat(parse("nat:\n  stun: {}\n").stunEnabled()).isTrue();
    }

    @Test
    void stunCanBeTurnedOff() throws Exception {
        assertThat(parse("nat:\n  stun:\n    enabled: false\n").stunEnabled()).isFalse();
    }

    @Test
    void unknownKeysAndBadValuesAreErrors() {
        assertThatThrownBy(() -> parse("nat:\n  stun:\n    enable: false\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("line 6").hasMessageContaining("unknown key 'nat.stun.enable'");
        assertThatThrownBy(() -> parse("nat:\n  stun:\n    enabled: maybe\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("nat.stun.enabled");
    }
}
