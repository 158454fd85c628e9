package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.proxy.CallStats;
import io.midreg.server.MidregServer;
import io.midreg.testing.Cleanup;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.Sipp;
import io.midreg.testing.SippUas;
import io.midreg.testing.TestDevice;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Upstream to device, contact mode, UDP: a device registers through midreg with Kamailio as the
 * upstream registrar; a SIPp PBX on the upstream's address calls the token Contact Kamailio holds,
 * and midreg routes INVITE, ACK and BYE to the SIPp device on the port it registered from, and
 * the device's answers back: a full call. midreg Record-Routes the INVITE (signed), so the ACK
 * and the BYE, from either side, come back through it and are loose-routed. A forged or altered token gets 404, a source that is not
 * the upstream 403, and neither reaches the device.
 */
@Timeout(120)
class DeviceCallsIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;

    private final Cleanup started = new Cleanup();
    private KamailioRegistrar kamailio;
    private MidregServer midreg;
    private InetSocketAddress udp;

    @BeforeEach
    void start() throws Exception {
        kamailio = started.add(KamailioRegistrar.start(KamailioOptions.withoutAuth()));
        midreg = CallsTestBed.midreg(started, kamailio.address().getPort(), c -> c, "");
        udp = RegistrarEndToEnd.udpAddress(midreg);
    }

    @AfterEach
    void stop() throws Exception {
        started.close();
    }

    /** Registers {@code user} through midreg from a port that is then free for a SIPp device; returns the port and the token. */
    private String[] registered(String user) throws Exception {
        return CallsTestBed.registeredForSipp(kamailio, udp, user, DOMAIN);
    }

    @Test
    void aPbxCallsTheTokenContactAndTheCallReachesTheDeviceToTheBye() throws Exception {
        String[] reg = registered("callee");
        SippUas device = started.add(SippUas.start("device-answer-uas.xml", Integer.parseInt(reg[0]), false));
        Sipp.Result call = Sipp.run("pbx-call-uac.xml", udp, "u1", 1, 1, 30, "-s", reg[1]);
        assertThat(call.allCallsSucceeded()).as(call.output()).isTrue();
        assertThat(device.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK", "BYE");
        CallStats stats = midreg.calls().stats();
        assertThat(stats.routed.sum()).as("INVITE and BYE in transactions (the ACK statelessly)").isEqualTo(2);
        assertThat(stats.inDialogToDevice.sum()).as("the BYE to the device's Contact, loose-routed by midreg's Record-Route").isEqualTo(1);
        assertThat(stats.badToken.sum() + stats.unknownSource.sum() + stats.noBinding.sum() + stats.inDialogRefused.sum()).isZero();
    }

    @Test
    void aPbxQualifyToTheTokenContactReachesTheDeviceAndItsAnswerReachesThePbxWhileOptionsToMidregStayMidregs() throws Exception {
        String[] reg = registered("qualified");
        SippUas device = started.add(SippUas.start("device-options-uas.xml", Integer.parseInt(reg[0]), false));
        Sipp.Result qualify = Sipp.run("pbx-qualify-uac.xml", udp, "u1", 1, 1, 30, "-s", reg[1]);
        assertThat(qualify.allCallsSucceeded()).as(qualify.output()).isTrue();
        assertThat(device.requests()).extracting(SippUas.Received::method).containsExactly("OPTIONS");
        Sipp.Result ownProbe = Sipp.run("options-uac.xml", udp, "u1", 1, 1, 30);
        assertThat(ownProbe.allCallsSucceeded()).as("OPTIONS to midreg itself: " + ownProbe.output()).isTrue();
        assertThat(device.requests()).as("midreg answered its own").hasSize(1);
        assertThat(midreg.calls().stats().routed.sum()).isEqualTo(1);
    }

    @Test
    void theDeviceHangsUpAndItsByeReachesThePbxThroughMidregsRecordRoute() throws Exception {
        String[] reg = registered("hangs-up");
        SippUas device = started.add(SippUas.start("device-answer-bye-uas.xml", Integer.parseInt(reg[0]), false));
        Sipp.Result call = Sipp.run("pbx-call-bye-received-uac.xml", udp, "u1", 1, 1, 30, "-s", reg[1]);
        assertThat(call.allCallsSucceeded()).as(call.output()).isTrue();
        assertThat(device.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK");
        CallStats stats = midreg.calls().stats();
        assertThat(stats.inDialogToUpstream.sum()).as("the device's BYE, to the PBX's Contact").isEqualTo(1);
        assertThat(stats.inDialogToDevice.sum()).isZero();
        assertThat(stats.inDialogRefused.sum()).isZero();
    }

    @Test
    void aRouteThatLooksLikeMidregsButIsNotSignedIsRefused403() throws Exception {
        String[] reg = registered("spoofed");
        SippUas device = started.add(SippUas.start("device-answer-uas.xml", Integer.parseInt(reg[0]), false));
        try (DatagramSocket pbx = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            pbx.setSoTimeout(5_000);
            String bye = "BYE sip:device@127.0.0.1:" + reg[0] + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + pbx.getLocalPort() + ";branch=z9hG4bK-spoof\r\n"
                    + "Route: <sip:127.0.0.1:" + udp.getPort() + ";lr;tok=" + reg[1] + ";bk=AAAAAAAA;mrsig=AAAAAAAAAAAAAAAAAAAAAA>\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:pbx@127.0.0.1>;tag=a\r\nTo: <sip:device@127.0.0.1>;tag=b\r\n"
                    + "Call-ID: spoof-1\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n";
            send(pbx, bye, udp);
            assertThat(receiveFinalOr(pbx, "SIP/2.0 403")).startsWith("SIP/2.0 403");
        }
        assertThat(midreg.calls().stats().inDialogRefused.sum()).isEqualTo(1);
        Thread.sleep(300);
        assertThat(device.requests()).isEmpty();
    }

    @Test
    void aForgedOrAlteredTokenGets404AndASourceThatIsNotTheUpstream403AndNothingReachesTheDevice() throws Exception {
        String[] reg = registered("guarded");
        SippUas device = started.add(SippUas.start("device-answer-uas.xml", Integer.parseInt(reg[0]), false));
        String token = reg[1];
        char last = token.charAt(token.length() - 1);
        String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertThat(invite("127.0.0.1", altered, "altered")).startsWith("SIP/2.0 404");
        assertThat(invite("127.0.0.1", "bm90LWEtdG9rZW4.AAAAAAAAAAAAAAAA", "forged")).startsWith("SIP/2.0 404");
        assertThat(invite("127.0.0.2", token, "stranger")).as("the upstream is 127.0.0.1").startsWith("SIP/2.0 403");
        assertThat(invite("127.0.0.1", token, "looping", 0)).as("Max-Forwards 0").startsWith("SIP/2.0 483");
        CallStats stats = midreg.calls().stats();
        assertThat(stats.badToken.sum()).isEqualTo(2);
        assertThat(stats.unknownSource.sum()).isEqualTo(1);
        assertThat(stats.tooManyHops.sum()).isEqualTo(1);
        assertThat(stats.routed.sum()).isZero();
        Thread.sleep(300); // anything routed would have reached the device by now
        assertThat(device.requests()).isEmpty();
    }

    @Test
    void anInviteThatCameBackThroughMidregUnchangedGets482AndNothingReachesTheDevice() throws Exception {
        String[] reg = registered("looped");
        SippUas device = started.add(SippUas.start("device-answer-uas.xml", Integer.parseInt(reg[0]), false));
        try (DatagramSocket pbx = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            pbx.setSoTimeout(5_000);
            String looped = "INVITE sip:" + reg[1] + "@127.0.0.1:" + udp.getPort() + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + pbx.getLocalPort() + ";branch=z9hG4bK-loop\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + udp.getPort() + ";branch=LOOPBRANCH;rport\r\n"
                    + "Max-Forwards: 60\r\nFrom: <sip:pbx@127.0.0.1>;tag=l1\r\nTo: <sip:" + reg[1] + "@127.0.0.1>\r\n"
                    + "Call-ID: loop-1\r\nCSeq: 1 INVITE\r\nContact: <sip:pbx@127.0.0.1:" + pbx.getLocalPort() + ">\r\nContent-Length: 0\r\n\r\n";
            byte[] b = looped.getBytes(StandardCharsets.US_ASCII);
            // the loop key hashes what routes and identifies the request, not its Vias: midreg's own Via with it means "been here"
            String key = io.midreg.proxy.LoopDetection.loopKey(
                    (io.midreg.sip.message.SipRequest) new io.midreg.sip.message.SipMessageParser().parse(b, b.length));
            send(pbx, looped.replace("LOOPBRANCH", io.midreg.proxy.LoopDetection.branch(key, "earlier")), udp);
            assertThat(receiveFinalOr(pbx, "SIP/2.0 482")).startsWith("SIP/2.0 482");
        }
        assertThat(midreg.calls().stats().loops.sum()).isEqualTo(1);
        Thread.sleep(300);
        assertThat(device.requests()).isEmpty();
    }

    @Test
    void aTokenWhoseDeviceDeregisteredGets404() throws Exception {
        String token;
        try (TestDevice phone = new TestDevice(udp, "leaver", DOMAIN, "pw")) {
            assertThat(phone.register(120).status()).isEqualTo(200);
            token = CallsTestBed.token(kamailio.contactsOf("leaver@" + DOMAIN).get(0));
            ReceivedMessage gone = phone.register(0);
            assertThat(gone.status()).isEqualTo(200);
        }
        assertThat(invite("127.0.0.1", token, "left")).startsWith("SIP/2.0 404");
        assertThat(midreg.calls().stats().noBinding.sum()).isEqualTo(1);
    }

    /** An INVITE to sip:TOKEN@midreg from a new socket on {@code host}; the first final answer. */
    private String invite(String host, String token, String callId) throws Exception {
        return invite(host, token, callId, 70);
    }

    private String invite(String host, String token, String callId, int maxForwards) throws Exception {
        try (DatagramSocket from = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0))) {
            return invite(from, token, callId, maxForwards);
        }
    }

    private String invite(DatagramSocket from, String token, String callId, int maxForwards) throws Exception {
        String msg = CallsTestBed.invite((InetSocketAddress) from.getLocalSocketAddress(), udp, token, callId, maxForwards);
        byte[] b = msg.getBytes(StandardCharsets.US_ASCII);
        from.send(new DatagramPacket(b, b.length, udp));
        from.setSoTimeout(5_000);
        byte[] buf = new byte[4096];
        for (int i = 0; i < 5; i++) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                from.receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer to the INVITE " + callId);
            }
            String answer = new String(buf, 0, p.getLength(), StandardCharsets.US_ASCII);
            if (!answer.startsWith("SIP/2.0 1")) return answer;
        }
        throw new AssertionError("no final answer to the INVITE " + callId);
    }

    @Test
    void aCancelFromThePbxCancelsTheBranchToTheDeviceAndThe487ComesBack() throws Exception {
        String[] reg = registered("cancelled");
        String token = reg[1];
        try (DatagramSocket device = new DatagramSocket(new InetSocketAddress("127.0.0.1", Integer.parseInt(reg[0])));
             DatagramSocket pbx = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            device.setSoTimeout(5_000);
            pbx.setSoTimeout(5_000);
            String via = "Via: SIP/2.0/UDP 127.0.0.1:" + pbx.getLocalPort() + ";branch=z9hG4bK-pbx-cancel\r\n";
            String common = "Max-Forwards: 70\r\nFrom: <sip:pbx@127.0.0.1>;tag=pbx1\r\nTo: <sip:" + token + "@127.0.0.1>\r\nCall-ID: cancel-1\r\n";
            String ruri = "sip:" + token + "@127.0.0.1:" + udp.getPort();
            send(pbx, "INVITE " + ruri + " SIP/2.0\r\n" + via + common + "CSeq: 1 INVITE\r\nContact: <sip:pbx@127.0.0.1:" + pbx.getLocalPort()
                    + ">\r\nContent-Length: 0\r\n\r\n", udp);

            String invite = receive(device);
            assertThat(invite).startsWith("INVITE sip:cancelled@127.0.0.1:" + reg[0] + " SIP/2.0");
            assertThat(invite).contains("Max-Forwards: 69").contains("CSeq: 1 INVITE");
            String vias = headers(invite, "Via");
            InetSocketAddress midregOut = new InetSocketAddress("127.0.0.1", udp.getPort());
            send(device, "SIP/2.0 180 Ringing\r\n" + vias + headersOf(invite) + "Content-Length: 0\r\n\r\n", midregOut);
            assertThat(receiveFinalOr(pbx, "SIP/2.0 180")).startsWith("SIP/2.0 180");

            send(pbx, "CANCEL " + ruri + " SIP/2.0\r\n" + via + common + "CSeq: 1 CANCEL\r\nContent-Length: 0\r\n\r\n", udp);
            assertThat(receiveFinalOr(pbx, "SIP/2.0 200")).as("the CANCEL's own answer, from midreg").contains("CSeq: 1 CANCEL");
            String cancel = receive(device);
            assertThat(cancel).startsWith("CANCEL sip:cancelled@127.0.0.1:" + reg[0]).contains("CSeq: 1 CANCEL");
            send(device, "SIP/2.0 200 OK\r\n" + headers(cancel, "Via") + headersOf(cancel) + "Content-Length: 0\r\n\r\n", midregOut);
            send(device, "SIP/2.0 487 Request Terminated\r\n" + vias + headersOf(invite)
                    + "Content-Length: 0\r\n\r\n", midregOut);
            String terminated = receiveFinalOr(pbx, "SIP/2.0 487");
            assertThat(terminated).startsWith("SIP/2.0 487").contains("CSeq: 1 INVITE");
            assertThat(headers(terminated, "Via").split("\r\n")).as("midreg's own Via taken off").hasSize(1)
                    .allMatch(v -> v.contains("branch=z9hG4bK-pbx-cancel"));
            assertThat(receive(device)).as("midreg's hop-by-hop ACK of the 487").startsWith("ACK sip:cancelled@127.0.0.1");
        }
    }

    private static void send(DatagramSocket from, String message, InetSocketAddress to) throws Exception {
        byte[] b = message.getBytes(StandardCharsets.US_ASCII);
        from.send(new DatagramPacket(b, b.length, to));
    }

    private static String receive(DatagramSocket on) throws Exception {
        byte[] buf = new byte[4096];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        on.receive(p);
        return new String(buf, 0, p.getLength(), StandardCharsets.US_ASCII);
    }

    /** The next message starting with {@code prefix}, skipping others (100 Trying, retransmissions). */
    private static String receiveFinalOr(DatagramSocket on, String prefix) throws Exception {
        for (int i = 0; i < 10; i++) {
            String m = receive(on);
            if (m.startsWith(prefix)) return m;
        }
        throw new AssertionError("no " + prefix);
    }

    /** Every header line named {@code name}, in order, each with its CRLF. */
    private static String headers(String message, String name) {
        StringBuilder b = new StringBuilder();
        for (String line : message.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) b.append(line).append("\r\n");
        }
        return b.toString();
    }

    /** From, To (with the device's tag), Call-ID and CSeq of a request, for an answer to it. */
    private static String headersOf(String request) {
        String to = headers(request, "To").trim();
        return headers(request, "From") + to + (to.contains("tag=") ? "" : ";tag=dev1") + "\r\n" + headers(request, "Call-ID") + headers(request, "CSeq");
    }
}
