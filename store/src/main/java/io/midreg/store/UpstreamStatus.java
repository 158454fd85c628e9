package io.midreg.store;

/**
 * Where midreg's own registration with the upstream registrar stands.
 *
 * <p>The codes are written to the store file; never renumber them.
 */
public enum UpstreamStatus {
    REGISTERING(1),
    REGISTERED(2),
    FAILED(3),
    DEREGISTERING(4);

    private final int code;

    UpstreamStatus(int code) {
        this.code = code;
    }

    /** The stable on-disk code. */
    public int code() {
        return code;
    }

    /** The status for an on-disk code, or {@code null} if the code is unknown. */
    static UpstreamStatus fromCode(int code) {
        for (UpstreamStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
