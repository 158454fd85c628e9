package io.midreg.proxy;

import io.midreg.sip.uri.SipUri;
import io.midreg.sip.transport.TransportProtocol;
import java.util.Locale;
import java.util.Objects;

/**
 * One listener of midreg as it appears in the messages it writes: the transport and the
 * host and port other elements reach it at (the advertised address). Record-Route, Via
 * sent-by and the recognition of midreg's own Route entries (RFC 3261 §16.4) all use it.
 *
 * @param host an IP address or name; an IPv6 reference with or without brackets
 */
public record ProxyInterface(TransportProtocol protocol, String host, int port) {
    public ProxyInterface {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(host, "host");
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("port " + port);
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) host = "[" + host + "]";
    }

    /** host:port as written in a Via sent-by or a URI. */
    public String hostPort() {
        return host + ":" + port;
    }

    /**
     * Whether {@code uri} names this listener: same host (case-insensitive) and same port,
     * a missing port meaning the scheme's default (RFC 3261 §19.1.2). The transport parameter
     * is not compared: a UDP and a TCP listener usually share host and port.
     */
    public boolean names(SipUri uri) {
        return sameHost(uri.host()) && uri.portOrDefault() == port;
    }

    /** Whether a Via sent-by host and port (-1 for none) name this listener. */
    boolean namesSentBy(String viaHost, int viaPort) {
        int p = viaPort >= 0 ? viaPort : protocol.defaultPort();
        return sameHost(viaHost) && p == port;
    }

    /** A fresh {@code sip:host:port} URI builder, with {@code transport} for anything but UDP. */
    SipUri.Builder uriBuilder() {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        SipUri.Builder b = SipUri.builder(bare).port(port);
        if (protocol != TransportProtocol.UDP) b.param("transport", protocol.viaToken().toLowerCase(Locale.ROOT));
        return b;
    }

    private boolean sameHost(String other) {
        if (other == null) return false;
        String o = other.indexOf(':') >= 0 && !other.startsWith("[") ? "[" + other + "]" : other;
        return host.equalsIgnoreCase(o);
    }
}
