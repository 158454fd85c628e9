package io.midreg.testing;

import io.midreg.sip.auth.DigestChallenge;
import io.midreg.sip.auth.DigestClient;
import io.midreg.sip.auth.DigestSecret;
import io.midreg.sip.auth.DigestSession;
import io.midreg.sip.message.SipMessage;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipResponse;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A SIP phone on a real UDP socket, for the cases SIPp scenarios express badly (a second
 * device, a Call-ID reused from another port): registers, refreshes, de-registers, and answers
 * a 401 with digest credentials the way phones do. Never retransmits: each request is sent once.
 */
public final class TestDevice implements AutoCloseable {
    private static final AtomicLong BRANCHES = new AtomicLong();

    private final DatagramSocket socket;
    private final InetSocketAddress server;
    private final String user;
    private final String domain;
    private final String password;
    private final DigestClient digest = new DigestClient(new SecureRandom());
    private String callId;
    private long cseq;

    private String lastRequest;

    public TestDevice(InetSocketAddress server, String user, String domain, String password) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        this.socket.setSoTimeout(10_000);
        this.server = server;
        this.user = user;
        this.domain = domain;
        this.password = password;
        this.callId = user + "-" + Long.toHexString(System.nanoTime()) + "@test";
        this.cseq = 1;
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String callId() {
        return callId;
    }

    public long cseq() {
        return cseq;
    }

    /** Continue another device's registration (same Call-ID and next CSeq), as an attacker or a confused NAT would. */
    public void adoptRegistration(String otherCallId, long nextCseq) {
        this.callId = otherCallId;
        this.cseq = nextCseq;
    }

    public void setCseq(long value) {
        this.cseq = value;
    }

    public String contact() {
        return "sip:" + user + "@127.0.0.1:" + port();
    }

    /** One REGISTER, no credentials; returns the answer (CSeq advances). */
    public SipResponse register(long expires) throws IOException {
        return send(request(expires, null, "<" + contact() + ">"));
    }

    /** REGISTER; a 401 is answered once with credentials, as a phone does. Returns the final answer. */
    public SipResponse registerWithAuth(long expires) throws IOException {
        SipResponse r = register(expires);
        if (r.status() != 401) return r;
        return send(request(expires, credentials(r), "<" + contact() + ">"));
    }

    /**
     * REGISTER; a 401 is answered once in {@code algorithm} whatever the challenge offered (its
     * realm and nonce kept), as a client that ignores the offer does. Returns the final answer.
     */
    public SipResponse registerWithAuthIn(io.midreg.sip.auth.DigestAlgorithm algorithm, long expires) throws IOException {
        SipResponse r = register(expires);
        if (r.status() != 401) return r;
        try {
            DigestChallenge offered = DigestChallenge.parse(r.wwwAuthenticates().get(0));
            DigestChallenge forced = DigestChallenge.create(offered.realm(), offered.nonce(), algorithm, false);
            String creds = digest.answer(DigestSession.start(forced).nextRequest(), new DigestSecret.Password(user, password), "REGISTER",
                    "sip:" + domain, null).toHeaderValue();
            return send(request(expires, creds, "<" + contact() + ">"));
        } catch (io.midreg.sip.auth.DigestParseException e) {
            throw new IOException("cannot read the challenge " + r.wwwAuthenticates(), e);
        }
    }

    /** Contact: * with Expires: 0 (removes every binding of the AOR), with credentials if challenged. */
    public SipResponse unregisterAll() throws IOException {
        SipResponse r = send(request(0, null, "*"));
        if (r.status() != 401) return r;
        return send(request(0, credentials(r), "*"));
    }

    /** Sends a raw request and waits for the final response (skipping 1xx). */
    public SipResponse send(String request) throws IOException {
        lastRequest = request;
        byte[] b = request.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(b, b.length, server));
        while (true) {
            SipResponse r = receive(Duration.ofSeconds(10));
            if (r == null) throw new SocketTimeoutException("no answer to " + request.substring(0, request.indexOf('\r')));
            if (r.status() >= 200) return r;
        }
    }

    /** Sends the last request again, byte for byte (a retransmission), and returns its final response. */
    public SipResponse resendLast() throws IOException {
        if (lastRequest == null) throw new IllegalStateException("nothing sent yet");
        return send(lastRequest);
    }

    /** The next response, or null after {@code wait}. */
    public SipResponse receive(Duration wait) throws IOException {
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        socket.setSoTimeout((int) wait.toMillis());
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        try {
            SipMessage m = new SipMessageParser().parse(java.util.Arrays.copyOf(buf, p.getLength()), p.getLength());
            return (SipResponse) m;
        } catch (Exception e) {
            throw new IOException("bad answer: " + new String(buf, 0, p.getLength(), StandardCharsets.UTF_8), e);
        }
    }

    private String credentials(SipResponse challenge) {
        try {
            DigestChallenge c = DigestChallenge.parse(challenge.wwwAuthenticates().get(0));
            return digest.answer(DigestSession.start(c).nextRequest(), new DigestSecret.Password(user, password), "REGISTER", "sip:" + domain, null)
                    .toHeaderValue();
        } catch (Exception e) {
            throw new IllegalStateException("cannot answer " + challenge.wwwAuthenticates(), e);
        }
    }

    private String request(long expires, String authorization, String contact) {
        long n = cseq++;
        return "REGISTER sip:" + domain + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port() + ";branch=z9hG4bKdev" + BRANCHES.incrementAndGet() + "x" + System.nanoTime() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + domain + ">;tag=dev" + port() + "\r\n"
                + "To: <sip:" + user + "@" + domain + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + n + " REGISTER\r\n"
                + "Contact: " + contact + "\r\n"
                + "Expires: " + expires + "\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "User-Agent: midreg-test-device\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    @Override
    public void close() {
        socket.close();
    }
}
