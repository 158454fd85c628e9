package io.midreg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A SIP phone on a {@link SipPeer} over UDP (or TCP/TLS: it registers on its own connection and
 * takes calls on it, {@link DeviceDialog}), for the cases SIPp scenarios express badly (a second
 * device, a Call-ID reused from another port): registers, refreshes, de-registers, and answers
 * a 401 with digest credentials ({@link DigestAnswer}) the way phones do. Never retransmits: each
 * request is sent once.
 */
public final class TestDevice implements AutoCloseable {
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(10);

    private final SipPeer peer;
    private final String user;
    private final String domain;
    private final String password;
    private String callId;
    private long cseq;

    private String lastRequest;

    public TestDevice(InetSocketAddress server, String user, String domain, String password) throws IOException {
        this("udp", server, user, domain, password);
    }

    /** A phone on {@code transport} ("udp", "tcp", "tls"); over TCP/TLS it connects at once and keeps the connection. */
    public TestDevice(String transport, InetSocketAddress server, String user, String domain, String password) throws IOException {
        this.peer = SipPeer.open(transport, server, ANSWER_WAIT);
        this.user = user;
        this.domain = domain;
        this.password = password;
        this.callId = user + "-" + Long.toHexString(System.nanoTime()) + "@test";
        this.cseq = 1;
    }

    public int port() {
        return peer.localAddress().getPort();
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

    /** Its Contact URI; over TCP/TLS with the transport parameter (RFC 3261 §19.1.4). */
    public String contact() {
        String transport = peer.transport();
        return "sip:" + user + "@127.0.0.1:" + port() + (transport.equals("udp") ? "" : ";transport=" + transport);
    }

    /** The peer it talks on (its connection over TCP/TLS), for taking calls with {@link DeviceDialog}. */
    public SipPeer peer() {
        return peer;
    }

    /** One REGISTER, no credentials; returns the answer (CSeq advances). */
    public ReceivedMessage register(long expires) throws IOException {
        return send(request(expires, null, "<" + contact() + ">"));
    }

    /** Sends one REGISTER without credentials and returns at once, not waiting for an answer (for upstreams that never answer). */
    public void sendRegister(long expires) throws IOException {
        lastRequest = request(expires, null, "<" + contact() + ">");
        peer.send(lastRequest);
    }

    /** REGISTER; a 401 is answered once with credentials, as a phone does. Returns the final answer. */
    public ReceivedMessage registerWithAuth(long expires) throws IOException {
        ReceivedMessage r = register(expires);
        if (r.status() != 401) return r;
        return send(request(expires, credentials(r), "<" + contact() + ">"));
    }

    /**
     * REGISTER; a 401 is answered once in {@code algorithm} (e.g. "SHA-256") whatever the
     * challenge offered (its realm and nonce kept, qop=auth), as a client that ignores the offer
     * does. Returns the final answer.
     */
    public ReceivedMessage registerWithAuthIn(String algorithm, long expires) throws IOException {
        ReceivedMessage r = register(expires);
        if (r.status() != 401) return r;
        String offered = r.header("WWW-Authenticate");
        if (offered == null) throw new IllegalStateException("401 without WWW-Authenticate:\n" + r);
        String params = offered.trim().substring("Digest".length());
        String forced = "Digest realm=\"" + DigestAnswer.param(params, "realm") + "\", nonce=\"" + DigestAnswer.param(params, "nonce")
                + "\", algorithm=" + algorithm + ", qop=\"auth\"";
        return send(request(expires, DigestAnswer.authorization(forced, user, password, "REGISTER", "sip:" + domain), "<" + contact() + ">"));
    }

    /** Contact: * with Expires: 0 (removes every binding of the AOR), with credentials if challenged. */
    public ReceivedMessage unregisterAll() throws IOException {
        ReceivedMessage r = send(request(0, null, "*"));
        if (r.status() != 401) return r;
        return send(request(0, credentials(r), "*"));
    }

    /** Sends a raw request and waits for the final response (skipping 1xx). */
    public ReceivedMessage send(String request) throws IOException {
        lastRequest = request;
        return peer.sendAndAwaitFinal(request, ANSWER_WAIT);
    }

    /** Sends the last request again, byte for byte (a retransmission), and returns its final response. */
    public ReceivedMessage resendLast() throws IOException {
        if (lastRequest == null) throw new IllegalStateException("nothing sent yet");
        return send(lastRequest);
    }

    /** The next message, or null after {@code wait}. */
    public ReceivedMessage receive(Duration wait) throws IOException {
        return peer.receive(wait);
    }

    private String credentials(ReceivedMessage challenge) {
        String header = challenge.header("WWW-Authenticate");
        if (header == null) throw new IllegalStateException("401 without WWW-Authenticate:\n" + challenge);
        return DigestAnswer.authorization(header, user, password, "REGISTER", "sip:" + domain);
    }

    private String request(long expires, String authorization, String contact) {
        long n = cseq++;
        return "REGISTER sip:" + domain + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + peer.transport().toUpperCase(java.util.Locale.ROOT) + " 127.0.0.1:" + port() + ";branch=" + SipPeer.newBranch()
                + ";rport\r\n"
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
        try {
            peer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
