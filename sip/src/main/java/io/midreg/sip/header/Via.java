package io.midreg.sip.header;

import io.midreg.sip.syntax.Ascii;
import io.midreg.sip.syntax.Parameters;
import java.util.List;

/**
 * One Via value (RFC 3261 §20.42): sent-protocol, sent-by and parameters, with the RFC 3581
 * rport and received parameters. Immutable; {@link #withReceived} derives a copy.
 */
public final class Via {
    /** RFC 3261 §8.1.1.7: branch ids from RFC 3261 elements start with this. */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    private final String protocol;
    private final String version;
    private final String transport;
    private final String host;
    private final int port;
    private final Parameters params;

    public Via(String protocol, String version, String transport, String host, int port, Parameters params) {
        this.protocol = protocol;
        this.version = version;
        this.transport = transport;
        this.host = host;
        this.port = port;
        this.params = params;
    }

    public static Via parse(String value) {
        byte[] b = Ascii.bytes(value);
        return ViaParser.parseOne(b, 0, b.length);
    }

    public static List<Via> parseList(String value) {
        byte[] b = Ascii.bytes(value);
        List<Via> out = new java.util.ArrayList<>(2);
        ViaParser.parseList(b, 0, b.length, out);
        return out;
    }

    public String protocol() { return protocol; }

    public String version() { return version; }

    /** Transport token as written, e.g. UDP, TCP, TLS, SCTP, WS. */
    public String transport() { return transport; }

    /** sent-by host as written (an IPv6 reference keeps its brackets). */
    public String host() { return host; }

    /** sent-by port, or -1 when absent. */
    public int port() { return port; }

    public Parameters params() { return params; }

    public String branch() { return params.get("branch"); }

    /** Whether the branch carries the RFC 3261 magic cookie and something after it. */
    public boolean hasRfc3261Branch() {
        String b = branch();
        return b != null && b.length() > MAGIC_COOKIE.length() && b.startsWith(MAGIC_COOKIE);
    }

    public String received() { return params.get("received"); }

    public boolean hasRport() { return params.has("rport"); }

    /** rport value, 0 when present without a value, -1 when absent or malformed. */
    public int rport() {
        int i = params.indexOf("rport");
        if (i < 0) return -1;
        String v = params.value(i);
        if (v == null) return 0;
        return (int) Ascii.parseBoundedDecimal(v, 65535);
    }

    public String maddr() { return params.get("maddr"); }

    /** Same Via with received (and rport when the client asked for it) set, RFC 3581 §4. */
    public Via withReceived(String receivedHost, int sourcePort) {
        Parameters p = params.with("received", receivedHost);
        if (p.has("rport")) p = p.with("rport", Integer.toString(sourcePort));
        return new Via(protocol, version, transport, host, port, p);
    }

    /** sent-by as host[:port]. */
    public String sentBy() {
        return port >= 0 ? host + ":" + port : host;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(64);
        b.append(protocol).append('/').append(version).append('/').append(transport).append(' ').append(sentBy());
        return params.appendTo(b).toString();
    }
}
