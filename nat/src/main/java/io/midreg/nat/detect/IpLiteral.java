package io.midreg.nat.detect;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * An IP address written in a Via or URI host (RFC 3261 §25.1: IPv4address, or IPv6reference in
 * brackets), parsed without any name look-up: a domain name is no address, and looking it up
 * would block.
 */
final class IpLiteral {
    private IpLiteral() {
    }

    static Optional<InetAddress> parse(String host) {
        if (host == null || host.isEmpty()) return Optional.empty();
        if (host.startsWith("[") && host.endsWith("]")) return ipv6(host.substring(1, host.length() - 1));
        if (host.indexOf(':') >= 0) return ipv6(host);
        return ipv4(host);
    }

    /** Four decimal octets, nothing else (Java's parser would take "10.1" as 10.0.0.1). */
    private static Optional<InetAddress> ipv4(String host) {
        byte[] octets = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= host.length(); i++) {
            char c = i < host.length() ? host.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                value = value < 0 ? c - '0' : value * 10 + (c - '0');
                if (value > 255) return Optional.empty();
            } else if (c == '.' && value >= 0 && part < 4) {
                octets[part++] = (byte) value;
                value = -1;
            } else {
                return Optional.empty();
            }
        }
        return part == 4 ? address(octets) : Optional.empty();
    }

    private static Optional<InetAddress> ipv6(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ':' && c != '.' && Character.digit(c, 16) < 0) return Optional.empty();
        }
        try {
            // In brackets Java parses the literal or fails; it never falls back to a look-up.
            return Optional.of(InetAddress.getByName("[" + text + "]"));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> address(byte[] octets) {
        try {
            return Optional.of(InetAddress.getByAddress(octets));
        } catch (UnknownHostException e) {
            return Optional.empty(); // cannot happen for four bytes
        }
    }
}
