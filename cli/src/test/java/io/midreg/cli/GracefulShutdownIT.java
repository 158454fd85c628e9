package io.midreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.SipResponse;
import io.midreg.store.AorRecord;
import io.midreg.store.BindingStore;
import io.midreg.store.BindingStores;
import io.midreg.store.StoreConfig;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.TestDevice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a running {@code bin/midreg run} in front of a real Kamailio: the store closes cleanly
 * and reopens with every binding a device was told about with a 200, including REGISTERs that were
 * still upstream when the signal came.
 */
@Timeout(180)
class GracefulShutdownIT {
    private static final Path HOME = Path.of(System.getProperty("user.dir")).resolve("..").normalize();
    private static final int DEVICES = 200;
    private static final int LATE_DEVICES = 20;
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;

    @Test
    void sigtermLetsRelayedRegistersFinishAndTheStoreReopensWithEveryBinding(@TempDir Path dir) throws Exception {
        Path storeFile = dir.resolve("midreg.store");
        int port = MidregProcess.freeUdpPort();
        List<String> registered = new ArrayList<>();
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withoutAuth())) {
            Path config = dir.resolve("midreg.yaml");
            Files.writeString(config, """
                    sip:
                      listeners:
                        - transport: udp
                          host: 127.0.0.1
                          port: %d
                      shutdownGrace: 5
                    upstream:
                      target: 127.0.0.1:%d
                      tokenSecret: shutdown-secret-0123456789
                    store:
                      file: %s
                      capacity: 1000
                    """.formatted(port, kamailio.address().getPort(), storeFile));
            try (MidregProcess midreg = MidregProcess.start(HOME.resolve("bin/midreg"), HOME, config, port)) {
                for (int i = 0; i < DEVICES; i++) {
                    try (TestDevice d = new TestDevice(midreg.sipAddress(), "dev" + i, DOMAIN, "pw-dev" + i)) {
                        SipResponse r = d.register(600);
                        assertThat(r.status()).as("dev%d: %s", i, r.startLine()).isEqualTo(200);
                        registered.add("sip:dev" + i + "@" + DOMAIN);
                    }
                }
                assertThat(kamailio.registerRequestsReceived()).isGreaterThanOrEqualTo(DEVICES);

                // A last wave of new devices, SIGTERM while their REGISTERs are on their way upstream.
                ExecutorService pool = Executors.newFixedThreadPool(LATE_DEVICES);
                List<Future<String>> late = new ArrayList<>();
                try {
                    for (int i = 0; i < LATE_DEVICES; i++) {
                        String user = "late" + i;
                        late.add(pool.submit(() -> {
                            try (TestDevice d = new TestDevice(midreg.sipAddress(), user, DOMAIN, "pw-" + user)) {
                                return d.register(600).status() == 200 ? "sip:" + user + "@" + DOMAIN : null;
                            } catch (java.net.SocketTimeoutException unanswered) {
                                return null; // arrived after the stop began: left unanswered, as designed
                            }
                        }));
                    }
                    Thread.sleep(5);
                    midreg.signal("TERM");
                    int exit = midreg.awaitExit(60);
                    assertThat(exit).as(midreg.log()).isIn(0, 143);
                    for (Future<String> f : late) {
                        String aor = f.get(30, TimeUnit.SECONDS);
                        if (aor != null) registered.add(aor);
                    }
                } finally {
                    pool.shutdownNow();
                }
                String log = midreg.log();
                assertThat(log).contains("midreg stopping").contains("store " + storeFile + " closed")
                        .doesNotContain("still unanswered after the shutdown grace").doesNotContain("Exception");
            }
        }
        assertThat(Files.readString(storeFile.resolveSibling("midreg.store.lock"), StandardCharsets.US_ASCII))
                .as("clean-shutdown mark").isEqualTo("clean\n");
        try (BindingStore store = BindingStores.open(StoreConfig.of(storeFile).withCapacity(1000))) {
            assertThat(registered).hasSizeGreaterThanOrEqualTo(DEVICES);
            for (String aor : registered) {
                Optional<AorRecord> record = store.get(aor);
                assertThat(record).as(aor).isPresent();
                assertThat(record.get().bindings()).as(aor).hasSize(1);
                assertThat(record.get().bindings().get(0).upstream()).as(aor + " upstream state").isNotNull();
            }
            assertThat(store.count()).isEqualTo(registered.size());
        }
    }
}
