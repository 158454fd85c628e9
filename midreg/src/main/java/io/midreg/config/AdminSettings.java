package io.midreg.config;

import java.net.InetSocketAddress;

/**
 * The admin API, checked.
 *
 * @param listen where to bind
 * @param token  the bearer token every request must carry, or null when the API is open (loopback only)
 */
public record AdminSettings(InetSocketAddress listen, String token) {
    public static final String DEFAULT_LISTEN = "127.0.0.1:9070";

    /** Whether requests must carry the token. */
    public boolean tokenRequired() {
        return token != null;
    }

    @Override
    public String toString() {
        return "AdminSettings[listen=" + listen + ", token=" + (token == null ? "none" : "(set)") + "]";
    }
}
