package io.midreg.admin;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * What a run-time SIP trace follows: one AOR (by the To URI of each message) or one source
 * address (ip, or ip:port), until a deadline.
 *
 * @param aor          the normalised AOR, or null
 * @param source       the source address, or null
 * @param port         the source port, or 0 for any
 * @param untilMillis  epoch milliseconds when the trace switches itself off
 */
record TraceFilter(String aor, InetAddress source, int port, long untilMillis) {
    static TraceFilter forAor(String normalisedAor, long untilMillis) {
        return new TraceFilter(normalisedAor, null, 0, untilMillis);
    }

    /** @throws IllegalArgumentException when {@code spec} is not ip or ip:port */
    static TraceFilter forSource(String spec, long untilMillis) {
        String host = spec.strip();
        int port = 0;
        int colon = host.lastIndexOf(':');
        boolean bracketed = host.startsWith("[");
        if (colon > 0 && (bracketed ? host.indexOf(']') < colon : host.indexOf(':') == colon)) {
            try {
                port = Integer.parseInt(host.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in '" + spec + "'");
            }
            if (port < 1 || port > 65535) throw new IllegalArgumentException("port out of range in '" + spec + "'");
            host = host.substring(0, colon);
        }
        if (bracketed && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (host.isEmpty() || !(Character.digit(host.charAt(0), 16) >= 0 || host.indexOf(':') >= 0)) {
            throw new IllegalArgumentException("source must be an IP address (ip or ip:port), not '" + spec + "'");
        }
        try {
            return new TraceFilter(null, InetAddress.getByName(host), port, untilMillis);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("source must be an IP address, not '" + spec + "'");
        }
    }

    boolean matchesSource(InetSocketAddress remote) {
        return source != null && remote != null && source.equals(remote.getAddress()) && (port == 0 || port == remote.getPort());
    }

    /** How the trace is shown in the API. */
    String describe() {
        return aor != null ? "aor " + aor : "source " + source.getHostAddress() + (port == 0 ? "" : ":" + port);
    }
}
