package io.midreg.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;

/**
 * The SIP test peer: a blocking SIP endpoint on plain JDK sockets (UDP, TCP, or TLS trusting the
 * {@link TestCertificate}) that shares nothing with the code under test. It sends bytes as
 * written, reads back whole messages (framed by Content-Length on streams, RFC 3261 §18.3) with
 * a deadline, and parses them itself ({@link ReceivedMessage}), so what a test asserts about an
 * answer does not depend on the product's parser. Phones ({@link TestDevice}) and readiness
 * probes ({@link #answersOptions}) are built on it.
 */
public final class SipPeer implements AutoCloseable {
    /** Call-IDs of {@link #options} probes start with this, so a peer that logs requests can leave them out. */
    public static final String PROBE_CALL_ID_PREFIX = "sip-peer-probe-";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PROBE_WAIT = Duration.ofMillis(500);
    private static final AtomicLong BRANCHES = new AtomicLong();

    private final String transport;
    private final DatagramSocket udp;
    private final Socket stream;
    private final InetSocketAddress server;
    private final Duration timeout;

    private SipPeer(String transport, InetSocketAddress server, Duration timeout) throws IOException {
        this.transport = transport;
        this.server = server;
        this.timeout = timeout;
        int millis = (int) timeout.toMillis();
        switch (transport) {
            case "udp" -> {
                // the loopback of the server's family, by number: the Via sent-by must not read "localhost"
                udp = new DatagramSocket(new InetSocketAddress(server.getAddress() instanceof Inet6Address ? "::1" : "127.0.0.1", 0));
                udp.setSoTimeout(millis);
                stream = null;
            }
            case "tcp" -> {
                udp = null;
                stream = new Socket();
                stream.setReuseAddress(true); // a test may listen on this port once the connection closed
                stream.connect(server, millis);
                stream.setSoTimeout(millis);
            }
            case "tls" -> {
                udp = null;
                SSLSocket s;
                try {
                    s = (SSLSocket) TestCertificate.trustingContext().getSocketFactory().createSocket();
                } catch (GeneralSecurityException e) {
                    throw new IOException("cannot trust the test certificate", e);
                }
                s.setReuseAddress(true);
                s.connect(server, millis);
                s.setSoTimeout(millis);
                s.startHandshake();
                stream = s;
            }
            default -> throw new IllegalArgumentException("transport must be udp, tcp or tls: " + transport);
        }
    }

    /** A peer talking to {@code server} over {@code transport} ("udp", "tcp", "tls"); reads wait at most 5 s. */
    public static SipPeer open(String transport, InetSocketAddress server) throws IOException {
        return new SipPeer(transport, server, DEFAULT_TIMEOUT);
    }

    /** As {@link #open(String, InetSocketAddress)}, reads waiting at most {@code timeout}. */
    public static SipPeer open(String transport, InetSocketAddress server, Duration timeout) throws IOException {
        return new SipPeer(transport, server, timeout);
    }

    /**
     * Sends one OPTIONS over UDP from a fresh socket and waits up to {@code wait} for the answer
     * to it (its Call-ID starts with {@link #PROBE_CALL_ID_PREFIX}); null when none came.
     */
    public static ReceivedMessage options(InetSocketAddress target, Duration wait) throws IOException {
        try (SipPeer peer = open("udp", target, wait)) {
            String callId = PROBE_CALL_ID_PREFIX + UUID.randomUUID();
            peer.send(peer.request("OPTIONS", "sip:" + target.getHostString() + ":" + target.getPort(), callId, 1, ""));
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                ReceivedMessage m = peer.receive(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
                if (m == null) return null;
                if (m.isResponse() && callId.equals(m.callId()) && m.status() >= 200) return m;
            }
            return null;
        }
    }

