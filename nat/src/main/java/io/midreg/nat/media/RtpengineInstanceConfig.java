package io.midreg.nat.media;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One RTPEngine of the set.
 *
 * @param address its ng control address (UDP)
 * @param weight  its share of new calls relative to the others; 0 takes no new calls but keeps
 *                serving the calls it has (draining it for maintenance)
 */
public record RtpengineInstanceConfig(InetSocketAddress address, int weight) {
    public RtpengineInstanceConfig {
        Objects.requireNonNull(address, "address");
        if (weight < 0) throw new IllegalArgumentException("weight must not be negative: " + weight);
    }
}
