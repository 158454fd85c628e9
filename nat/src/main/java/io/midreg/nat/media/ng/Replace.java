package io.midreg.nat.media.ng;

/**
 * Entries of the ng {@code replace} list: which SDP fields RTPEngine rewrites besides the media
 * lines. {@link #SESSION_CONNECTION} is needed on RTPEngine 10.x (Debian 12) and is deprecated
 * from mr13 on (the daemon sets c= lines itself) and merely logged as unknown from 26.2, so
 * callers make it configurable.
 */
public enum Replace {
    /** The address in o=. */
    ORIGIN("origin"),
    /** The session-level c= line. */
    SESSION_CONNECTION("session-connection"),
    /** The whole o= line. */
    ORIGIN_FULL("origin-full"),
    USERNAME("username"),
    SESSION_NAME("session-name"),
    SDP_VERSION("SDP-version"),
    /** c= 0.0.0.0 (old-style hold) too. */
    ZERO_ADDRESS("zero-address");

    private final String value;

    Replace(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
