package io.midreg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {
    private static final String BASE = """
            sip:
              listeners:
                - transport: udp
                  port: 5060
            registrar:
              mode: contact
              maxExpires: 7200
            upstream:
              target: 127.0.0.1:5070
              tokenSecret: change-me-to-a-long-random-secret
            logging:
              level: info
              loggers:
                io.midreg.registrar: debug
            """;

    private static MidregConfig parse(String yaml) throws ConfigException {
        return LoadedConfig.parse("t.yaml", yaml).raw();
    }

    @Test
    void sameFileHasNoChanges() throws Exception {
        assertThat(ConfigChanges.between(parse(BASE), parse(BASE))).isEmpty();
    }

    @Test
    void namesEveryChangedKeyByItsDottedPath() throws Exception {
        String next = BASE.replace("maxExpires: 7200", "maxExpires: 3600\n  minExpires: 30").replace("port: 5060", "port: 5062")
                .replace("io.midreg.registrar: debug", "midreg.trace: debug").replace("mode: contact", "mode: aor");
        List<String> changed = ConfigChanges.between(parse(BASE), parse(next));
        assertThat(changed).containsExactlyInAnyOrder("registrar.maxExpires", "registrar.minExpires", "registrar.mode", "sip.listeners",
                "logging.loggers.io.midreg.registrar", "logging.loggers.midreg.trace");
    }

    @Test
    void aSectionLeftOutIsAChangeOfEachKeyItHad() throws Exception {
        String next = BASE.substring(0, BASE.indexOf("logging:"));
        assertThat(ConfigChanges.between(parse(BASE), parse(next))).containsExactlyInAnyOrder("logging.level", "logging.loggers.io.midreg.registrar");
    }

    @Test
    void throttlingExpiriesUpstreamTargetAndLogLevelsAreLiveTheRestNeedsARestart() {
        assertThat(List.of("registrar.maxExpires", "registrar.maxContactsPolicy", "registrar.domainAliases.example.org", "upstream.target",
                "upstream.refreshMargin", "upstream.expires", "upstream.expiresDeviation", "logging.level", "logging.loggers.midreg.trace",
                "sip.shutdownGrace")).allMatch(ReloadableKeys::isLive);
        assertThat(List.of("registrar.mode", "sip.listeners", "sip.eventLoops", "store.file", "store.capacity", "upstream.tokenSecret",
                "upstream.transport", "upstream.insertion", "admin.listen", "upstream.targets")).noneMatch(ReloadableKeys::isLive);
    }

    @Test
    void loggingLevelsAreCheckedWithKeyAndLine() {
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", BASE.replace("level: info", "level: loud")))
                .hasMessageContaining("t.yaml line 12").hasMessageContaining("'logging.level'").hasMessageContaining("loud");
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", BASE.replace("io.midreg.registrar: debug", "io.midreg.registrar: chatty")))
                .hasMessageContaining("t.yaml line 14").hasMessageContaining("'logging.loggers.io.midreg.registrar'");
    }

    @Test
    void loggingLevelsAreReadUpperCase() throws Exception {
        LoggingSettings s = LoadedConfig.parse("t.yaml", BASE).logging();
        assertThat(s.rootLevel()).isEqualTo("INFO");
        assertThat(s.loggers()).containsEntry("io.midreg.registrar", "DEBUG");
    }

    @Test
    void shutdownGraceIsCheckedWithKeyAndLine() throws Exception {
        assertThat(LoadedConfig.parse("t.yaml", BASE).shutdownGrace()).hasSeconds(5);
        assertThatThrownBy(() -> LoadedConfig.parse("t.yaml", BASE.replace("sip:\n", "sip:\n  shutdownGrace: 600\n")))
                .hasMessageContaining("t.yaml line 2").hasMessageContaining("'sip.shutdownGrace'").hasMessageContaining("0..60");
    }
}
