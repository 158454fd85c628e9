package io.midreg.registrar;

import io.midreg.upstream.targets.UpstreamLeg;
import io.midreg.upstream.targets.UpstreamRoute;

/**
 * Whether an upstream registration must move to the AOR's current target now, so that a failover
 * does not wait for each registration to fall due upstream: asked by {@link ThrottlingPolicy} inside the store update, for a refresh that
 * would otherwise be absorbed, with the target stored in the registration's
 * {@link io.midreg.store.UpstreamState#target()}. Built per REGISTER from the route's view at
 * that instant, so it is a pure, quick check (a scan of the few targets, no I/O, no lock).
 */
@FunctionalInterface
interface TargetMove {
    /** A single target (or no route): a registration never moves. */
    TargetMove NEVER = stored -> false;

    /** Whether the registration held by {@code storedTarget} ({@code ""} when unknown) must move. */
    boolean needed(String storedTarget);

    /**
     * Moves when the stored target is known, is not {@code chosen}'s (the AOR's target now), and is
     * not available (down, or no longer configured). A stored target that is available but not
     * the current choice (it came back, a failback) keeps the AOR: it moves at its next due
     * refresh. An empty stored target (records from before) never moves, and nothing moves
     * while the current target is out of service too (every target down: the refresh is
     * answered from the store rather than sent where it would time out).
     */
    static TargetMove of(UpstreamRoute route, String aor, UpstreamLeg chosen, long now) {
        if (route == null || chosen == null || chosen.target() == null || !chosen.relay().health().available(now)) return NEVER;
        String current = chosen.target();
        return stored -> stored != null && !stored.isEmpty() && !stored.equals(current) && route.availableLeg(aor, stored, now) == null;
    }
}
