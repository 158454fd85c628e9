package io.midreg.upstream.targets;

/** A host (name, IPv4, or IPv6 in brackets) and a port, as in {@code upstream.advertise} or a target. */
public record HostPort(String host, int port) {
    /** Parses {@code host[:port]} ({@code [v6]:port} for IPv6); a missing port is {@code defaultPort}, or an error when it is 0. */
    public static HostPort parse(String text, int defaultPort) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("must be host:port, not empty");
        String s = text.trim();
        String host;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) throw new IllegalArgumentException("must be host:port ([v6]:port for IPv6), not '" + text + "'");
            host = s.substring(1, close);
            if (close + 1 < s.length()) {
                if (s.charAt(close + 1) != ':') throw new IllegalArgumentException("must be host:port, not '" + text + "'");
                port = s.substring(close + 2);
            }
        } else {
            int colon = s.indexOf(':');
            if (colon >= 0 && s.indexOf(':', colon + 1) >= 0) throw new IllegalArgumentException("must be host:port ([v6]:port for IPv6), not '" + text + "'");
            host = colon < 0 ? s : s.substring(0, colon);
            if (colon >= 0) port = s.substring(colon + 1);
        }
        if (host.isEmpty() || !validHost(host)) throw new IllegalArgumentException("has no valid host in '" + text + "'");
        int p = defaultPort;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be host:port with a numeric port, not '" + text + "'");
            }
        }
        if (p < 1 || p > 65535) throw new IllegalArgumentException(port == null ? "needs a port (host:port), not '" + text + "'"
                : "port must be within 1..65535, not " + p);
        return new HostPort(host, p);
    }

    /** A DNS name (letters, digits, '-', '.', '_') or an IP literal (digits, hex, '.', ':'). */
    static boolean validHost(String h) {
        if (h.length() > 253) return false;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_' || c == ':')) return false;
        }
        return !h.startsWith(".") && !h.startsWith("-") && !h.contains("..");
    }

    /** host:port, IPv6 in brackets: as it goes into a Via or Contact. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
