package io.midreg.nat.media;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The RTPEngine instances midreg spreads calls over, and how often it pings each.
 *
 * @param instances    at least one, each address once
 * @param pingInterval time between two ng pings of an instance; an instance that misses one (all
 *                     its tries) takes no new calls until it answers one again
 */
public record RtpengineSetConfig(List<RtpengineInstanceConfig> instances, Duration pingInterval) {
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(2);

    public RtpengineSetConfig {
        instances = List.copyOf(instances);
        if (instances.isEmpty()) throw new IllegalArgumentException("an RTPEngine set needs at least one instance");
        Set<Object> seen = new HashSet<>();
        for (RtpengineInstanceConfig i : instances) {
            if (!seen.add(i.address())) throw new IllegalArgumentException("RTPEngine " + i.address() + " is listed twice");
        }
        if (pingInterval.isNegative() || pingInterval.isZero()) throw new IllegalArgumentException("pingInterval must be positive: " + pingInterval);
    }

    public static RtpengineSetConfig of(List<RtpengineInstanceConfig> instances) {
        return new RtpengineSetConfig(instances, DEFAULT_PING_INTERVAL);
    }
}
