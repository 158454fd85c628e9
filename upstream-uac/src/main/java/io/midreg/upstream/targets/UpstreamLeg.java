package io.midreg.upstream.targets;

import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.pacing.UpstreamPacer;

/**
 * The way to one upstream target: its relay (which reports to the target's health) and the
 * pacer that caps the REGISTERs sent to it.
 *
 * @param relay sends to the target
 * @param pacer the target's own cap, or null for none
 */
public record UpstreamLeg(UpstreamRelay relay, UpstreamPacer pacer) {
    public UpstreamLeg {
        if (relay == null) throw new IllegalArgumentException("relay is required");
    }
}
