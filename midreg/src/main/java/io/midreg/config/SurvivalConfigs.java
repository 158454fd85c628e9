package io.midreg.config;

import io.midreg.upstream.health.BreakerSettings;
import java.time.Duration;
import java.util.List;

/** {@code upstream.breaker} and {@code upstream.survival}: checked, with their defaults. */
final class SurvivalConfigs {
    private SurvivalConfigs() {
    }

    /** The circuit breaker's settings, or null after adding the errors. */
    static BreakerSettings breaker(UpstreamSection u, ConfigErrors errors) {
        UpstreamSection.BreakerSection b = u.breaker() == null ? new UpstreamSection.BreakerSection(null, null, null, null) : u.breaker();
        boolean ok = true;
        int failures = b.failures() == null ? 5 : b.failures();
        if (failures < 1 || failures > 1000) {
            errors.add(List.of("upstream", "breaker", "failures"), "must be within 1..1000, not " + failures);
            ok = false;
        }
        double openFor = b.openFor() == null ? 2 : b.openFor();
        boolean openForOk = openFor >= 0.1 && openFor <= 3600;
        if (!openForOk) {
            errors.add(List.of("upstream", "breaker", "openFor"), "must be within 0.1..3600 seconds, not " + openFor);
            ok = false;
        }
        double maxOpenFor = b.maxOpenFor() == null ? Math.max(120, openFor) : b.maxOpenFor();
        if (!(maxOpenFor >= 0.1 && maxOpenFor <= 3600)) {
            errors.add(List.of("upstream", "breaker", "maxOpenFor"), "must be within 0.1..3600 seconds, not " + maxOpenFor);
            ok = false;
        } else if (openForOk && maxOpenFor < openFor) {
            errors.add(List.of("upstream", "breaker", "maxOpenFor"), "must be at least upstream.breaker.openFor (" + openFor + "), not " + maxOpenFor);
            ok = false;
        }
        double probe = b.probeInterval() == null ? 0 : b.probeInterval();
        if (!(probe == 0 || probe >= 0.1 && probe <= 3600)) {
            errors.add(List.of("upstream", "breaker", "probeInterval"), "must be 0 (once per open spell) or within 0.1..3600 seconds, not " + probe);
            ok = false;
        }
        return ok ? new BreakerSettings(failures, millis(openFor), millis(maxOpenFor), millis(probe)) : null;
    }

    /** upstream.survival.expires in seconds, or -1 after adding the error. */
    static long survivalExpires(UpstreamSection u, ConfigErrors errors) {
        Long e = u.survival() == null ? null : u.survival().expires();
        long v = e == null ? io.midreg.registrar.RegistrarSettings.DEFAULT_SURVIVAL_EXPIRES : e;
        if (v < 10 || v > 86400) {
            errors.add(List.of("upstream", "survival", "expires"), "must be within 10..86400 seconds, not " + v);
            return -1;
        }
        return v;
    }

    /** upstream.survival.answerWithin, or null after adding the error. */
    static Duration answerWithin(UpstreamSection u, ConfigErrors errors) {
        Double w = u.survival() == null ? null : u.survival().answerWithin();
        if (w == null) return io.midreg.registrar.RegistrarSettings.DEFAULT_ANSWER_WITHIN;
        // below a second the upstream's normal answer would lose the race; past 30 s the device's own time-out (32 s) would
        if (!(w == 0 || w >= 1 && w <= 30)) {
            errors.add(List.of("upstream", "survival", "answerWithin"), "must be 0 (off) or within 1..30 seconds, not " + w);
            return null;
        }
        return millis(w);
    }

    private static Duration millis(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
