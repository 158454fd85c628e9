package io.midreg.registrar.surrogate;

import static org.assertj.core.api.Assertions.assertThat;
import io.midreg.sip.auth.DigestAlgorithm;
import io.midreg.sip.auth.DigestChallenge;
import io.midreg.sip.auth.DigestClient;
import io.midreg.sip.auth.DigestCredentials;
import io.midreg.sip.auth.DigestSecret;
import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.stack.SipStack;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transport.ListenerConfig;
import io.midreg.sip.transport.TransportConfig;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.upstream.UpstreamContact;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.UpstreamTarget;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;


/**
 * The surrogate attempt's state machine against a scripted registrar on loopback UDP (an
 * in-process fake answering each REGISTER with the next scripted status): one digest answer,
 * one more for stale=true, 407 answered with Proxy-Authorization, 423 retried with Min-Expires,
 * 403 and a second challenge reported as refused credentials.
 */
@Timeout(30)
class SurrogateClientTest {
    private static final DigestSecret SECRET = new DigestSecret.Password("alice", "s3cret");

    private SipStack stack;
    private DatagramSocket registrar;
    private final List<SipRequest> received = new CopyOnWriteArrayList<>();
    private Thread answering;

    @BeforeEach
    void start() throws Exception {
        TransportConfig udp = TransportConfig.defaults().withListeners(List.of(ListenerConfig.of(TransportProtocol.UDP, "127.0.0.1", 0)));
        TimerConfig fast = new TimerConfig(Duration.ofMillis(50), Duration.ofMillis(400), Duration.ofMillis(500), Duration.ofSeconds(32));
        stack = SipStack.withTransactions(udp, ParserConfig.defaults(), fast, tx -> { }, (r, f) -> { });
        stack.start().get(10, TimeUnit.SECONDS);
        registrar = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        registrar.setSoTimeout(200);
    }

    @AfterEach
    void stop() throws Exception {
        if (answering != null) {
            answering.interrupt();
            answering.join(2000);
        }
        registrar.close();
        stack.close();
    }

