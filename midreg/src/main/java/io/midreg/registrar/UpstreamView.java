package io.midreg.registrar;

import io.midreg.upstream.health.TargetHealth;
import java.util.List;

/**
 * What the registrar knows of the upstream target when it decides on a REGISTER: up, or down
 * (breaker open, or this REGISTER's relay just failed) with when to come back.
 *
 * @param down              nothing can go upstream now
 * @param retryAfterSeconds when it is expected back (at least 1 when down)
 */
record UpstreamView(boolean down, long retryAfterSeconds) {
    /** The counter key (and {@link RegistrarStats} rejection reason) of a REGISTER refused while the target is down. */
    static final String REJECTED_WHILE_DOWN = "upstream-down";
    static final UpstreamView UP = new UpstreamView(false, 0);

    /** Reads the target's health once, at {@code now}. */
    static UpstreamView of(TargetHealth health, long now) {
        if (health.available(now)) return UP;
        return downFor((health.availableAgainAt(now) - now + 999) / 1000);
    }

    static UpstreamView downFor(long seconds) {
        return new UpstreamView(true, Math.max(1, seconds));
    }

    /** 503 with Retry-After: what a REGISTER that must go upstream gets while the target is down. */
    Rejection rejection() {
        return new Rejection(503, "Service Unavailable (upstream registrar unavailable)",
                List.<String[]>of(new String[] {"Retry-After", Long.toString(retryAfterSeconds)}), REJECTED_WHILE_DOWN);
    }
}
