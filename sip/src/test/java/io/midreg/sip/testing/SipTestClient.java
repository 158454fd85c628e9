package io.midreg.sip.testing;

import io.midreg.sip.message.SipMessage;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipParseException;
import io.midreg.sip.message.SipResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A blocking SIP peer for tests, on plain JDK sockets so it shares nothing with the code under
 * test: sends bytes over UDP, TCP or TLS and reads back whole responses (framed by
 * Content-Length on streams), with a deadline.
 */
public final class SipTestClient implements AutoCloseable {
    public static final Path TLS_DIR = Path.of(System.getProperty("user.dir")).resolve("src/test/resources/tls");
    public static final Path CERT = TLS_DIR.resolve("localhost.cert.pem");
    public static final Path KEY = TLS_DIR.resolve("localhost.key.pem");

    private final String transport;
    private final DatagramSocket udp;
    private final Socket stream;
    private final InetSocketAddress server;
    private final Duration timeout;

    private SipTestClient(String transport, InetSocketAddress server, Duration timeout) throws Exception {
        this.transport = transport;
        this.server = server;
        this.timeout = timeout;
        switch (transport) {
            case "udp" -> {
                udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                udp.setSoTimeout((int) timeout.toMillis());
                stream = null;
            }
            case "tcp" -> {
                udp = null;
                stream = new Socket();
                stream.connect(server, (int) timeout.toMillis());
                stream.setSoTimeout((int) timeout.toMillis());
            }
            case "tls" -> {
                udp = null;
                SSLSocket s = (SSLSocket) trustingTestCertificate().getSocketFactory().createSocket();
                s.connect(server, (int) timeout.toMillis());
                s.setSoTimeout((int) timeout.toMillis());
                s.startHandshake();
                stream = s;
            }
            default -> throw new IllegalArgumentException(transport);
        }
    }

    public static SipTestClient open(String transport, InetSocketAddress server) throws Exception {
        return new SipTestClient(transport, server, Duration.ofSeconds(5));
    }

    public static SipTestClient open(String transport, InetSocketAddress server, Duration timeout) throws Exception {
        return new SipTestClient(transport, server, timeout);
    }

    /** The client's own address, for the Via sent-by. */
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

    /** The next message from the server; throws SocketTimeoutException after the deadline. */
    public byte[] receiveBytes() throws IOException {
        if (udp != null) {
            byte[] buf = new byte[65536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            udp.receive(p);
            return java.util.Arrays.copyOf(buf, p.getLength());
        }
        return readStreamMessage(stream.getInputStream());
    }

    public SipResponse receive() throws IOException {
        byte[] b = receiveBytes();
        try {
            SipMessage m = new SipMessageParser().parse(b, b.length);
            if (m instanceof SipResponse r) return r;
            throw new IOException("expected a response, got " + m.startLine());
        } catch (SipParseException e) {
            throw new IOException("unparsable answer: " + e.reason() + "\n" + new String(b, StandardCharsets.UTF_8), e);
        }
    }

    /** The next message, or null when nothing arrives within {@code wait}. */
    public byte[] receiveOrNull(Duration wait) throws IOException {
        try {
            if (udp != null) udp.setSoTimeout((int) Math.max(1, wait.toMillis()));
            else stream.setSoTimeout((int) Math.max(1, wait.toMillis()));
            return receiveBytes();
        } catch (SocketTimeoutException e) {
            return null;
        } finally {
            if (udp != null) udp.setSoTimeout((int) timeout.toMillis());
            else stream.setSoTimeout((int) timeout.toMillis());
        }
    }

    /** True when nothing arrives within {@code wait}. */
    public boolean receivesNothingWithin(Duration wait) throws IOException {
        try {
            if (udp != null) udp.setSoTimeout((int) wait.toMillis());
            else stream.setSoTimeout((int) wait.toMillis());
            byte[] b = receiveBytes();
            return b == null;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            if (udp != null) udp.setSoTimeout((int) timeout.toMillis());
            else stream.setSoTimeout((int) timeout.toMillis());
        }
    }

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

    /** An SSLContext that trusts the test certificate in src/test/resources/tls. */
    public static SSLContext trustingTestCertificate() throws Exception {
        X509Certificate cert;
        try (InputStream in = java.nio.file.Files.newInputStream(CERT)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("localhost", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A request with the headers every test needs; {@code extra} lines end in CRLF. */
    public String request(String method, String ruri, String callId, long cseq, String extra) {
        InetSocketAddress me = localAddress();
        return method + " " + ruri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport.toUpperCase() + " " + me.getHostString() + ":" + me.getPort()
                + ";branch=z9hG4bK" + Long.toHexString(System.nanoTime()) + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=t" + cseq + "\r\n"
                + "To: <sip:alice@example.com>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + extra
                + "Content-Length: 0\r\n\r\n";
    }

    @Override
    public void close() throws IOException {
        if (udp != null) udp.close();
        if (stream != null) stream.close();
    }
}
