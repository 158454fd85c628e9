package io.midreg.proxy;

import java.net.InetAddress;

/** An IP address literal of a URI host or Via, parsed without any name look-up (so never blocking). */
final class IpLiteral {
    private IpLiteral() {
    }

    /** The address, or null when {@code host} is not an IPv4 or (bracketed or bare) IPv6 literal. */
    static InetAddress parse(String host) {
        if (host == null || host.isEmpty()) return null;
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        boolean v4 = h.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        boolean v6 = h.indexOf(':') >= 0 && h.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
        if (!v4 && !v6) return null;
        try {
            return InetAddress.getByName(h); // a literal: parsed, not looked up
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }
}
