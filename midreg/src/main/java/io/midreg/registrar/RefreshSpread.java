package io.midreg.registrar;

import io.midreg.store.UpstreamState;

/**
 * How much earlier than the margin alone says an upstream registration is refreshed: a share of
 * its lifetime within the configured deviation, fixed for one upstream registration and one
 * cycle (derived from its token and when it was last refreshed, so nothing is stored and every
 * REGISTER of the cycle sees the same value).
 *
 * <p>Why on top of the randomised lifetime midreg asks for: an upstream that clamps every
 * lifetime to its own maximum grants the same expiry to a burst of first registrations, and the
 * burst would come back as a synchronised refresh burst. This spreads the refreshes whatever
 * the upstream grants.
 */
final class RefreshSpread {
    private RefreshSpread() {
    }

    /** Milliseconds in {@code [0, deviation * lifetime]}; 0 with no deviation or no known lifetime. */
    static long millis(UpstreamState up, double deviation) {
        long lifetime = up.expiresAt() - up.lastRefreshAt();
        if (deviation <= 0 || lifetime <= 0 || up.lastRefreshAt() <= 0) return 0;
        long range = (long) (lifetime * deviation);
        if (range <= 0) return 0;
        return Math.floorMod(mix(up.token().hashCode() * 0x9E3779B97F4A7C15L ^ up.lastRefreshAt()), range + 1);
    }

    /** A 64-bit finaliser (SplitMix64): neighbouring tokens and times give unrelated values. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
