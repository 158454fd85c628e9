package io.midreg.upstream.targets;

/**
 * {@link UpstreamRouter} over either the single {@code upstream.target} (one leg, swapped whole
 * on reload) or several targets ({@link UpstreamRoute}: RFC 3263 / RFC 2782 choice per AOR,
 * failover by the targets' health). Lock-free: two volatile reads per choice.
 */
public final class HoldingTargetRouter implements UpstreamRouter {
    private volatile UpstreamLeg single;
    private volatile UpstreamRoute route;

    /** @param single the leg to the single target (with several targets: the leg used before any target is known) */
    public HoldingTargetRouter(UpstreamLeg single) {
        this.single = java.util.Objects.requireNonNull(single, "single");
    }

    /** Puts another single leg in force (a reload changed the target or its relay). */
    public void single(UpstreamLeg leg) {
        this.single = java.util.Objects.requireNonNull(leg, "leg");
    }

    /** The single target's leg (with several targets: the placeholder used before one is known). */
    public UpstreamLeg single() {
        return single;
    }

    /** Sends each AOR's traffic to the target {@code route} selects for it, instead of the single leg. */
    public void useRoute(UpstreamRoute route) {
        this.route = route;
    }

    @Override
    public UpstreamRoute route() {
        return route;
    }

    @Override
    public UpstreamLeg current(String aor, long nowMillis) {
        UpstreamRoute r = route;
        return r == null ? single : r.select(aor, nowMillis);
    }

    @Override
    public UpstreamLeg holding(String aor, String heldTarget, long nowMillis) {
        UpstreamRoute r = route;
        if (r != null && heldTarget != null && !heldTarget.isEmpty()) {
            UpstreamLeg there = r.availableLeg(aor, heldTarget, nowMillis);
            if (there != null) return there;
        }
        return current(aor, nowMillis);
    }

    @Override
    public boolean isUpstream(java.net.InetAddress source) {
        UpstreamRoute r = route;
        if (r == null) return source.equals(single.relay().target().address().getAddress());
        for (UpstreamLeg leg : r.legs()) {
            if (source.equals(leg.relay().target().address().getAddress())) return true;
        }
        return false;
    }

    @Override
    public boolean mustMove(String aor, String heldTarget, UpstreamLeg current, long nowMillis) {
        return mustMove(route, aor, heldTarget, current, nowMillis);
    }

    /** {@link #mustMove(String, String, UpstreamLeg, long)} over {@code route} (null: the single target, nothing moves). */
    public static boolean mustMove(UpstreamRoute route, String aor, String heldTarget, UpstreamLeg current, long nowMillis) {
        if (route == null || current == null || current.target() == null || heldTarget == null || heldTarget.isEmpty()
                || heldTarget.equals(current.target()) || !current.relay().health().available(nowMillis)) {
            return false;
        }
        return route.availableLeg(aor, heldTarget, nowMillis) == null;
    }
}
