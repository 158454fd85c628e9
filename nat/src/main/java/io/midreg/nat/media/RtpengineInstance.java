package io.midreg.nat.media;

import io.midreg.nat.media.ng.RtpengineControl;
import java.net.InetSocketAddress;

/**
 * One RTPEngine of the set: its ng commands and its health. Health changes come from the
 * periodic ping and from the outcome of every request sent to it.
 */
public final class RtpengineInstance {
    private final RtpengineInstanceConfig config;
    private final RtpengineControl control;
    private volatile InstanceHealth health = InstanceHealth.UNKNOWN;

    RtpengineInstance(RtpengineInstanceConfig config, RtpengineControl control) {
        this.config = config;
        this.control = control;
    }

    public InetSocketAddress address() {
        return config.address();
    }

    public int weight() {
        return config.weight();
    }

    public InstanceHealth health() {
        return health;
    }

    /** Its ng commands. */
    public RtpengineControl control() {
        return control;
    }

    /** Sets the health; true when it changed. */
    boolean markHealth(InstanceHealth now) {
        InstanceHealth before = health;
        health = now;
        return before != now;
    }

    @Override
    public String toString() {
        return "rtpengine " + address() + " (weight " + weight() + ", " + health + ")";
    }
}
