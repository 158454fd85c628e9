package io.midreg.upstream.targets;

import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.pacing.UpstreamPacer;

/**
 * The way to one upstream target: its relay (which reports to the target's health) and the
 * pacer that caps the REGISTERs sent to it.
 *
 * @param relay sends to the target
 * @param pacer the target's own cap, or null for none
 * @param target the target's name ({@link Candidate#name()}), recorded with what it registers so
 *               a refresh can tell the AOR moved; null with the single {@code upstream.target}
 */
public record UpstreamLeg(UpstreamRelay relay, UpstreamPacer pacer, String target) {
    public UpstreamLeg {
        if (relay == null) throw new IllegalArgumentException("relay is required");
    }

    /** A leg without a name: the single {@code upstream.target}. */
    public UpstreamLeg(UpstreamRelay relay, UpstreamPacer pacer) {
        this(relay, pacer, null);
    }

    /** This leg under {@code name}. */
    public UpstreamLeg named(String name) {
        return java.util.Objects.equals(name, target) ? this : new UpstreamLeg(relay, pacer, name);
    }
}
