package io.midreg.sip.transport;

import java.util.Locale;

/** The SIP transports midreg speaks. */
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

    /** The token used in Via and in the transport URI parameter (upper case). */
    public String viaToken() {
        return viaToken;
    }

    /** Whether the transport is reliable (no retransmissions, RFC 3261 §17). */
    public boolean reliable() {
        return reliable;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Case-insensitive lookup; null for a transport midreg does not speak (SCTP, WS, ...). */
    public static TransportProtocol fromToken(CharSequence token) {
        if (token == null) return null;
        String t = token.toString().toUpperCase(Locale.ROOT);
        for (TransportProtocol p : values()) {
            if (p.viaToken.equals(t)) return p;
        }
        return null;
    }
}
