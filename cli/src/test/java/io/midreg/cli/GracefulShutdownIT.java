package io.midreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.store.AorRecord;
import io.midreg.store.BindingStore;
import io.midreg.store.BindingStores;
import io.midreg.store.StoreConfig;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.RegistrarMode;
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
            Files.writeString(config, io.midreg.testing.TestConfig.loopback(kamailio.address().getPort(), storeFile)
                    .sipPort(port).sip("shutdownGrace", 5).yaml());
            try (MidregProcess midreg = MidregProcess.start(HOME.resolve("bin/midreg"), HOME, config, port)) {
                for (int i = 0; i < DEVICES; i++) {
                    try (TestDevice d = new TestDevice(midreg.sipAddress(), "dev" + i, DOMAIN, "pw-dev" + i)) {
                        ReceivedMessage r = d.register(600);
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

    private static Path config(Path dir, int port, int upstreamPort, int graceSeconds) throws java.io.IOException {
        Path config = dir.resolve("midreg.yaml");
        Files.writeString(config, """
                sip:
                  listeners:
                    - transport: udp
                      host: 127.0.0.1
                      port: %d
                  shutdownGrace: %d
                upstream:
                  target: 127.0.0.1:%d
                  tokenSecret: shutdown-secret-0123456789
                admin:
                  listen: 127.0.0.1:0
                store:
                  file: %s
                  capacity: 100
                """.formatted(port, graceSeconds, upstreamPort, dir.resolve("midreg.store")));
        return config;
    }

    /** Waits (bounded) until Kamailio has received {@code count} REGISTERs. */
    private static void awaitUpstreamRegisters(KamailioRegistrar kamailio, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (kamailio.registerRequestsReceived() < count && System.nanoTime() < deadline) Thread.sleep(50);
        assertThat(kamailio.registerRequestsReceived()).isGreaterThanOrEqualTo(count);
    }

    @Test
    void aRegisterStillUpstreamAtSigtermIsAnsweredAndCommittedBeforeExit(@TempDir Path dir) throws Exception {
        int port = MidregProcess.freeUdpPort();
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withoutAuth())) {
            Path config = config(dir, port, kamailio.address().getPort(), 15);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (MidregProcess midreg = MidregProcess.start(HOME.resolve("bin/midreg"), HOME, config, port);
                 TestDevice phone = new TestDevice(midreg.sipAddress(), "slow", DOMAIN, "pw-slow")) {
                // The upstream stays silent: the REGISTER is relayed and midreg's client transaction
                // retransmits it (RFC 3261 timer E) while midreg is told to stop.
                kamailio.setMode(RegistrarMode.DROP);
                Future<Integer> answer = pool.submit(() -> phone.register(600).status());
                awaitUpstreamRegisters(kamailio, 1);
                midreg.signal("TERM");
                midreg.awaitLog(l -> l.contains("midreg stopping"), 10);
                kamailio.setMode(RegistrarMode.NORMAL); // the next retransmission gets its 200
                int status;
                try {
                    status = answer.get(20, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new AssertionError("no answer; upstream saw " + kamailio.registerRequestsReceived() + " REGISTERs; midreg log:\n"
                            + midreg.log(), e);
                }
                assertThat(status).isEqualTo(200);
                assertThat(midreg.awaitExit(30)).as(midreg.log()).isIn(0, 143);
                assertThat(midreg.log()).doesNotContain("still unanswered");
            } finally {
                pool.shutdownNow();
            }
        }
        try (BindingStore store = BindingStores.open(StoreConfig.of(dir.resolve("midreg.store")).withCapacity(100))) {
            assertThat(store.get("sip:slow@" + DOMAIN)).as("committed during the stop").isPresent();
        }
    }

    @Test
    void anUpstreamThatNeverAnswersDelaysTheStopByTheGraceOnlyAndNewRequestsGoUnanswered(@TempDir Path dir) throws Exception {
        int port = MidregProcess.freeUdpPort();
        try (KamailioRegistrar kamailio = KamailioRegistrar.start(KamailioOptions.withoutAuth())) {
            Path config = config(dir, port, kamailio.address().getPort(), 3);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (MidregProcess midreg = MidregProcess.start(HOME.resolve("bin/midreg"), HOME, config, port);
                 TestDevice phone = new TestDevice(midreg.sipAddress(), "lost", DOMAIN, "pw-lost")) {
                kamailio.setMode(RegistrarMode.DROP);
                pool.submit(() -> phone.register(600));
                awaitUpstreamRegisters(kamailio, 1);
                long stopAt = System.nanoTime();
                midreg.signal("TERM");
                midreg.awaitLog(l -> l.contains("midreg stopping"), 10);
                assertThat(midreg.options()).as("OPTIONS while stopping").isEqualTo("no answer");
                assertThat(midreg.awaitExit(30)).as(midreg.log()).isIn(0, 143);
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopAt);
                assertThat(tookMillis).as("stop waited for the grace, and not much longer").isBetween(2_500L, 15_000L);
                assertThat(midreg.log()).contains("1 REGISTERs relayed upstream were still unanswered after the shutdown grace");
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(Files.readString(dir.resolve("midreg.store.lock"), StandardCharsets.US_ASCII)).isEqualTo("clean\n");
    }
}
