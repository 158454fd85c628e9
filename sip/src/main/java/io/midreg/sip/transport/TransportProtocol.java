package io.midreg.sip.transport;

/**
 * The SIP transports midreg speaks, with the token each one has in a Via header
 * (RFC 3261 §18, §20.42) and its default port.
 */
public enum TransportProtocol {
    UDP("UDP", false, 5060),
    TCP("TCP", true, 5060),
    TLS("TLS", true, 5061);

    private final String viaToken;
    private final boolean reliable;
    private final int defaultPort;

    TransportProtocol(String viaToken, boolean reliable, int defaultPort) {
        this.viaToken = viaToken;
        this.reliable = reliable;
        this.defaultPort = defaultPort;
    }

    /** The transport token as written in a Via header: {@code UDP}, {@code TCP} or {@code TLS}. */
    public String viaToken() {
        return viaToken;
    }

    /** True for stream transports, where SIP retransmissions are not needed (RFC 3261 §17.1.1.2). */
    public boolean reliable() {
        return reliable;
    }

    /** 5060 for UDP and TCP, 5061 for TLS (RFC 3261 §19.1.2). */
    public int defaultPort() {
        return defaultPort;
    }

    /**
     * Looks a Via transport token up, ignoring case.
     *
     * @return the protocol, or {@code null} when the token names a transport midreg does not
     *     speak (SCTP, WS, ...): a valid Via may carry one, so this is not an error here and
     *     costs no exception on the message path
     */
    public static TransportProtocol fromToken(CharSequence token) {
        if (token == null) {
            return null;
        }
        for (TransportProtocol protocol : values()) {
            if (equalsIgnoreAsciiCase(protocol.viaToken, token)) {
                return protocol;
            }
        }
        return null;
    }

    private static boolean equalsIgnoreAsciiCase(String expected, CharSequence actual) {
        if (expected.length() != actual.length()) {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            char a = actual.charAt(i);
            if (a >= 'a' && a <= 'z') {
                a = (char) (a - ('a' - 'A'));
            }
            if (a != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
