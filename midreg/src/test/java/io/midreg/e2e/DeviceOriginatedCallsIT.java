package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.proxy.CallStats;
import io.midreg.server.MidregServer;
import io.midreg.testing.Cleanup;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.Sipp;
import io.midreg.testing.SippUas;
import io.midreg.testing.TestDevice;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Device to upstream: a device registers through midreg (Kamailio as the upstream registrar),
 * then a SIPp PBX takes the upstream's address and the device, a SIPp UAC on the port it
 * registered from, calls through midreg. midreg recognises the device by its flow and sends the
 * INVITE to the upstream holding its AOR with its Record-Route; the PBX's 407 reaches the device
 * unchanged, the INVITE with credentials is answered 200; ACK, a re-INVITE and the BYE — from the
 * device, or from the PBX — are loose-routed by midreg's Record-Route. A source that is not a
 * registered device nor the upstream gets 403.
 */
@Timeout(120)
class DeviceOriginatedCallsIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;

    private final Cleanup started = new Cleanup();
    private KamailioRegistrar kamailio;
    private MidregServer midreg;
    private InetSocketAddress udp;

    @BeforeEach
    void start() throws Exception {
        kamailio = KamailioRegistrar.start(KamailioOptions.withoutAuth());
        midreg = CallsTestBed.midreg(started, kamailio.address().getPort(), c -> c, "");
        udp = RegistrarEndToEnd.udpAddress(midreg);
    }

    @AfterEach
    void stop() throws Exception {
        started.close();
        kamailio.close();
    }

    /** Registers the device "caller" through midreg, then puts a SIPp PBX with {@code scenario} on the upstream's address. */
    private int registeredThenPbx(String scenario, SippUas[] pbx) throws Exception {
        int port;
        try (TestDevice phone = new TestDevice(udp, "caller", DOMAIN, "pw")) {
            assertThat(phone.register(120).status()).isEqualTo(200);
            port = phone.port();
        }
        int upstreamPort = kamailio.address().getPort();
        kamailio.close();
        pbx[0] = started.add(SippUas.start(scenario, upstreamPort, false));
        return port;
    }

    private Sipp.Result call(String scenario, int devicePort) throws Exception {
        return Sipp.run(scenario, udp, "u1", 1, 1, 30, "-s", "callee", "-key", "caller", "caller", "-key", "domain", DOMAIN,
                "-au", "caller", "-ap", "pw", "-p", Integer.toString(devicePort));
    }

    @Test
    void theDeviceCallsThePbxThrough407AndReInviteAndHangsUp() throws Exception {
        SippUas[] pbx = new SippUas[1];
        int device = registeredThenPbx("pbx-answer-challenge-uas.xml", pbx);
        Sipp.Result call = call("device-call-uac.xml", device);
        assertThat(call.allCallsSucceeded()).as(call.output()).isTrue();
        assertThat(pbx[0].requests()).extracting(SippUas.Received::method)
                .containsExactly("INVITE", "ACK", "INVITE", "ACK", "INVITE", "ACK", "BYE");
        CallStats stats = midreg.calls().stats();
        assertThat(stats.towardsUpstream.sum()).as("the INVITE and the INVITE with credentials").isEqualTo(2);
        assertThat(stats.inDialogToUpstream.sum()).as("the re-INVITE and the BYE").isEqualTo(2);
        assertThat(stats.answeredClass(4)).as("the 407, passed through").isEqualTo(1);
        assertThat(stats.inDialogRefused.sum() + stats.unknownSource.sum()).isZero();
        var dialogs = midreg.calls().dialogs();
        assertThat(dialogs.ended(io.midreg.proxy.dialog.EndReason.REJECTED)).as("the INVITE the PBX challenged").isEqualTo(1);
        assertThat(dialogs.ended(io.midreg.proxy.dialog.EndReason.BYE)).as("the call with credentials, to the device's BYE").isEqualTo(1);
        assertThat(dialogs.size()).isZero();
    }

    @Test
    void theDeviceCallsThePbxAndThePbxHangsUpThroughMidreg() throws Exception {
        SippUas[] pbx = new SippUas[1];
        int device = registeredThenPbx("pbx-answer-challenge-hangs-up-uas.xml", pbx);
        Sipp.Result call = call("device-call-bye-received-uac.xml", device);
        assertThat(call.allCallsSucceeded()).as(call.output()).isTrue();
        CallStats stats = midreg.calls().stats();
        assertThat(stats.inDialogToDevice.sum()).as("the PBX's BYE").isEqualTo(1);
        assertThat(stats.inDialogToUpstream.sum()).as("the re-INVITE").isEqualTo(1);
        assertThat(midreg.calls().dialogs().ended(io.midreg.proxy.dialog.EndReason.BYE)).as("the PBX's BYE, towards the device").isEqualTo(1);
        assertThat(midreg.calls().dialogs().size()).isZero();
    }

    @Test
    void aDeviceUsingMidregAsItsLooseRoutingOutboundProxyIsRoutedLikeAnyOther() throws Exception {
        // a phone configured with outbound proxy sip:midreg;lr puts midreg in a Route of its own (unsigned)
        try (TestDevice phone = new TestDevice(udp, "caller", DOMAIN, "pw")) {
            assertThat(phone.register(120).status()).isEqualTo(200);
            String invite = "INVITE sip:callee@" + DOMAIN + " SIP/2.0\r\n"
                    + "Route: <sip:" + udp.getAddress().getHostAddress() + ":" + udp.getPort() + ";lr>\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + phone.port() + ";branch=" + io.midreg.testing.SipPeer.newBranch() + ";rport\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:caller@" + DOMAIN + ">;tag=ob\r\nTo: <sip:callee@" + DOMAIN + ">\r\n"
                    + "Call-ID: outbound-proxy-1\r\nCSeq: 1 INVITE\r\nContact: <sip:caller@127.0.0.1:" + phone.port() + ">\r\n"
                    + "Content-Length: 0\r\n\r\n";
            assertThat(phone.send(invite).status()).as("the upstream's answer (Kamailio: 405), not a 403 for an unsigned Route").isEqualTo(405);
        }
        CallStats stats = midreg.calls().stats();
        assertThat(stats.towardsUpstream.sum()).isEqualTo(1);
        assertThat(stats.inDialogRefused.sum()).isZero();
    }

    @Test
    void anUnregisteredSourceThatIsNotTheUpstreamGets403() throws Exception {
        // from 127.0.0.2: neither the upstream (127.0.0.1) nor a registered device
        try (java.net.DatagramSocket from = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
            from.setSoTimeout(5_000);
            String invite = "INVITE sip:callee@" + DOMAIN + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.2:" + from.getLocalPort() + ";branch=z9hG4bK-stranger\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:nobody@" + DOMAIN + ">;tag=s\r\nTo: <sip:callee@" + DOMAIN + ">\r\n"
                    + "Call-ID: stranger-1\r\nCSeq: 1 INVITE\r\nContact: <sip:nobody@127.0.0.2:" + from.getLocalPort() + ">\r\nContent-Length: 0\r\n\r\n";
            byte[] b = invite.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            from.send(new java.net.DatagramPacket(b, b.length, udp));
            String answer;
            do {
                byte[] buf = new byte[4096];
                java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                from.receive(p);
                answer = new String(buf, 0, p.getLength(), java.nio.charset.StandardCharsets.US_ASCII);
            } while (answer.startsWith("SIP/2.0 1"));
            assertThat(answer).startsWith("SIP/2.0 403");
        }
        assertThat(midreg.calls().stats().towardsUpstream.sum()).isZero();
    }
}
