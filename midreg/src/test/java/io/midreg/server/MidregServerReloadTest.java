package io.midreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.config.LoggingSettings;
import io.midreg.config.ReloadOutcome;
import io.midreg.registrar.ThrottlingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reloading the config file of a started server: what applies live, what waits for a restart, a bad file. */
@Timeout(60)
class MidregServerReloadTest {
    private Path dir;
    private Path file;
    private MidregServer server;
    private final List<LoggingSettings> levelsApplied = new CopyOnWriteArrayList<>();

    private String config(String registrarExtra, String upstreamTarget, String refreshMargin) {
        return """
                sip:
                  listeners:
                    - transport: udp
                      host: 127.0.0.1
                      port: 0
                registrar:
                  mode: contact
                %s
                upstream:
                  target: %s
                  refreshMargin: %s
                  tokenSecret: test-secret-0123456789
                store:
                  file: %s
                  capacity: 100
                """.formatted(registrarExtra, upstreamTarget, refreshMargin, dir.resolve("s.store"));
    }

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("midreg-reload");
        file = dir.resolve("midreg.yaml");
        Files.writeString(file, config("  maxExpires: 7200", "127.0.0.1:9", "0.1"));
        server = new MidregServer(LoadedConfig.load(file), System::currentTimeMillis, LoadedConfig.load(file).timers(), levelsApplied::add);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void liveSettingsApplyAndTheNextRegisterSeesThem() throws Exception {
        Files.writeString(file, config("  maxExpires: 3600\nlogging:\n  loggers:\n    midreg.trace: debug", "127.0.0.1:19", "0.4"));
        ReloadOutcome o = server.reload();
        assertThat(o.ok()).as(o.error()).isTrue();
        assertThat(o.applied()).containsExactlyInAnyOrder("registrar.maxExpires", "upstream.target", "upstream.refreshMargin",
                "logging.loggers.midreg.trace");
        assertThat(o.needRestart()).isEmpty();
        assertThat(server.registrar().settings().expiry().maxSeconds()).isEqualTo(3600);
        assertThat(server.registrar().settings().refreshMargin()).isEqualTo(0.4);
        assertThat(server.registrar().relay().target().address().getPort()).isEqualTo(19);
        assertThat(levelsApplied).last().satisfies(l -> assertThat(l.loggers()).containsEntry("midreg.trace", "DEBUG"));
    }

    @Test
    void restartOnlyChangesAreReportedNotAppliedWhileTheLiveOnesApply() throws Exception {
        Files.writeString(file, config("  maxExpires: 3600", "127.0.0.1:9", "0.1").replace("mode: contact", "mode: aor")
                .replace("capacity: 100", "capacity: 200"));
        ReloadOutcome o = server.reload();
        assertThat(o.ok()).isTrue();
        assertThat(o.applied()).containsExactly("registrar.maxExpires");
        assertThat(o.needRestart()).containsExactlyInAnyOrder("registrar.mode", "store.capacity");
        assertThat(server.registrar().settings().mode()).isEqualTo(ThrottlingMode.CONTACT);
        assertThat(server.registrar().settings().expiry().maxSeconds()).isEqualTo(3600);

        // Reloading the same file again: nothing new to apply, the restart is still due.
        ReloadOutcome again = server.reload();
        assertThat(again.applied()).isEmpty();
        assertThat(again.needRestart()).containsExactlyInAnyOrder("registrar.mode", "store.capacity");
    }

    @Test
    void aBadFileChangesNothingAndNamesKeyAndLine() throws Exception {
        Files.writeString(file, config("  maxExpires: 3600\n  maxContacts: 0", "127.0.0.1:19", "0.4"));
        ReloadOutcome o = server.reload();
        assertThat(o.ok()).isFalse();
        assertThat(o.error()).contains("line 9").contains("registrar.maxContacts");
        assertThat(o.applied()).isEmpty();
        assertThat(server.registrar().settings().expiry().maxSeconds()).isEqualTo(7200);
        assertThat(server.registrar().settings().refreshMargin()).isEqualTo(0.1);
        assertThat(server.registrar().relay().target().address().getPort()).isEqualTo(9);

        Files.writeString(file, "registrar:\n  maxExpires: \"7200\n");
        assertThat(server.reload().error()).contains("not valid YAML");
        Files.delete(file);
        assertThat(server.reload().error()).contains("cannot read");
        assertThat(server.registrar().settings().expiry().maxSeconds()).isEqualTo(7200);
    }
}
