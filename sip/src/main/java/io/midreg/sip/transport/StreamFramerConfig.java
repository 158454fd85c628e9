package io.midreg.sip.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of {@link SipStreamFramer}.
 *
 * @param maxMessageSize largest message, header block plus body, in bytes
 * @param incompleteMessageTimeout how long a partial message may wait for the rest of its bytes
 */
public record StreamFramerConfig(int maxMessageSize, Duration incompleteMessageTimeout) {

    public StreamFramerConfig {
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maxMessageSize must be positive, got " + maxMessageSize);
        }
        Objects.requireNonNull(incompleteMessageTimeout, "incompleteMessageTimeout");
        if (incompleteMessageTimeout.isNegative() || incompleteMessageTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "incompleteMessageTimeout must be positive, got " + incompleteMessageTimeout);
        }
    }

    /** The framer limits of a transport configuration. */
    public static StreamFramerConfig from(TransportConfig config) {
        return new StreamFramerConfig(config.maxMessageSize(), config.incompleteMessageTimeout());
    }
}
