package io.midreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.config.LoggingSettings;
import io.midreg.config.ReloadOutcome;
import io.midreg.registrar.ThrottlingMode;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.TestDevice;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
                admin:
                  listen: 127.0.0.1:0
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
    void newForwardsGoToTheNewUpstreamTarget() throws Exception {
        try (DatagramSocket oldUpstream = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             DatagramSocket newUpstream = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             TestDevice alice = new TestDevice(server.listeners().get(0).address(), "alice", "example.com", "pw-alice");
             TestDevice bob = new TestDevice(server.listeners().get(0).address(), "bob", "example.com", "pw-bob")) {
            Files.writeString(file, config("  maxExpires: 7200", "127.0.0.1:" + oldUpstream.getLocalPort(), "0.1"));
            assertThat(server.reload().applied()).containsExactly("upstream.target");
            alice.sendRegister(600);
            assertThat(receivedRegister(oldUpstream)).contains("sip:alice@example.com");

            Files.writeString(file, config("  maxExpires: 7200", "127.0.0.1:" + newUpstream.getLocalPort(), "0.1"));
            assertThat(server.reload().applied()).containsExactly("upstream.target");
            bob.sendRegister(600);
            assertThat(receivedRegister(newUpstream)).contains("sip:bob@example.com");
        }
    }

    /** The first REGISTER the socket receives within 5 s. */
    private static String receivedRegister(DatagramSocket upstream) throws Exception {
        upstream.setSoTimeout(5_000);
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        upstream.receive(p);
        String text = new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("REGISTER ");
        return text;
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
    void theUpstreamRateAndBurstChangeLiveOnTheSamePacer() throws Exception {
        var pacer = server.registrar().pacer();
        assertThat(pacer.settings().rate()).isEqualTo(200);
        assertThat(pacer.settings().burst()).isEqualTo(20);
        Files.writeString(file, config("  maxExpires: 7200", "127.0.0.1:9", "0.1\n  rate: 50\n  burst: 7\n  queueDeadline: 2.5"));
        ReloadOutcome o = server.reload();
        assertThat(o.ok()).as(o.error()).isTrue();
        assertThat(o.applied()).containsExactlyInAnyOrder("upstream.rate", "upstream.burst", "upstream.queueDeadline");
        assertThat(o.needRestart()).isEmpty();
        assertThat(server.registrar().pacer()).isSameAs(pacer);
        assertThat(pacer.settings().rate()).isEqualTo(50);
        assertThat(pacer.settings().burst()).isEqualTo(7);
        assertThat(pacer.settings().queueDeadline()).isEqualTo(java.time.Duration.ofMillis(2500));
    }

    @Test
    void trustedSourcesApplyToTheNextCall() throws Exception {
        InetSocketAddress midreg = server.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP)
                .map(BoundListener::address).findFirst().orElseThrow();
        try (DatagramSocket pbx = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
            assertThat(finalStatusOfInvite(pbx, midreg, "c1")).as("neither an upstream nor trusted").isEqualTo(403);

            Files.writeString(file, config("  maxExpires: 7200\ncalls:\n  trustedSources: [127.0.0.2]", "127.0.0.1:9", "0.1"));
            ReloadOutcome o = server.reload();
            assertThat(o.ok()).as(o.error()).isTrue();
            assertThat(o.applied()).containsExactly("calls.trustedSources");
            assertThat(o.needRestart()).isEmpty();
            assertThat(finalStatusOfInvite(pbx, midreg, "c2")).as("trusted now: a token midreg never signed").isEqualTo(404);
        }
    }

    /** Sends an INVITE to a Contact that is no token of midreg's and returns the final status it gets. */
    private static int finalStatusOfInvite(DatagramSocket pbx, InetSocketAddress midreg, String callId) throws Exception {
        String local = "127.0.0.2:" + pbx.getLocalPort();
        byte[] invite = ("INVITE sip:not-a-token@" + midreg.getHostString() + ":" + midreg.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK-" + callId + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:pbx@example.com>;tag=1\r\nTo: <sip:dev@example.com>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 1 INVITE\r\nContact: <sip:pbx@" + local + ">\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        pbx.send(new DatagramPacket(invite, invite.length, midreg));
        pbx.setSoTimeout(5000);
        while (true) {
            DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
            pbx.receive(p);
            int status = Integer.parseInt(new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII).substring(8, 11));
            if (status >= 200) return status;
        }
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
