package io.midreg.testing;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One call of a device on a {@link SipPeer} (on its own TCP/TLS connection, or over UDP), either
 * side: as the callee it takes an INVITE and answers it, as the caller it places one; then it
 * sends the dialog's own requests (BYE, re-INVITE) the way RFC 3261 §12 says a UA does. The
 * callee copies the INVITE's Record-Route into its responses and takes it in order as its route
 * set (§12.1.1), the caller takes the 2xx's Record-Route reversed (§12.1.2); the remote target is
 * the other side's Contact. Everything is built and read with the peer's own parser
 * ({@link ReceivedMessage}), nothing of the product's. One call, one thread.
 */
public final class DeviceDialog {
    private static final String SDP = "v=0\r\no=device 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    private final SipPeer peer;
    private final String contact;
    /** The INVITE that made the dialog: received (callee) or sent (caller). */
    private final ReceivedMessage invite;
    /** The final answer to the INVITE the device placed; null for a callee. */
    private ReceivedMessage answer;
    /** From (caller) or To (callee) with the device's tag; To or From with the other side's. */
    private String local;
    private String remote;
    private String remoteTarget;
    private List<String> routeSet = List.of();
    private long cseq;
    private String lastSent;

    private DeviceDialog(SipPeer peer, String contact, ReceivedMessage invite) {
        this.peer = peer;
        this.contact = contact;
        this.invite = invite;
    }

    /** Waits up to {@code wait} for an INVITE on {@code peer} (anything else is skipped); {@code contact} is the device's Contact URI. */
    public static DeviceDialog awaitInvite(SipPeer peer, String contact, Duration wait) throws IOException {
        ReceivedMessage m = awaitRequest(peer, "INVITE", wait);
        if (m == null) throw new SocketTimeoutException("no INVITE within " + wait);
        DeviceDialog d = new DeviceDialog(peer, contact, m);
        d.local = m.header("To") + (m.toTag() == null ? ";tag=callee" + Long.toHexString(System.nanoTime()) : "");
        d.remote = m.header("From");
        d.remoteTarget = ReceivedMessage.Contact.of(m.header("Contact")).uri();
        d.routeSet = m.values("Record-Route");
        d.cseq = 1;
        return d;
    }

    /**
     * Places a call: an INVITE with SDP to {@code requestUri}, From {@code from} (the device's
     * AOR URI), To {@code to}; returns once the final answer came ({@link #answer}), a 2xx ACKed
     * along the route set.
     */
    public static DeviceDialog call(SipPeer peer, String contact, String requestUri, String from, String to, Duration wait)
            throws IOException {
        String text = "INVITE " + requestUri + " SIP/2.0\r\n" + via(peer)
                + "Max-Forwards: 70\r\n"
                + "From: <" + from + ">;tag=caller" + Long.toHexString(System.nanoTime()) + "\r\n"
                + "To: <" + to + ">\r\n"
                + "Call-ID: device-call-" + Long.toHexString(System.nanoTime()) + "@127.0.0.1\r\n"
                + "CSeq: 1 INVITE\r\n"
                + "Contact: <" + contact + ">\r\n"
                + "Content-Type: application/sdp\r\nContent-Length: " + SDP.length() + "\r\n\r\n" + SDP;
        DeviceDialog d = new DeviceDialog(peer, contact, ReceivedMessage.parse(text.getBytes(StandardCharsets.UTF_8)));
        d.lastSent = text;
        d.answer = peer.sendAndAwaitFinal(text, wait);
        d.local = d.invite.header("From");
        d.remote = d.answer.header("To");
        d.cseq = 2;
        if (d.answer.status() >= 200 && d.answer.status() < 300) {
            d.remoteTarget = ReceivedMessage.Contact.of(d.answer.header("Contact")).uri();
            List<String> rr = new ArrayList<>(d.answer.values("Record-Route"));
            Collections.reverse(rr);
            d.routeSet = List.copyOf(rr);
            peer.send(d.request("ACK", 1, ""));
        }
        return d;
    }

    /** The final answer to the INVITE this device placed ({@link #call}); null for a callee. */
    public ReceivedMessage answer() {
        return answer;
    }

    /** The INVITE as the device received it (callee) or sent it (caller). */
    public ReceivedMessage invite() {
        return invite;
    }

    /** The route set, in the order the device's requests carry it. */
    public List<String> routeSet() {
        return routeSet;
    }

    /** Answers the INVITE it took with {@code status}: the Record-Route copied, the device's Contact, an SDP answer with a 2xx. */
    public void respond(int status, String reason) throws IOException {
        boolean ok = status >= 200 && status < 300;
        StringBuilder r = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        copy(r, invite, "Via");
        copy(r, invite, "From");
        r.append("To: ").append(local).append("\r\n");
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

    /** A request within the dialog (RFC 3261 §12.2.1.1): to the remote target, along the route set, with both tags. */
    private String request(String method, long number, String body) {
        StringBuilder r = new StringBuilder(method).append(' ').append(remoteTarget).append(" SIP/2.0\r\n").append(via(peer));
        for (String route : routeSet) r.append("Route: ").append(route).append("\r\n");
        r.append("Max-Forwards: 70\r\n");
        r.append("From: ").append(local).append("\r\n");
        r.append("To: ").append(remote).append("\r\n");
        r.append("Call-ID: ").append(invite.callId()).append("\r\n");
        r.append("CSeq: ").append(number).append(' ').append(method).append("\r\n");
        r.append("Contact: <").append(contact).append(">\r\n");
        if (!body.isEmpty()) r.append("Content-Type: application/sdp\r\n");
        r.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
        lastSent = r.toString();
        return lastSent;
    }

    private static String via(SipPeer peer) {
        return "Via: SIP/2.0/" + peer.transport().toUpperCase(Locale.ROOT) + " " + peer.localAddress().getHostString() + ":"
                + peer.localAddress().getPort() + ";branch=" + SipPeer.newBranch() + ";rport\r\n";
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
        for (String v : from.headers(name)) to.append(name).append(": ").append(v).append("\r\n");
    }
}
