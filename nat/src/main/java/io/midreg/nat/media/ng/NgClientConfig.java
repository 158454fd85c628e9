package io.midreg.nat.media.ng;

import io.midreg.nat.media.bencode.BencodeLimits;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How the ng client talks to RTPEngine.
 *
 * @param localAddress          the UDP socket's own address (port 0: any free port)
 * @param timeoutPerTry         how long to wait for a reply before sending the request again; RTPEngine
 *                              answers in well under a millisecond, so a short wait finds a lost
 *                              datagram quickly (Kamailio's rtpengine module waits 1 s)
 * @param maxTries              how many times a request is sent at most (the first send included),
 *                              always with the same cookie: RTPEngine caches its replies by cookie,
 *                              so a retransmitted offer is answered, not executed twice
 * @param preferNativeTransport epoll where the platform has it, NIO otherwise
 * @param replyLimits           bounds on a reply's bencode (depth, length)
 */
public record NgClientConfig(InetSocketAddress localAddress, Duration timeoutPerTry, int maxTries, boolean preferNativeTransport,
                             BencodeLimits replyLimits) {
    /** Any local address and port, 500 ms per try, 3 tries, epoll if available. */
    public static final NgClientConfig DEFAULT = new NgClientConfig(new InetSocketAddress(0), Duration.ofMillis(500), 3, true,
            BencodeLimits.DEFAULT);

    public NgClientConfig {
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(replyLimits, "replyLimits");
        if (timeoutPerTry.isNegative() || timeoutPerTry.isZero()) throw new IllegalArgumentException("timeoutPerTry must be positive: " + timeoutPerTry);
        if (maxTries < 1) throw new IllegalArgumentException("maxTries must be at least 1: " + maxTries);
    }

    public NgClientConfig withLocalAddress(InetSocketAddress address) {
        return new NgClientConfig(address, timeoutPerTry, maxTries, preferNativeTransport, replyLimits);
    }

    public NgClientConfig withRetransmission(Duration timeout, int tries) {
        return new NgClientConfig(localAddress, timeout, tries, preferNativeTransport, replyLimits);
    }
}
