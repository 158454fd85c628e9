package io.midreg.sip.transport;

import java.util.Objects;

/**
 * One address the transport listens on.
 *
 * @param protocol transport of the listener
 * @param host literal IP address or host name to bind ({@code 0.0.0.0} or {@code ::} for all)
 * @param port port to bind, 0 for an ephemeral one (tests)
 * @param tls TLS material; required for {@link TransportProtocol#TLS}, {@code null} otherwise
 */
public record ListenerConfig(TransportProtocol protocol, String host, int port, TlsConfig tls) {

    public ListenerConfig {
        if (protocol == null) {
            throw new IllegalArgumentException("protocol must be set");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be set");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (protocol == TransportProtocol.TLS && tls == null) {
            throw new IllegalArgumentException("tls must be set for a TLS listener");
        }
        if (protocol != TransportProtocol.TLS && tls != null) {
            throw new IllegalArgumentException("tls must be null for a " + protocol + " listener");
        }
    }

    /** A UDP or TCP listener. */
    public static ListenerConfig of(TransportProtocol protocol, String host, int port) {
        return new ListenerConfig(protocol, host, port, null);
    }

    /** A TLS listener. */
    public static ListenerConfig tls(String host, int port, TlsConfig tls) {
        return new ListenerConfig(TransportProtocol.TLS, host, port, Objects.requireNonNull(tls, "tls"));
    }
}
