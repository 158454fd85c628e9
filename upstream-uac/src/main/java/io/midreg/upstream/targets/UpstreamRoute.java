package io.midreg.upstream.targets;

import java.util.List;

/** Which upstream target an AOR's REGISTERs go to now. Thread-safe and non-blocking: called on event loops. */
public interface UpstreamRoute {
    /** The AOR's target at {@code nowMillis} (epoch ms), or null when there is none to send to (no target known yet). */
    UpstreamLeg select(String aor, long nowMillis);

    /** Every target with its state, in order of preference: for operators. */
    List<TargetView> targets(long nowMillis);
}
