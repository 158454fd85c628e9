package io.midreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.LoadedConfig;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * midreg answers STUN Binding requests on its UDP SIP ports, IPv4 and IPv6, next to SIP
 * (RFC 5626 §8), and stops when {@code nat.stun.enabled} is off. The request is the RFC 5769
 * §2.1 sample; the answer is checked here byte by byte with the JDK's CRC-32, not with the
 * codec under test.
 */
@Timeout(60)
class StunOnSipPortTest {
    /** RFC 5769 §2.1, the sample request (ICE attributes and MESSAGE-INTEGRITY, which a keep-alive server ignores). */
    private static final byte[] SAMPLE_REQUEST = HexFormat.of().parseHex(
            "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74"
            + "002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020"
            + "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf");
    private static final int COOKIE = 0x2112A442;

    private MidregServer server;

    private void start(String nat) throws Exception {
        Path dir = Files.createTempDirectory("midreg-stun");
        server = new MidregServer(LoadedConfig.parse("stun.yaml", """
                sip:
                  listeners:
                    - transport: udp
                      host: 127.0.0.1
                      port: 0
                    - transport: udp
                      host: "::1"
                      port: 0
                upstream:
                  target: 127.0.0.1:9
                  tokenSecret: test-secret-0123456789
                admin:
                  listen: 127.0.0.1:0
                store:
                  file: %s
                  capacity: 100
                %s
                """.formatted(dir.resolve("s.store"), nat)));
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private InetSocketAddress udp(String host) throws Exception {
        InetAddress wanted = InetAddress.getByName(host);
        return server.listeners().stream()
                .filter(l -> l.config().protocol() == TransportProtocol.UDP && l.address().getAddress().equals(wanted))
                .map(BoundListener::address).findFirst().orElseThrow();
    }

    private static byte[] exchange(DatagramSocket client, InetSocketAddress to, byte[] datagram) throws Exception {
        client.setSoTimeout(10_000);
        client.send(new DatagramPacket(datagram, datagram.length, to));
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        client.receive(in);
        assertThat(in.getSocketAddress()).as("answered from the port asked").isEqualTo(to);
        return Arrays.copyOf(in.getData(), in.getLength());
    }

    @Test
    void anIpv4ClientLearnsItsOwnAddressAndPortAndSipStillWorksOnThePort() throws Exception {
        start("");
        InetSocketAddress midreg = udp("127.0.0.1");
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            byte[] tampered = SAMPLE_REQUEST.clone();
            tampered[30] ^= 1; // its FINGERPRINT no longer matches: dropped, counted
            client.send(new DatagramPacket(tampered, tampered.length, midreg));
            byte[] answer = exchange(client, midreg, SAMPLE_REQUEST);
            assertBindingSuccess(answer, (InetSocketAddress) client.getLocalSocketAddress());

            String sip = new String(exchange(client, midreg, options(midreg, client, "stun-then-sip")), StandardCharsets.US_ASCII);
            assertThat(sip).startsWith("SIP/2.0 200");
        }
        assertThat(server.stunStats().orElseThrow().answered()).isEqualTo(1);
        assertThat(server.stack().transport().stats().nonSipDatagrams()).isEqualTo(2);
        String metrics = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.admin().url() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("midreg_stun_answered_total 1.0")
                .contains("midreg_stun_dropped_total{reason=\"fingerprint-mismatch\"} 1.0")
                .contains("midreg_stun_dropped_total{reason=\"not-binding\"} 0.0");
    }

