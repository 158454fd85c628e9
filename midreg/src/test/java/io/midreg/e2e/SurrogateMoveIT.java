package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.server.MidregServer;
import io.midreg.store.AorRecord;
import io.midreg.testing.Cleanup;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.RegistrarMode;
import io.midreg.testing.TestDevice;
import io.midreg.testing.TwoUpstreams;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Surrogate registrations and several targets, with two real Kamailio registrars with digest
 * auth (A of priority 1, B of priority 2): midreg records which target holds each surrogate
 * registration; when A fails, a device's refresh (answered by midreg, not due upstream) makes
 * midreg register the AOR at B in its own name at once, through B's pacer, rather than at its
 * refresh time; the store then says B, nothing more reaches A, and the device's de-registration
 * goes to B, where the binding is.
 */
@Timeout(120)
class SurrogateMoveIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final int DEVICES = 6;
    /** A's breaker stays open this long after one failure: longer than the test needs. */
    private static final long OPEN_MILLIS = 60_000;

    private final Cleanup started = new Cleanup();
    private TwoUpstreams upstreams;
    private KamailioRegistrar a;
    private KamailioRegistrar b;
    private MidregServer midreg;
    private final List<TestDevice> devices = new ArrayList<>();

    @AfterEach
    void stop() {
        started.close();
    }

    private void start(String mode) throws Exception {
        KamailioOptions auth = KamailioOptions.withAuth().minExpires(5).maxExpires(3600);
        upstreams = started.add(TwoUpstreams.start(auth));
        a = upstreams.a();
        b = upstreams.b();
        Path dir = Files.createTempDirectory("midreg-surrogate-move");
        StringBuilder creds = new StringBuilder();
        for (int i = 0; i <= DEVICES; i++) {
            creds.append("- aor: sip:").append(user(i)).append('@').append(DOMAIN).append('\n')
                    .append("  realm: ").append(DOMAIN).append('\n')
                    .append("  password: pw-").append(user(i)).append('\n');
        }
        Path file = Files.writeString(dir.resolve("credentials.yaml"), creds.toString());
        String yaml = upstreams.config(dir.resolve("midreg.store"), ";priority=1", ";priority=2").registrar("mode", mode)
                .upstream("expires", 3600).upstream("expiresDeviation", 0).upstream("credentials", file).yaml();
        midreg = started.add(upstreams.midreg("surrogate-move.yaml", yaml, RegistrarEndToEnd.FAST, 1, OPEN_MILLIS));
        midreg.start();
    }

    private static String user(int i) {
        return "smv" + i;
    }

    private static String nameOf(KamailioRegistrar k) {
        return TwoUpstreams.nameOf(k);
    }

    private InetSocketAddress midregAddress() {
        return TwoUpstreams.udpAddress(midreg);
    }

    /** The targets midreg's store says hold the AOR's upstream registrations (the AOR's, or each binding's). */
    private List<String> storedTargets(int i) {
        AorRecord r = midreg.store().get("sip:" + user(i) + "@" + DOMAIN).orElseThrow();
        List<String> held = new ArrayList<>();
        if (r.upstream() != null) held.add(r.upstream().target());
        r.bindings().forEach(x -> {
            if (x.upstream() != null) held.add(x.upstream().target());
        });
        return held;
    }

    private static int contactsAt(KamailioRegistrar k, int i) {
        try {
            return k.contactsOf(user(i) + "@" + DOMAIN).size();
        } catch (RuntimeException e) { // kamcmd: "AOR has no contacts"
            return 0;
        }
    }

    @Test
    void aorModeMovesTheSurrogateRegistrationsOfAFailedTarget() throws Exception {
        start("aor");
        movesAndDeRegistersWhereHeld();
    }

    @Test
    void contactModeMovesTheSurrogateRegistrationsOfAFailedTarget() throws Exception {
        start("contact");
        movesAndDeRegistersWhereHeld();
    }

    private void movesAndDeRegistersWhereHeld() throws Exception {
        // 1. Both up: every AOR is registered at A by midreg, and the store says A.
        for (int i = 0; i < DEVICES; i++) {
            TestDevice d = started.add(new TestDevice(midregAddress(), user(i), DOMAIN, "pw-" + user(i)));
            devices.add(d);
            assertThat(d.register(600).status()).isEqualTo(401);
            assertThat(d.registerWithAuth(600).status()).isEqualTo(200);
        }
        for (int i = 0; i < DEVICES; i++) {
            assertThat(contactsAt(a, i)).as("%s at A", user(i)).isEqualTo(1);
            assertThat(storedTargets(i)).as("%s held at A", user(i)).containsOnly(nameOf(a));
        }
        assertThat(b.registerRequestsReceived()).isZero();
        long atA = a.registerRequestsReceived();
        for (TestDevice d : devices) assertThat(d.registerWithAuth(600).status()).isEqualTo(200);
        assertThat(a.registerRequestsReceived()).as("refreshes not due upstream are answered by midreg").isEqualTo(atA);

        // 2. A goes silent; a new surrogate AOR's registration times out there and takes A out of service.
        a.setMode(RegistrarMode.DROP);
        try (TestDevice probe = new TestDevice(midregAddress(), user(DEVICES), DOMAIN, "pw-" + user(DEVICES))) {
            assertThat(probe.register(600).status()).isEqualTo(401);
            assertThat(probe.registerWithAuth(600).status()).as("no target answered the new AOR").isGreaterThanOrEqualTo(400);
        }
        assertThat(upstreams.health(a).trips()).isEqualTo(1);
        atA = a.registerRequestsReceived();

        // 3. The devices refresh (answered by midreg, nothing due): each AOR is registered at B now.
        for (TestDevice d : devices) assertThat(d.registerWithAuth(600).status()).isEqualTo(200);
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline && !allHeldAt(b)) TimeUnit.MILLISECONDS.sleep(200);
        for (int i = 0; i < DEVICES; i++) {
            assertThat(contactsAt(b, i)).as("%s at B", user(i)).isEqualTo(1);
            assertThat(storedTargets(i)).as("%s held at B", user(i)).containsOnly(nameOf(b));
        }
        assertThat(a.registerRequestsReceived()).as("nothing more reached A").isEqualTo(atA);
        long atB = b.registerRequestsReceived();
        assertThat(atB).as("per AOR: midreg's REGISTER and its answer to B's challenge").isBetween(2L * DEVICES, 3L * DEVICES);

        // 4. Moved once: more refreshes add nothing at B.
        for (TestDevice d : devices) assertThat(d.registerWithAuth(600).status()).isEqualTo(200);
        TimeUnit.MILLISECONDS.sleep(1500);
        assertThat(b.registerRequestsReceived()).isEqualTo(atB);

        // 5. A device leaves: midreg de-registers it at B with its credentials.
        assertThat(devices.get(0).registerWithAuth(0).status()).isEqualTo(200);
        deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline && contactsAt(b, 0) > 0) TimeUnit.MILLISECONDS.sleep(200);
        assertThat(contactsAt(b, 0)).as("de-registered at B").isZero();
        assertThat(contactsAt(b, 1)).isEqualTo(1);
        assertThat(a.registerRequestsReceived()).isEqualTo(atA);
    }

    private boolean allHeldAt(KamailioRegistrar k) {
        for (int i = 0; i < DEVICES; i++) if (!storedTargets(i).stream().allMatch(t -> t.equals(nameOf(k)))) return false;
        return true;
    }
}
