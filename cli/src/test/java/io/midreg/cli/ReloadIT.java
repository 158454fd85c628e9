package io.midreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.TestDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP to a running {@code bin/midreg run} in front of a real Kamailio: a throttling change in
 * the file shows in what reaches the upstream; a restart-only change is reported and not applied;
 * a bad file keeps the running config and names the key and line.
 */
@Timeout(180)
class ReloadIT {
    private static final Path HOME = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;

    private static String config(int port, int upstreamPort, Path store, String refreshMargin, String extraRegistrar) {
        return """
                sip:
                  listeners:
                    - transport: udp
                      host: 127.0.0.1
                      port: %d
                registrar:
                  mode: contact
                  maxExpires: 7200%s
                upstream:
                  target: 127.0.0.1:%d
                  expires: 3600
                  refreshMargin: %s
                  expiresDeviation: 0
                  tokenSecret: reload-secret-0123456789
                admin:
                  listen: 127.0.0.1:0
                store:
                  file: %s
                  capacity: 100
                """.formatted(port, extraRegistrar, upstreamPort, refreshMargin, store);
    }

    @Test
    void sighupChangesWhatIsAbsorbedAndKeepsTheOldConfigOnABadFile(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("midreg.store");
        Path file = dir.resolve("midreg.yaml");
        int port = MidregProcess.freeUdpPort();
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withoutAuth())) {
            int up = kamailio.address().getPort();
            Files.writeString(file, config(port, up, store, "0.1", ""));
            try (MidregProcess midreg = MidregProcess.start(HOME.resolve("bin/midreg"), HOME, file, port);
                 TestDevice phone = new TestDevice(midreg.sipAddress(), "phone", DOMAIN, "pw-phone")) {
                // Device lifetime 1800 s against an upstream binding of 3600 s: with a margin of
                // 10 % (360 s) a refresh is answered by midreg; with 50 % (1800 s) it must go upstream.
                assertThat(phone.register(1800).status()).isEqualTo(200);
                long first = kamailio.registerRequestsReceived();
                assertThat(first).isEqualTo(1);
                assertThat(phone.register(1800).status()).isEqualTo(200);
                assertThat(phone.register(1800).status()).isEqualTo(200);
                assertThat(kamailio.registerRequestsReceived()).as("refreshes absorbed before the reload").isEqualTo(first);

                Files.writeString(file, config(port, up, store, "0.5", "").replace("capacity: 100", "capacity: 200"));
                midreg.signal("HUP");
                String log = midreg.awaitLog(l -> l.contains("config reloaded"), 30);
                if (!log.contains("config reloaded")) {
                    throw new AssertionError("no reload 30 s after SIGHUP; midreg's log:\n" + log + "\nthreads:\n" + midreg.threadDump());
                }
                assertThat(log).contains("applied [upstream.refreshMargin]").contains("need a restart (not applied) [store.capacity]");

                assertThat(phone.register(1800).status()).isEqualTo(200);
                long afterReload = kamailio.registerRequestsReceived();
                assertThat(afterReload).as("the same refresh is forwarded after the reload").isEqualTo(first + 1);

                // A bad file (one key out of range, the margin back at 10 %): nothing of it applies.
                Files.writeString(file, config(port, up, store, "0.1", "\n  maxContacts: 0"));
                midreg.signal("HUP");
                log = midreg.awaitLog(l -> l.contains("config reload refused"), 30);
                if (!log.contains("config reload refused")) {
                    throw new AssertionError("no refusal 30 s after SIGHUP; midreg's log:\n" + log + "\nthreads:\n" + midreg.threadDump());
                }
                assertThat(log).contains("config reload refused, nothing changed").contains(file + " line 9")
                        .contains("'registrar.maxContacts'");
                assertThat(midreg.isAlive()).isTrue();
                assertThat(phone.register(1800).status()).isEqualTo(200);
                assertThat(kamailio.registerRequestsReceived()).as("still forwarded: the 50 % margin stayed").isEqualTo(afterReload + 1);
            }
        }
    }

    /**
     * Started as nohup starts it (SIGHUP ignored, which the JVM keeps): midreg says at start that
     * kill -HUP will not reload, survives a SIGHUP, and {@code midreg reload} still reloads.
     */
    @Test
    void withSighupIgnoredItSaysSoSurvivesAHangupAndReloadsThroughTheCli(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("midreg.store");
        Path file = dir.resolve("midreg.yaml");
        int port = MidregProcess.freeUdpPort();
        int upstreamPort = MidregProcess.freeUdpPort(); // nothing is registered: no upstream needed
        Files.writeString(file, config(port, upstreamPort, store, "0.1", ""));
        try (MidregProcess midreg = MidregProcess.startWithHangupIgnored(HOME.resolve("bin/midreg"), HOME, file, port)) {
            String log = midreg.awaitLog(l -> l.contains("midreg started"), 30);
            assertThat(log).contains("SIGHUP is ignored in this process").contains("midreg reload");
            Files.writeString(file, config(port, upstreamPort, store, "0.5", ""));
            midreg.signal("HUP");
            Thread.sleep(1000);
            assertThat(midreg.isAlive()).as("an ignored SIGHUP stops nothing").isTrue();
            assertThat(midreg.log()).doesNotContain("config reloaded");

            java.util.regex.Matcher admin = java.util.regex.Pattern.compile("admin API on (http://[0-9.:]+)").matcher(midreg.log());
            assertThat(admin.find()).as("the admin address in the log").isTrue();
            Process reload = new ProcessBuilder(HOME.resolve("bin/midreg").toString(), "reload", "--admin", admin.group(1))
                    .directory(HOME.toFile()).redirectErrorStream(true).start();
            assertThat(reload.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String out = new String(reload.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(reload.exitValue()).as(out).isZero();
            assertThat(out).contains("applied: upstream.refreshMargin");
            assertThat(midreg.awaitLog(l -> l.contains("config reloaded"), 10)).contains("applied [upstream.refreshMargin]");
        }
    }
}
