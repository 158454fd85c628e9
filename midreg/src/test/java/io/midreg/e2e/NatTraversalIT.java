package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.nat.detect.NatDetector;
import io.midreg.nat.detect.NatEvidence;
import io.midreg.nat.detect.NatRule;
import io.midreg.nat.detect.NatVerdict;
import io.midreg.server.MidregServer;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.sip.uri.SipUri;
import io.midreg.store.Binding;
import io.midreg.testing.Cleanup;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.NatNamespaces;
import io.midreg.testing.Processes;
import io.midreg.testing.TestScenarios;
import io.midreg.testing.RegisteredContact;
import io.midreg.testing.Sipp;
import io.midreg.testing.SippUas;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A device behind a real NAT: network namespaces built by the test ({@link NatNamespaces}: the
 * device's namespace masquerades through a NAT namespace whose UDP mappings last
 * {@value #MAPPING_SECONDS} s), midreg listening on the test's veth end in front of a Kamailio on
 * loopback, a SIPp device registering from inside the device namespace and then answering calls
 * there on the same port, and a PBX (SIPp, or a socket) on the upstream's address calling the
 * token Contact. midreg sees the NAT's address as the device's source, and the call reaches the
 * device through the mapping while it lives; a TCP device is reached on its own connection long
 * after midreg's idle time-out and the NAT's UDP time-out. midreg sends no keep-alives yet, so once the mapping
 * timed out a call no longer reaches the device: today's gap, asserted as such.
 */
@Timeout(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NatTraversalIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final int MAPPING_SECONDS = 5;
    /** midreg's idle time-out for TCP connections, which a registered device's connection outlives. */
    private static final int IDLE_SECONDS = 2;
    /** A port per device, so each test has its own NAT mapping. */
    private final AtomicInteger devicePorts = new AtomicInteger(15060);

    private final Cleanup started = new Cleanup();
    private NatNamespaces nat;
    private KamailioRegistrar kamailio;
    private MidregServer midreg;
    private InetSocketAddress midregAddress;

    @BeforeAll
    void start() throws Exception {
        nat = started.add(NatNamespaces.create(MAPPING_SECONDS));
        kamailio = started.add(KamailioRegistrar.start(KamailioOptions.withoutAuth()));
        // midreg's only UDP listener is on the veth end: the devices' flows and the upstream's leave from it.
        midreg = CallsTestBed.midreg(started, kamailio.address().getPort(),
                c -> c.sipHost(nat.hostIp()).listener("tcp", nat.hostIp()).sip("idleConnectionTimeout", IDLE_SECONDS),
                "calls:\n  timerC: 3\n");
        midregAddress = CallsTestBed.address(midreg, TransportProtocol.UDP);
    }

    @AfterAll
    void stop() throws Exception {
        started.close();
    }

    /** A SIPp device in the device namespace registers {@code user} through midreg from {@code port}; returns its token upstream. */
    private String registerBehindNat(String user, int port) throws Exception {
        Sipp.Result r = Sipp.runIn(nat.inDevice(), nat.deviceIp(), port, "register-expect.xml", midregAddress, "u1", 1, 1, 15,
                "-s", user, "-recv_timeout", "5000", "-set", "expires", "120");
        assertThat(r.allCallsSucceeded()).as("REGISTER through the NAT answered 200\n" + r.output() + "\n" + nat.natMappings()).isTrue();
        List<RegisteredContact> upstream = kamailio.contactsOf(user + "@" + DOMAIN);
        assertThat(upstream).hasSize(1);
        return CallsTestBed.token(upstream.get(0));
    }

    private Binding stored(String user) {
        List<Binding> found = new ArrayList<>();
        midreg.store().forEach((aor, record) -> {
            if (aor.contains(user + "@")) found.addAll(record.bindings());
        });
        assertThat(found).as("midreg's binding of " + user).hasSize(1);
        return found.get(0);
    }

    /** The device answering calls on the port it registered from, inside its namespace. */
    private SippUas answeringDevice(int port) throws Exception {
        return started.add(SippUas.startIn(nat.inDevice(), nat.deviceIp(), "device-answer-uas.xml", port, false));
    }

    @Test
    void midregSeesTheNatsAddressAndDetectsTheNat() throws Exception {
        int port = devicePorts.getAndIncrement();
        registerBehindNat("natted", port);
        Binding b = stored("natted");
        SipUri contact = SipUri.parse(b.contactUri());
        assertThat(contact.host()).as("the Contact the device wrote: its private address").isEqualTo(nat.deviceIp());
        assertThat(b.receivedHost()).as("the source midreg saw: the NAT's public address").isEqualTo(nat.publicIp())
                .isNotEqualTo(contact.host());
        // SIPp writes its own address and port into Via sent-by as into Contact.
        NatVerdict verdict = NatDetector.classify(new NatEvidence(new InetSocketAddress(InetAddress.getByName(b.receivedHost()), b.receivedPort()),
                contact.host(), contact.port(), TransportProtocol.UDP, contact.host()));
        assertThat(verdict.behindNat()).as(verdict.toString()).isTrue();
        assertThat(verdict.fired(NatRule.SOURCE_ADDRESS_DIFFERS_FROM_VIA)).as(verdict.toString()).isTrue();
        assertThat(verdict.fired(NatRule.VIA_ADDRESS_NOT_PUBLIC)).as(verdict.toString()).isTrue();
    }

    @Test
    void aCallReachesTheDeviceThroughTheNatWhileTheMappingLives() throws Exception {
        int port = devicePorts.getAndIncrement();
        String token = registerBehindNat("reachable", port);
        SippUas device = answeringDevice(port);
        Sipp.Result call = Sipp.run("pbx-call-uac.xml", midregAddress, "u1", 1, 1, 20, "-s", token);
        assertThat(call.allCallsSucceeded()).as(call.output() + "\n" + nat.natMappings()).isTrue();
        assertThat(device.requests()).as("sent to the NAT's address and port, translated to the device")
                .extracting(SippUas.Received::method).containsExactly("INVITE", "ACK", "BYE");
    }

    /**
     * Today's gap, asserted: midreg sends no keep-alives, so nothing refreshes the NAT's mapping and
     * after its time-out the NAT drops the INVITE; the PBX gets the branch's 408 after timer C (3 s).
     * When midreg's keep-alives land, this test flips: the call must then reach the device.
     */
    @Test
    void withoutKeepAlivesTheMappingExpires() throws Exception {
        int port = devicePorts.getAndIncrement();
        String token = registerBehindNat("forgotten", port);
        SippUas device = answeringDevice(port);
        Thread.sleep((MAPPING_SECONDS + 3) * 1000L); // the mapping times out: no traffic either way meanwhile
        int status = pbxCallStatus(token, "forgotten-" + ProcessHandle.current().pid());
        assertThat(status).as("the PBX's final answer once the NAT forgot the device\n" + nat.natMappings()).isIn(408, 480);
        assertThat(device.count("INVITE")).as("the NAT dropped midreg's INVITE").isZero();
    }

    /**
     * A TCP device behind the NAT (test-scenarios/nat/tcp-device.py in the device namespace)
     * registers on its own connection, which then carries nothing for longer than midreg's idle
     * time-out and the NAT's UDP time-out: the PBX's INVITE still reaches it on that connection
     * (the device's 486 comes back to the PBX). With {@code sip.deviceConnections: idleTimeout}
     * the connection would be closed and the PBX would get 480.
     */
    @Test
    void aTcpDeviceStaysReachableOnItsConnectionPastTheIdleTimeout() throws Exception {
        InetSocketAddress tcp = CallsTestBed.address(midreg, TransportProtocol.TCP);
        List<String> cmd = new ArrayList<>(nat.inDevice());
        cmd.addAll(List.of("/usr/bin/python3", TestScenarios.file("nat/tcp-device.py").toString(), nat.hostIp(),
                Integer.toString(tcp.getPort()), "streamer", DOMAIN, "40"));
        Process device = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        started.add(() -> Processes.stop(device, Duration.ofSeconds(2)));
        BufferedReader out = new BufferedReader(new InputStreamReader(device.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(awaitLine(out, Duration.ofSeconds(10))).isEqualTo("registered 200");
        String token = CallsTestBed.token(kamailio.contactsOf("streamer@" + DOMAIN).get(0));
        Thread.sleep(Math.max(IDLE_SECONDS, MAPPING_SECONDS) * 1000L + 1500);
        String callId = "streamer-" + ProcessHandle.current().pid();
        assertThat(pbxCallStatus(token, callId)).as("the device's own answer, from behind the NAT").isEqualTo(486);
        assertThat(awaitLine(out, Duration.ofSeconds(5))).isEqualTo("invite " + callId);
    }

    /** The device's next line of output, within {@code wait} (polled, so never blocking past it). */
    private static String awaitLine(BufferedReader out, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        StringBuilder line = new StringBuilder();
        while (System.nanoTime() < deadline) {
            while (out.ready()) {
                int c = out.read();
                if (c == -1 || c == '\n') return line.toString();
                line.append((char) c);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line from the device within " + wait + " (so far: '" + line + "')");
    }

    /** A PBX's INVITE to the token from loopback (the upstream's address); the final status it gets, within 15 s. */
    private int pbxCallStatus(String token, String callId) throws Exception {
        try (DatagramSocket pbx = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            pbx.setSoTimeout(15_000);
            String invite = "INVITE sip:" + token + "@" + nat.hostIp() + ":" + midregAddress.getPort() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + pbx.getLocalPort() + ";branch=z9hG4bK-" + callId + "\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:pbx@127.0.0.1>;tag=p-" + callId + "\r\n"
                    + "To: <sip:" + token + "@" + nat.hostIp() + ">\r\n"
                    + "Call-ID: " + callId + "\r\n"
                    + "CSeq: 1 INVITE\r\n"
                    + "Contact: <sip:pbx@127.0.0.1:" + pbx.getLocalPort() + ">\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = invite.getBytes(StandardCharsets.US_ASCII);
            pbx.send(new DatagramPacket(bytes, bytes.length, midregAddress));
            byte[] buf = new byte[65535];
            for (int i = 0; i < 20; i++) { // provisional answers first; each wait bounded by the socket's time-out
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    pbx.receive(p);
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("no final answer from midreg within 15 s");
                }
                String text = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
                if (!text.startsWith("SIP/2.0 ")) continue;
                int status = Integer.parseInt(text.substring(8, 11));
                if (status >= 200) return status;
            }
            throw new AssertionError("no final answer among 20 messages");
        }
    }
}
