package io.midreg.nat.media.ng;

import java.net.InetSocketAddress;

/** RTPEngine answered {@code result=error}; its {@code error-reason} says why (e.g. "Unknown call-id"). */
public final class NgErrorException extends NgException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    NgErrorException(InetSocketAddress rtpengine, String command, String reason) {
        super(rtpengine, "'" + command + "' failed: " + reason, null);
        this.reason = reason;
    }

    /** RTPEngine's {@code error-reason}, empty when it gave none. */
    public String reason() {
        return reason;
    }
}