    /** Answers the n-th REGISTER (retransmissions aside) with {@code script.get(n)} applied to it. */
    private void answer(List<Function<SipRequest, String>> script) {
        answering = new Thread(() -> {
            List<String> branches = new ArrayList<>();
            byte[] buf = new byte[65536];
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Thread.currentThread().isInterrupted() && System.nanoTime() < end) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    registrar.receive(p);
                    SipRequest r = (SipRequest) new SipMessageParser().parse(java.util.Arrays.copyOf(buf, p.getLength()), p.getLength());
                    String branch = r.topVia().branch();
                    if (!branches.contains(branch)) {
                        branches.add(branch);
                        received.add(r);
                    }
                    int n = branches.indexOf(branch);
                    String response = n < script.size() ? script.get(n).apply(r) : null;
                    if (response == null) continue;
                    byte[] out = response.getBytes(StandardCharsets.UTF_8);
                    registrar.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                } catch (java.net.SocketTimeoutException e) {
                    // look at the interrupt flag and the deadline again
                } catch (Exception e) {
                    return;
                }
            }
        }, "scripted-registrar");
        answering.setDaemon(true);
        answering.start();
    }

    private static Function<SipRequest, String> reply(int status, String reason, String... headers) {
        return r -> {
            StringBuilder b = new StringBuilder("SIP/2.0 " + status + " " + reason + "\r\n");
            for (String via : r.headerLines(HeaderName.VIA)) b.append("Via: ").append(via).append("\r\n");
            b.append("From: ").append(r.header(HeaderName.FROM)).append("\r\n");
            b.append("To: ").append(r.header(HeaderName.TO)).append(";tag=reg\r\n");
            b.append("Call-ID: ").append(r.callId()).append("\r\n");
            b.append("CSeq: ").append(r.cseq().number()).append(" REGISTER\r\n");
            for (String h : headers) b.append(h).append("\r\n");
            if (status < 300) {
                for (var c : r.contacts()) b.append("Contact: <").append(c.address().uri()).append(">;expires=").append(c.expires()).append("\r\n");
            }
            return b.append("Content-Length: 0\r\n\r\n").toString();
        };
    }

    private static Function<SipRequest, String> challenge(int status, String nonce, boolean stale) {
        String header = status == 407 ? "Proxy-Authenticate: " : "WWW-Authenticate: ";
        return reply(status, status == 407 ? "Proxy Authentication Required" : "Unauthorized",
                header + DigestChallenge.create("example.com", nonce, DigestAlgorithm.MD5, stale).toHeaderValue());
    }

    /** What the listener heard. */
    private record Outcome(String kind, SipResponse response, long lastCseq, Map<String, Long> asked) {
    }

    private Outcome run(long cseq, long expires) throws Exception {
        UpstreamTarget target = new UpstreamTarget(TransportProtocol.UDP, (InetSocketAddress) registrar.getLocalSocketAddress(), null,
                "127.0.0.1:" + stack.transport().boundAddresses().get(0).getPort());
        UpstreamRelay relay = new UpstreamRelay(stack.transactions(), target);
        SurrogateClient client = new SurrogateClient(() -> relay, new DigestClient(new SecureRandom()), UpstreamGate.immediate());
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        client.register(new SurrogateRequest("sip:alice@example.com", "cid@midreg", cseq, List.of(new UpstreamContact("tok", expires)), List.of(),
                SECRET), new SurrogateListener() {
                    @Override
                    public void onRegistered(SipResponse response, long lastCseq, Map<String, Long> asked, String target) {
                        done.complete(new Outcome("registered", response, lastCseq, asked));
                    }

                    @Override
                    public void onCredentialsRefused(SipResponse response, String why) {
                        done.complete(new Outcome("refused", response, 0, Map.of()));
                    }

                    @Override
                    public void onFailed(SipResponse response, String why) {
                        done.complete(new Outcome("failed:" + why, response, 0, Map.of()));
                    }
                });
        return done.get(15, TimeUnit.SECONDS);
    }

    private static DigestCredentials credentials(SipRequest r, HeaderName header) throws Exception {
        return DigestCredentials.parse(r.headerLines(header).get(0));
    }

    @Test
    void answersOneChallengeWithTheNextCSeqAndTheSameCallId() throws Exception {
        answer(List.of(challenge(401, "n1", false), reply(200, "OK")));
        Outcome o = run(5, 3600);
        assertThat(o.kind()).isEqualTo("registered");
        assertThat(o.lastCseq()).isEqualTo(6);
        assertThat(received).hasSize(2);
        assertThat(received.get(0).authorizations()).isEmpty();
        assertThat(received.get(1).cseq().number()).isEqualTo(6);
        assertThat(received.get(1).callId()).isEqualTo("cid@midreg");
        DigestCredentials c = credentials(received.get(1), HeaderName.AUTHORIZATION);
        assertThat(c.username()).isEqualTo("alice");
        assertThat(c.nonce()).isEqualTo("n1");
        assertThat(c.uri()).isEqualTo("sip:example.com");
    }

    @Test
    void aSecondChallengeAfterTheAnswerIsRefusedCredentialsAfterTwoRegisters() throws Exception {
        answer(List.of(challenge(401, "n1", false), challenge(401, "n2", false), reply(200, "OK")));
        Outcome o = run(1, 3600);
        assertThat(o.kind()).isEqualTo("refused");
        Thread.sleep(300);
        assertThat(received).as("no third REGISTER").hasSize(2);
    }

    @Test
    void aStaleNonceIsAnsweredOnceMore() throws Exception {
        answer(List.of(challenge(401, "n1", false), challenge(401, "n2", true), reply(200, "OK")));
        Outcome o = run(1, 3600);
        assertThat(o.kind()).isEqualTo("registered");
        assertThat(o.lastCseq()).isEqualTo(3);
        assertThat(credentials(received.get(2), HeaderName.AUTHORIZATION).nonce()).isEqualTo("n2");
    }

    @Test
    void a407IsAnsweredWithProxyAuthorization() throws Exception {
        answer(List.of(challenge(407, "p1", false), reply(200, "OK")));
        assertThat(run(1, 3600).kind()).isEqualTo("registered");
        assertThat(received.get(1).authorizations()).isEmpty();
        assertThat(credentials(received.get(1), HeaderName.PROXY_AUTHORIZATION).nonce()).isEqualTo("p1");
    }

    @Test
    void a423IsRetriedOnceWithTheMinExpires() throws Exception {
        answer(List.of(reply(423, "Interval Too Brief", "Min-Expires: 120"), reply(200, "OK")));
        Outcome o = run(1, 60);
        assertThat(o.kind()).isEqualTo("registered");
        assertThat(o.asked()).containsEntry("tok", 120L);
        assertThat(received.get(1).contacts().get(0).expires()).isEqualTo(120);
        assertThat(received.get(1).cseq().number()).isEqualTo(2);
    }

    @Test
    void a403Or404IsRefusedCredentialsAndA503IsAFailure() throws Exception {
        answer(List.of(reply(403, "Forbidden")));
        assertThat(run(1, 3600).kind()).isEqualTo("refused");
        answering.interrupt();
        answering.join(2000);
        received.clear();
        answer(List.of(reply(503, "Service Unavailable", "Retry-After: 40")));
        Outcome o = run(1, 3600);
        assertThat(o.kind()).startsWith("failed");
        assertThat(SurrogateClient.retryAfterSeconds(o.response())).isEqualTo(40);
        assertThat(received).hasSize(1);
    }
}
