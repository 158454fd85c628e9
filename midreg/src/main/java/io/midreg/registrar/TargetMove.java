package io.midreg.registrar;

import io.midreg.upstream.targets.HoldingTargetRouter;
import io.midreg.upstream.targets.UpstreamLeg;
import io.midreg.upstream.targets.UpstreamRoute;
import io.midreg.upstream.targets.UpstreamRouter;

/**
 * Whether an upstream registration must move to the AOR's current target now, so that a failover
 * does not wait for each registration to fall due upstream: asked by {@link ThrottlingPolicy}
 * inside the store update, for a refresh that would otherwise be absorbed, with the target stored
 * in the registration's {@link io.midreg.store.UpstreamState#target()}. Built per REGISTER from
 * the router's view at that instant, so it is a pure, quick check (a scan of the few targets, no
 * I/O, no lock); the rule itself is the router's ({@link UpstreamRouter#mustMove}).
 */
@FunctionalInterface
public interface TargetMove {
    /** A single target (or no route): a registration never moves. */
    TargetMove NEVER = stored -> false;

    /** Whether the registration held by {@code storedTarget} ({@code ""} when unknown) must move. */
    boolean needed(String storedTarget);

    /** The router's rule for the AOR, towards {@code chosen} (its target now). */
    static TargetMove via(UpstreamRouter router, String aor, UpstreamLeg chosen, long now) {
        return of(router.route(), aor, chosen, now);
    }

    /** As above over {@code route} (null: the single target). */
    static TargetMove of(UpstreamRoute route, String aor, UpstreamLeg chosen, long now) {
        if (route == null || chosen == null || chosen.target() == null || !chosen.relay().health().available(now)) return NEVER;
        return stored -> HoldingTargetRouter.mustMove(route, aor, stored, chosen, now);
    }
}
