package io.midreg.upstream.targets;

import io.midreg.sip.transport.TransportProtocol;
import java.util.Locale;
import java.util.Objects;

/**
 * A SIP URI's host to locate (RFC 3263 §4): what decides the look-ups is the name, an explicit
 * port, an explicit transport and whether the URI is sips. Immutable; the cache key.
 *
 * @param host      a DNS name (not an IP literal)
 * @param port      the URI's port, or -1 when it has none
 * @param transport the URI's transport parameter, or null when it has none
 * @param sips      whether the URI is a sips URI (only TLS then)
 */
public record NameQuery(String host, int port, TransportProtocol transport, boolean sips) {
    public NameQuery {
        Objects.requireNonNull(host, "host");
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) host = host.substring(0, host.length() - 1);
    }
}
