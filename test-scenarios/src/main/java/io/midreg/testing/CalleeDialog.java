package io.midreg.testing;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The callee's side of one call on a {@link SipPeer} (a device on its own TCP/TLS connection, or
 * over UDP): takes an INVITE, answers it, and sends the dialog's own requests (BYE, re-INVITE)
 * the way RFC 3261 §12.1.1 and §12.2.1.1 say a UAS does: the INVITE's Record-Route copied into
 * its responses, the route set is that Record-Route in order, the remote target the caller's
 * Contact. Everything is built and read with the peer's own parser ({@link ReceivedMessage}),
 * nothing of the product's. One call, one thread.
 */
public final class CalleeDialog {
    private static final String SDP = "v=0\r\no=device 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    private final SipPeer peer;
    private final ReceivedMessage invite;
    private final String contact;
    private final String toTag = "callee" + Long.toHexString(System.nanoTime());
    private long cseq = 1;
    private String lastSent;

    private CalleeDialog(SipPeer peer, ReceivedMessage invite, String contact) {
        this.peer = peer;
        this.invite = invite;
        this.contact = contact;
    }

    /** Waits up to {@code wait} for an INVITE on {@code peer} (anything else is skipped); {@code contact} is the device's Contact URI. */
    public static CalleeDialog awaitInvite(SipPeer peer, String contact, Duration wait) throws IOException {
        ReceivedMessage m = awaitRequest(peer, "INVITE", wait);
        if (m == null) throw new SocketTimeoutException("no INVITE within " + wait);
        return new CalleeDialog(peer, m, contact);
    }

    /** The INVITE as the device received it. */
    public ReceivedMessage invite() {
        return invite;
    }

    /** Answers the INVITE with {@code status}: the Record-Route copied, the device's Contact, an SDP answer with a 2xx. */
    public void respond(int status, String reason) throws IOException {
        boolean ok = status >= 200 && status < 300;
        StringBuilder r = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        copy(r, invite, "Via");
        copy(r, invite, "From");
        r.append("To: ").append(invite.header("To")).append(invite.toTag() == null ? ";tag=" + toTag : "").append("\r\n");
        copy(r, invite, "Call-ID");
        copy(r, invite, "CSeq");
        copy(r, invite, "Record-Route");
        r.append("Contact: <").append(contact).append(">\r\n");
        if (ok) r.append("Content-Type: application/sdp\r\n");
        String body = ok ? SDP : "";
        r.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        peer.send(r.toString());
    }

    /** The next request named {@code method} within {@code wait} (others skipped), or null. */
    public ReceivedMessage awaitRequest(String method, Duration wait) throws IOException {
        return awaitRequest(peer, method, wait);
    }

    /** 200 OK to an in-dialog request the device received. */
    public void ok(ReceivedMessage request) throws IOException {
        StringBuilder r = new StringBuilder("SIP/2.0 200 OK\r\n");
        copy(r, request, "Via");
        copy(r, request, "From");
        copy(r, request, "To");
        copy(r, request, "Call-ID");
        copy(r, request, "CSeq");
        r.append("Content-Length: 0\r\n\r\n");
        peer.send(r.toString());
    }

    /** The device hangs up: BYE along the route set; returns its final response. */
    public ReceivedMessage hangUp(Duration wait) throws IOException {
        return peer.sendAndAwaitFinal(request("BYE", cseq++, ""), wait);
    }

    /** A re-INVITE (new SDP) along the route set; a 2xx is ACKed the same way. Returns the final response. */
    public ReceivedMessage reInvite(Duration wait) throws IOException {
        long n = cseq++;
        ReceivedMessage answer = peer.sendAndAwaitFinal(request("INVITE", n, SDP), wait);
        if (answer.status() >= 200 && answer.status() < 300) peer.send(request("ACK", n, ""));
        return answer;
    }

    /** The last request this dialog sent, as written (for asserting its Route). */
    public String lastSent() {
        return lastSent;
    }

    /**
     * A request within the dialog (RFC 3261 §12.2.1.1): Request-URI the caller's Contact, Route
     * the INVITE's Record-Route in order, From and To swapped with the device's tag.
     */
    private String request(String method, long number, String body) {
        String remoteTarget = ReceivedMessage.Contact.of(invite.header("Contact")).uri();
        StringBuilder r = new StringBuilder(method).append(' ').append(remoteTarget).append(" SIP/2.0\r\n");
        r.append("Via: SIP/2.0/").append(peer.transport().toUpperCase(Locale.ROOT)).append(' ')
                .append(peer.localAddress().getHostString()).append(':').append(peer.localAddress().getPort())
                .append(";branch=").append(SipPeer.newBranch()).append(";rport\r\n");
        for (String route : invite.values("Record-Route")) r.append("Route: ").append(route).append("\r\n");
        r.append("Max-Forwards: 70\r\n");
        r.append("From: ").append(invite.header("To")).append(invite.toTag() == null ? ";tag=" + toTag : "").append("\r\n");
        r.append("To: ").append(invite.header("From")).append("\r\n");
        r.append("Call-ID: ").append(invite.callId()).append("\r\n");
        r.append("CSeq: ").append(number).append(' ').append(method).append("\r\n");
        r.append("Contact: <").append(contact).append(">\r\n");
        if (!body.isEmpty()) r.append("Content-Type: application/sdp\r\n");
        r.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        lastSent = r.toString();
        return lastSent;
    }

    private static ReceivedMessage awaitRequest(SipPeer peer, String method, Duration wait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            ReceivedMessage m = peer.receive(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (m == null) return null;
            if (!m.isResponse() && m.method().equals(method)) return m;
        }
        return null;
    }

    private static void copy(StringBuilder to, ReceivedMessage from, String name) {
        List<String> lines = from.headers(name);
        for (String v : lines) to.append(name).append(": ").append(v).append("\r\n");
    }
}
