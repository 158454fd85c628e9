package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.proxy.CallStats;
import io.midreg.server.MidregServer;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.DeviceDialog;
import io.midreg.testing.Cleanup;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.Sipp;
import io.midreg.testing.SippUas;
import io.midreg.testing.TestDevice;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Calls to devices registered over TCP and TLS, with real peers: a Kamailio as the upstream
 * registrar, a SIPp PBX calling over UDP the token Contact midreg registered, and the device a
 * {@link TestDevice} that registered through midreg on its own connection and takes the call on
 * it ({@link DeviceDialog}, the peer's own parser). The INVITE reaches the device on that very
 * connection (midreg opens none: its count of connections stays at the device's one), in
 * contact and aor mode. midreg records twice (RFC 5658): the device sees midreg's TCP/TLS listener
 * on top and the UDP one below, the PBX the reverse as its route set, and in-dialog requests of
 * either side come through both entries, midreg taking both off. A device whose connection is
 * gone gets no new connection: the caller gets 480, and nothing connects to the device's port;
 * one whose connection drops while it rings ends its branch with 480 at once.
 */
@Timeout(120)
class StreamDeviceCallsIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Cleanup started = new Cleanup();
    private KamailioRegistrar kamailio;
    private MidregServer midreg;
    private InetSocketAddress udp;

    private void start(String mode) throws Exception {
        kamailio = started.add(KamailioRegistrar.start(KamailioOptions.withoutAuth()));
        midreg = CallsTestBed.midreg(started, kamailio.address().getPort(),
                c -> c.registrar("mode", mode).listener("tcp").listener("tls"), "");
        udp = CallsTestBed.address(midreg, TransportProtocol.UDP);
    }

    @AfterEach
    void stop() throws Exception {
        started.close();
    }

    private InetSocketAddress stream(String transport) {
        return CallsTestBed.address(midreg, TransportProtocol.valueOf(transport.toUpperCase(Locale.ROOT)));
    }

    /** A device of {@code user} registered through midreg over {@code transport}, on the connection it keeps. */
    private TestDevice registered(String transport, String user) throws Exception {
        TestDevice device = started.add(new TestDevice(transport, stream(transport), user, DOMAIN, "pw"));
        assertThat(device.register(120).status()).isEqualTo(200);
        return device;
    }

    private String token(String user) throws Exception {
        List<io.midreg.testing.RegisteredContact> upstream = kamailio.contactsOf(user + "@" + DOMAIN);
        assertThat(upstream).hasSize(1);
        return CallsTestBed.token(upstream.get(0));
    }

    /** The SIPp PBX calling {@code token} over UDP in the background, its messages traced to {@code trace}. */
    private CompletableFuture<Sipp.Result> pbx(String scenario, String token, Path trace) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Sipp.run(scenario, udp, "u1", 1, 1, 30, "-s", token, "-trace_msg", "-message_file", trace.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}, {1} mode")
    @CsvSource({"tcp, contact", "tcp, aor", "tls, contact", "tls, aor"})
    void thePbxCallsTheDeviceOnItsOwnConnectionThroughBothRecordRoutesAndHangsUp(String transport, String mode) throws Exception {
        start(mode);
        TestDevice device = registered(transport, "callee");
        long connections = midreg.stack().transport().stats().connectionsOpened();
        Path trace = Files.createTempFile("pbx", ".trace");
        CompletableFuture<Sipp.Result> pbx = pbx("pbx-call-uac.xml", token("callee"), trace);

        DeviceDialog call = DeviceDialog.awaitInvite(device.peer(), device.contact(), WAIT);
        ReceivedMessage invite = call.invite();
        assertThat(invite.requestUri()).as("the device's Contact").isEqualTo(device.contact());
        assertThat(invite.topViaParam("branch")).isNotNull();
        assertThat(invite.values("Via").get(0)).startsWith("SIP/2.0/" + transport.toUpperCase(Locale.ROOT) + " 127.0.0.1:" + stream(transport).getPort());
        List<String> recordRoutes = invite.values("Record-Route");
        assertThat(recordRoutes).as("RFC 5658: the device's side on top, the PBX's below").hasSize(2);
        assertThat(recordRoutes.get(0)).contains("127.0.0.1:" + stream(transport).getPort() + ";transport=" + transport).contains(";lr");
        assertThat(recordRoutes.get(1)).contains("127.0.0.1:" + udp.getPort() + ";").doesNotContain("transport=");

        call.respond(180, "Ringing");
        call.respond(200, "OK");
        assertThat(call.awaitRequest("ACK", WAIT)).as("the PBX's ACK, on the device's connection").isNotNull();
        ReceivedMessage bye = call.awaitRequest("BYE", WAIT);
        assertThat(bye).as("the PBX's BYE").isNotNull();
        assertThat(bye.headers("Route")).as("midreg took both of its entries off").isEmpty();
        call.ok(bye);

        Sipp.Result result = pbx.get(40, TimeUnit.SECONDS);
        assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();
        String seenByPbx = Files.readString(trace);
        assertUdpEntryFirst(routeLines(seenByPbx, "BYE"), transport);
        assertThat(midreg.stack().transport().stats().connectionsOpened()).as("no connection but the device's own").isEqualTo(connections);
        CallStats stats = midreg.calls().stats();
        assertThat(stats.inDialogToDevice.sum()).as("the PBX's BYE").isEqualTo(1);
        assertThat(stats.inDialogRefused.sum() + stats.flowGone.sum()).isZero();
    }

    @ParameterizedTest(name = "{0}, {1} mode")
    @CsvSource({"tcp, contact", "tcp, aor", "tls, contact", "tls, aor"})
    void theDeviceReInvitesAndHangsUpThroughBothRecordRoutes(String transport, String mode) throws Exception {
        start(mode);
        TestDevice device = registered(transport, "caller-back");
        Path trace = Files.createTempFile("pbx", ".trace");
        CompletableFuture<Sipp.Result> pbx = pbx("pbx-call-reinvite-bye-received-uac.xml", token("caller-back"), trace);

        DeviceDialog call = DeviceDialog.awaitInvite(device.peer(), device.contact(), WAIT);
        call.respond(200, "OK");
        assertThat(call.awaitRequest("ACK", WAIT)).isNotNull();
        ReceivedMessage reInvite = call.reInvite(WAIT);
        assertThat(reInvite.status()).as("the PBX's answer to the device's re-INVITE").isEqualTo(200);
        assertThat(call.lastSent()).as("the device's route set: both of midreg's entries, its own side first")
                .contains("Route: " + call.invite().values("Record-Route").get(0) + "\r\nRoute: " + call.invite().values("Record-Route").get(1));
        ReceivedMessage bye = call.hangUp(WAIT);
        assertThat(bye.status()).isEqualTo(200);

        Sipp.Result result = pbx.get(40, TimeUnit.SECONDS);
        assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();
        String seenByPbx = Files.readString(trace);
        assertThat(routeLines(seenByPbx, "INVITE").size() + routeLines(seenByPbx, "BYE").size())
                .as("midreg took both Routes off what reached the PBX").isZero();
        assertThat(seenByPbx.replace("\r", "")).as("the device's re-INVITE and BYE left midreg's UDP listener towards the PBX")
                .contains("INVITE sip:pbx@127.0.0.1:").contains("\nVia: SIP/2.0/UDP 127.0.0.1:" + udp.getPort() + ";")
                .doesNotContain("Via: SIP/2.0/" + transport.toUpperCase(Locale.ROOT) + " 127.0.0.1:" + stream(transport).getPort());
        CallStats stats = midreg.calls().stats();
        assertThat(stats.inDialogToUpstream.sum()).as("re-INVITE and BYE (the ACK statelessly)").isEqualTo(2);
        assertThat(stats.inDialogRefused.sum()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tcp", "tls"})
    void theDeviceCallsThePbxWhichSeesMidregsUdpSideAndHangsUpThroughBothRecordRoutes(String transport) throws Exception {
        start("contact");
        TestDevice device = registered(transport, "caller");
        int upstreamPort = kamailio.address().getPort();
        kamailio.close(); // the PBX takes the upstream's address
        SippUas pbx = started.add(SippUas.start("pbx-answer-hangs-up-uas.xml", upstreamPort, false));

        DeviceDialog call = DeviceDialog.call(device.peer(), device.contact(), "sip:callee@" + DOMAIN, "sip:caller@" + DOMAIN,
                "sip:callee@" + DOMAIN, WAIT);
        assertThat(call.answer().status()).as(call.answer().text()).isEqualTo(200);
        List<String> recordRoutes = call.answer().values("Record-Route");
        assertThat(recordRoutes).as("RFC 5658: the PBX's side on top, the device's below").hasSize(2);
        assertThat(recordRoutes.get(0)).contains("127.0.0.1:" + udp.getPort() + ";").doesNotContain("transport=");
        assertThat(recordRoutes.get(1)).contains("127.0.0.1:" + stream(transport).getPort() + ";transport=" + transport);
        assertThat(call.routeSet().get(0)).as("the device's route set starts on its own side").isEqualTo(recordRoutes.get(1));
        ReceivedMessage bye = call.awaitRequest("BYE", WAIT);
        assertThat(bye).as("the PBX's BYE, on the device's connection").isNotNull();
        assertThat(bye.headers("Route")).as("midreg took both of its entries off").isEmpty();
        call.ok(bye);

        String seenByPbx = "";
        for (int i = 0; i < 50 && !seenByPbx.contains("SIP/2.0 200 OK\nVia: SIP/2.0/UDP 127.0.0.1:" + upstreamPort); i++) {
            Thread.sleep(100);
            seenByPbx = Files.readString(pbx.dir().resolve("messages.log")).replace("\r", "");
        }
        assertThat(pbx.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK");
        assertThat(seenByPbx).as("what reached the PBX left midreg's UDP listener, whatever the device's transport")
                .contains("INVITE sip:callee@" + DOMAIN + " SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:" + udp.getPort() + ";")
                .contains("ACK sip:pbx@127.0.0.1:" + upstreamPort + " SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:" + udp.getPort() + ";");
        assertUdpEntryFirst(routeLines(seenByPbx, "BYE"), transport);
        CallStats stats = midreg.calls().stats();
        assertThat(stats.towardsUpstream.sum()).isEqualTo(1);
        assertThat(stats.inDialogToDevice.sum()).as("the PBX's BYE").isEqualTo(1);
        assertThat(stats.inDialogRefused.sum()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tcp", "tls"})
    void aDeviceWhoseConnectionClosedGets480AndNoNewConnectionIsOpenedToIt(String transport) throws Exception {
        start("contact");
        TestDevice device = registered(transport, "gone");
        String token = token("gone");
        int port = device.port();
        device.close();
        awaitOpenConnections(0);
        long connections = midreg.stack().transport().stats().connectionsOpened();
        try (ServerSocket devicePort = new ServerSocket()) {
            devicePort.setReuseAddress(true); // the closed connection's port, in TIME_WAIT on this side
            devicePort.bind(new InetSocketAddress("127.0.0.1", port));
            devicePort.setSoTimeout(1_000);
            assertThat(inviteFromPbx(token, "gone-1")).startsWith("SIP/2.0 480");
            assertThat(acceptsNothing(devicePort)).as("midreg connected to the device's address").isTrue();
        }
        assertThat(midreg.stack().transport().stats().connectionsOpened()).isEqualTo(connections);
        assertThat(midreg.calls().stats().flowGone.sum()).isEqualTo(1);
        assertThat(CallsTestBed.metrics(midreg)).contains("midreg_calls_refused_total{reason=\"connection_gone\"} 1.0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"tcp", "tls"})
    void aDeviceWhoseConnectionDropsWhileItRingsEndsItsBranchAndTheCallerGets480(String transport) throws Exception {
        start("contact");
        TestDevice device = registered(transport, "drops");
        String token = token("drops");
        try (DatagramSocket pbx = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            pbx.setSoTimeout(5_000);
            send(pbx, invite(pbx, token, "drops-1"));
            DeviceDialog call = DeviceDialog.awaitInvite(device.peer(), device.contact(), WAIT);
            call.respond(180, "Ringing");
            assertThat(receive(pbx, "SIP/2.0 180")).startsWith("SIP/2.0 180");
            device.close();
            assertThat(receive(pbx, "SIP/2.0 4")).as("the branch ended with the connection, long before timer C").startsWith("SIP/2.0 480");
        }
        assertThat(midreg.calls().stats().flowGone.sum()).isEqualTo(1);
    }

    @Test
    void aUdpCallerAndATcpDeviceRecordTwiceButAUdpDeviceOnce() throws Exception {
        start("contact");
        TestDevice device = registered("tcp", "once");
        try (DatagramSocket pbx = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            pbx.setSoTimeout(5_000);
            send(pbx, invite(pbx, token("once"), "once-1"));
            DeviceDialog call = DeviceDialog.awaitInvite(device.peer(), device.contact(), WAIT);
            assertThat(call.invite().values("Record-Route")).hasSize(2);
            call.respond(486, "Busy Here");
            assertThat(receive(pbx, "SIP/2.0 486")).startsWith("SIP/2.0 486");
        }
        try (TestDevice udpDevice = new TestDevice(udp, "once-udp", DOMAIN, "pw");
             DatagramSocket pbx = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(udpDevice.register(120).status()).isEqualTo(200);
            pbx.setSoTimeout(5_000);
            send(pbx, invite(pbx, token("once-udp"), "once-2"));
            DeviceDialog call = DeviceDialog.awaitInvite(udpDevice.peer(), udpDevice.contact(), WAIT);
            assertThat(call.invite().values("Record-Route")).as("same listener both sides: one entry").hasSize(1);
            call.respond(486, "Busy Here");
        }
    }

    /** The PBX's one Route line: midreg's UDP entry first, then its {@code transport} one (RFC 5658, reversed by the caller). */
    private void assertUdpEntryFirst(List<String> routeLines, String transport) {
        assertThat(routeLines).as("the PBX's route set: midreg's UDP entry first, then the " + transport + " one").singleElement()
                .satisfies(route -> assertThat(route.indexOf("127.0.0.1:" + udp.getPort() + ";")).isNotNegative()
                        .isLessThan(route.indexOf("127.0.0.1:" + stream(transport).getPort() + ";transport=" + transport)));
    }

    private void awaitOpenConnections(int open) throws InterruptedException {
        for (int i = 0; i < 100 && midreg.stack().transport().stats().connectionsOpen() != open; i++) Thread.sleep(50);
        assertThat(midreg.stack().transport().stats().connectionsOpen()).as("midreg saw the device's connection close").isEqualTo(open);
    }

    private static boolean acceptsNothing(ServerSocket s) throws Exception {
        try {
            s.accept().close();
            return false;
        } catch (SocketTimeoutException expected) {
            return true;
        }
    }

    /** The Route header lines of the {@code method} requests SIPp sent, from its message trace. */
    private static List<String> routeLines(String trace, String method) {
        List<String> out = new java.util.ArrayList<>();
        String[] blocks = trace.split("-{20,}");
        for (String block : blocks) {
            int sent = block.indexOf("message sent");
            if (sent < 0) continue;
            String message = block.substring(block.indexOf('\n', sent) + 1).stripLeading();
            if (!message.startsWith(method + " ")) continue;
            for (String line : message.split("\r?\n")) {
                if (line.regionMatches(true, 0, "Route:", 0, 6)) out.add(line);
            }
        }
        return out;
    }

    /** A raw INVITE from a PBX socket to sip:TOKEN@midreg over UDP. */
    private String invite(DatagramSocket from, String token, String callId) {
        return CallsTestBed.invite((InetSocketAddress) from.getLocalSocketAddress(), udp, token, callId, 70);
    }

    private String inviteFromPbx(String token, String callId) throws Exception {
        try (DatagramSocket pbx = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            pbx.setSoTimeout(5_000);
            send(pbx, invite(pbx, token, callId));
            return receive(pbx, "SIP/2.0 4");
        }
    }

    private void send(DatagramSocket from, String message) throws Exception {
        byte[] b = message.getBytes(StandardCharsets.US_ASCII);
        from.send(new DatagramPacket(b, b.length, udp));
    }

    /** The next message starting with {@code prefix}, skipping others (100 Trying). */
    private static String receive(DatagramSocket on, String prefix) throws Exception {
        byte[] buf = new byte[8192];
        for (int i = 0; i < 10; i++) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            on.receive(p);
            String m = new String(buf, 0, p.getLength(), StandardCharsets.US_ASCII);
            if (m.startsWith(prefix)) return m;
        }
        throw new AssertionError("no " + prefix);
    }
}