    @Test
    void anIpv6ClientLearnsItsOwnIpv6AddressAndPort() throws Exception {
        start("");
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("::1", 0))) {
            byte[] answer = exchange(client, udp("::1"), SAMPLE_REQUEST);
            assertBindingSuccess(answer, (InetSocketAddress) client.getLocalSocketAddress());
        }
    }

    /**
     * The STUN client of Debian's stun-client package (vovida 0.97, an RFC 3489 client: no magic
     * cookie, reads MAPPED-ADDRESS) runs the RFC's test 1 against midreg's SIP port and reports
     * the address and port it sent from.
     */
    @Test
    void debiansStunClientIsToldTheAddressAndPortItSentFrom() throws Exception {
        start("");
        InetSocketAddress midreg = udp("127.0.0.1");
        String stun = io.midreg.testing.InstalledTool.require("stun", "stun-client").toString();
        int sourcePort = io.midreg.testing.FreeLoopbackPort.pick();
        Process p = new ProcessBuilder(stun, "127.0.0.1:" + midreg.getPort(), "1", "-v", "-p", Integer.toString(sourcePort))
                .redirectErrorStream(true).start();
        String output;
        try {
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("stun finished").isTrue();
            output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            if (p.isAlive()) p.destroyForcibly();
        }
        assertThat(output).as(output).contains("MappedAddress = 127.0.0.1:" + sourcePort);
        assertThat(server.stunStats().orElseThrow().answered()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void withStunOffTheRequestIsNotAnsweredAndSipIs() throws Exception {
        start("nat:\n  stun:\n    enabled: false\n");
        InetSocketAddress midreg = udp("127.0.0.1");
        assertThat(server.stunStats()).isEmpty();
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            client.send(new DatagramPacket(SAMPLE_REQUEST, SAMPLE_REQUEST.length, midreg));
            // The first thing back is the SIP answer: the STUN request got none.
            String first = new String(exchange(client, midreg, options(midreg, client, "stun-off")), StandardCharsets.US_ASCII);
            assertThat(first).startsWith("SIP/2.0 200");
        }
        assertThat(server.stack().transport().stats().nonSipDatagrams()).isZero();
    }

    /** An OPTIONS to midreg itself from {@code client}, answered 200 by midreg. */
    private static byte[] options(InetSocketAddress midreg, DatagramSocket client, String callId) {
        String host = midreg.getHostString();
        return ("OPTIONS sip:" + host + ":" + midreg.getPort() + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + client.getLocalPort() + ";branch=z9hG4bK-" + callId + ";rport\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=1\r\nTo: <sip:" + host + ">\r\n"
                + "Call-ID: " + callId + "@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * RFC 5389 §7.3.1, §15.2, §15.5: a Binding success response to the sample's transaction,
     * XOR-MAPPED-ADDRESS naming {@code client}, then a FINGERPRINT that matches.
     */
    private static void assertBindingSuccess(byte[] answer, InetSocketAddress client) {
        ByteBuffer in = ByteBuffer.wrap(answer);
        assertThat(in.getShort(0)).as("Binding success response").isEqualTo((short) 0x0101);
        assertThat(in.getShort(2) & 0xFFFF).as("length").isEqualTo(answer.length - 20);
        assertThat(in.getInt(4)).as("magic cookie").isEqualTo(COOKIE);
        assertThat(Arrays.copyOfRange(answer, 8, 20)).as("transaction id").isEqualTo(Arrays.copyOfRange(SAMPLE_REQUEST, 8, 20));
        byte[] ip = client.getAddress().getAddress();
        assertThat(in.getShort(20)).as("XOR-MAPPED-ADDRESS").isEqualTo((short) 0x0020);
        assertThat(in.getShort(22)).as("its length").isEqualTo((short) (4 + ip.length));
        assertThat(in.get(25)).as("family").isEqualTo((byte) (ip.length == 4 ? 1 : 2));
        assertThat((in.getShort(26) ^ (COOKIE >>> 16)) & 0xFFFF).as("port").isEqualTo(client.getPort());
        byte[] mask = ByteBuffer.allocate(16).putInt(COOKIE).put(SAMPLE_REQUEST, 8, 12).array();
        byte[] mapped = new byte[ip.length];
        for (int i = 0; i < ip.length; i++) mapped[i] = (byte) (answer[28 + i] ^ mask[i]);
        assertThat(mapped).as("address").isEqualTo(ip);
        int fingerprintAt = 28 + ip.length;
        assertThat(answer.length).isEqualTo(fingerprintAt + 8);
        assertThat(in.getShort(fingerprintAt)).as("FINGERPRINT").isEqualTo((short) 0x8028);
        CRC32 crc = new CRC32();
        crc.update(answer, 0, fingerprintAt);
        assertThat(in.getInt(fingerprintAt + 4)).isEqualTo((int) crc.getValue() ^ 0x5354554E);
    }
}
