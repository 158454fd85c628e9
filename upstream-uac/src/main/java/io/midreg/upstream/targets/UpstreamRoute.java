package io.midreg.upstream.targets;

import java.util.List;

/** Which upstream target an AOR's REGISTERs go to now. Thread-safe and non-blocking: called on event loops. */
public interface UpstreamRoute {
    /** The AOR's target at {@code nowMillis} (epoch ms), or null when there is none to send to (no target known yet). */
    UpstreamLeg select(String aor, long nowMillis);

    /**
     * The leg of the target named {@code target} (an {@link UpstreamLeg#target()} recorded when
     * the AOR registered there) when that target is still configured and available at
     * {@code nowMillis}, else null. Lets an AOR stay with the target that holds its registration
     * (affinity), and tells when that target is gone so the registration must move.
     */
    default UpstreamLeg availableLeg(String aor, String target, long nowMillis) {
        return null;
    }

    /** The leg of every target configured now (none before the first DNS answer). */
    default List<UpstreamLeg> legs() {
        return List.of();
    }

    /** Every target with its state, in order of preference: for operators. */
    List<TargetView> targets(long nowMillis);
}
