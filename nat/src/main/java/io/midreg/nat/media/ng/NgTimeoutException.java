package io.midreg.nat.media.ng;

import java.net.InetSocketAddress;
import java.time.Duration;

/** No reply after every try: RTPEngine is down, unreachable or overloaded. */
public final class NgTimeoutException extends NgException {
    private static final long serialVersionUID = 1L;

    private final int tries;

    NgTimeoutException(InetSocketAddress rtpengine, String command, int tries, Duration timeoutPerTry) {
        super(rtpengine, "no reply to '" + command + "' after " + tries + " tries of " + timeoutPerTry.toMillis() + " ms", null);
        this.tries = tries;
    }

    /** How many times the request was sent (the first send and its retransmissions). */
    public int tries() {
        return tries;
    }
}