    /** Does a SIP server at {@code target} answer one OPTIONS over UDP with 200 within half a second? */
    public static boolean answersOptions(InetSocketAddress target) {
        try {
            ReceivedMessage answer = options(target, PROBE_WAIT);
            return answer != null && answer.status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** The peer's own address, for the Via sent-by. */
    public InetSocketAddress localAddress() {
        return udp != null ? (InetSocketAddress) udp.getLocalSocketAddress() : (InetSocketAddress) stream.getLocalSocketAddress();
    }

    public String transport() {
        return transport;
    }

    public void send(String message) throws IOException {
        send(message.getBytes(StandardCharsets.UTF_8));
    }

    public void send(byte[] bytes) throws IOException {
        if (udp != null) {
            udp.send(new DatagramPacket(bytes, bytes.length, server));
        } else {
            OutputStream out = stream.getOutputStream();
            out.write(bytes);
            out.flush();
        }
    }

    /** The next message's bytes; throws SocketTimeoutException after the peer's timeout. */
    public byte[] receiveBytes() throws IOException {
        if (udp != null) {
            byte[] buf = new byte[65536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            udp.receive(p);
            return Arrays.copyOf(buf, p.getLength());
        }
        return readStreamMessage(stream.getInputStream());
    }

    /** The next message, parsed; throws SocketTimeoutException after the peer's timeout. */
    public ReceivedMessage receive() throws IOException {
        byte[] b = receiveBytes();
        try {
            return ReceivedMessage.parse(b);
        } catch (IllegalArgumentException e) {
            throw new IOException("unparsable message: " + e.getMessage(), e);
        }
    }

    /** The next message, parsed, or null when nothing arrives within {@code wait}. */
    public ReceivedMessage receive(Duration wait) throws IOException {
        byte[] b = receiveOrNull(wait);
        if (b == null) return null;
        try {
            return ReceivedMessage.parse(b);
        } catch (IllegalArgumentException e) {
            throw new IOException("unparsable message: " + e.getMessage(), e);
        }
    }

    /** The next message's bytes, or null when nothing arrives within {@code wait}. */
    public byte[] receiveOrNull(Duration wait) throws IOException {
        setTimeout(wait);
        try {
            return receiveBytes();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            setTimeout(timeout);
        }
    }

    /** True when nothing arrives within {@code wait}. */
    public boolean receivesNothingWithin(Duration wait) throws IOException {
        return receiveOrNull(wait) == null;
    }

    /**
     * Sends {@code request} and returns the first final response (1xx skipped), waiting at most
     * {@code wait} for each message; throws SocketTimeoutException naming the request when none came.
     */
    public ReceivedMessage sendAndAwaitFinal(String request, Duration wait) throws IOException {
        send(request);
        while (true) {
            ReceivedMessage r = receive(wait);
            if (r == null) throw new SocketTimeoutException("no answer within " + wait + " to " + request.substring(0, request.indexOf('\r')));
            if (r.isResponse() && r.status() >= 200) return r;
        }
    }

    /** A request with the headers every test needs (Via with a fresh branch and rport); {@code extra} lines end in CRLF. */
    public String request(String method, String ruri, String callId, long cseq, String extra) {
        InetSocketAddress me = localAddress();
        return method + " " + ruri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport.toUpperCase(Locale.ROOT) + " " + me.getHostString() + ":" + me.getPort()
                + ";branch=" + newBranch() + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=t" + cseq + "\r\n"
                + "To: <sip:alice@example.com>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }

    /** A branch no other request of this JVM uses, with the RFC 3261 magic cookie. */
    public static String newBranch() {
        return "z9hG4bKpeer" + BRANCHES.incrementAndGet() + "x" + Long.toHexString(System.nanoTime());
    }

    private void setTimeout(Duration wait) throws IOException {
        int millis = (int) Math.max(1, wait.toMillis());
        if (udp != null) udp.setSoTimeout(millis);
        else stream.setSoTimeout(millis);
    }

    /** One message from a stream: headers up to the empty line, then Content-Length bytes of body. */
    private static byte[] readStreamMessage(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) throw new IOException("connection closed");
            if (head.size() == 0 && (c == '\r' || c == '\n')) continue; // keep-alive pong
            head.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : (c == '\r' ? 1 : 0);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int len = 0;
        for (String line : h.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim();
                if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("l")) len = Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        byte[] body = in.readNBytes(len);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(head.toByteArray());
        all.write(body);
        return all.toByteArray();
    }

    @Override
    public void close() throws IOException {
        if (udp != null) udp.close();
        if (stream != null) stream.close();
    }
}
