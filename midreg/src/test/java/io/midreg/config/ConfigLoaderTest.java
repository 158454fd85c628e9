package io.midreg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void readsTheSampleConfig() throws Exception {
        MidregConfig c = loader.read(Path.of("../config/midreg.yaml"));
        assertThat(c.sip().listeners()).isNotEmpty();
        assertThat(c.sip().listeners().get(0).transport()).isEqualTo("udp");
    }

    @Test
    void unknownKeyNamesKeyAndLine() {
        assertThatThrownBy(() -> loader.parse("t.yaml", "sip:\n  listeners:\n    - transport: udp\n      prot: 5060\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("t.yaml line 4")
                .hasMessageContaining("unknown key 'sip.listeners[0].prot'");
    }

    @Test
    void wrongTypeNamesKeyAndLine() {
        assertThatThrownBy(() -> loader.parse("t.yaml", "sip:\n  eventLoops: many\n"))
                .hasMessageContaining("t.yaml line 2")
                .hasMessageContaining("bad value for 'sip.eventLoops'");
    }

    @Test
    void norwayIsNotFalse() throws Exception {
        // Jackson 3 follows YAML 1.2: NO stays a string (Jackson 2 read it as false).
        MidregConfig c = loader.parse("t.yaml", "sip:\n  listeners:\n    - transport: udp\n      host: NO\n");
        assertThat(c.sip().listeners().get(0).host()).isEqualTo("NO");
    }

    @Test
    void brokenYamlIsReported() {
        assertThatThrownBy(() -> loader.parse("t.yaml", "sip:\n  eventLoops: \"1\n")).hasMessageContaining("t.yaml").hasMessageContaining("not valid YAML");
    }

    @Test
    void anEmptyListEntryNamesKeyAndLine() {
        // found by ConfigLoaderFuzzTest: "- # comment" is a null entry, which the settings code read as a listener
        assertThatThrownBy(() -> loader.parse("t.yaml", "sip:\n  listeners:\n    - # udp on 5060\n  eventLoops: 1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("t.yaml line 3")
                .hasMessageContaining("bad value for 'sip.listeners[0]'");
        assertThatThrownBy(() -> loader.parse("t.yaml", "calls:\n  trustedSources:\n    - 10.0.0.1\n    -\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("calls.trustedSources[1]");
    }
}
