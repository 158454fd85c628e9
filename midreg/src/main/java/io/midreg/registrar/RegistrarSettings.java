package io.midreg.registrar;

import java.time.Duration;
import java.util.Map;

/**
 * Registrar behaviour, from the config's {@code registrar:} and {@code upstream:} sections.
 *
 * @param mode                  throttling mode
 * @param expiry                device-side lifetimes
 * @param domainAliases         domain → canonical domain for AORs
 * @param maxContacts           most bindings per AOR
 * @param evictOldest           at the limit, drop the oldest binding instead of refusing the new one
 * @param upstreamExpirySeconds lifetime midreg asks upstream for (contact and aor modes)
 * @param refreshMargin         forward a refresh once the upstream binding would not outlive the
 *                              device's next refresh by this fraction of the upstream lifetime
 * @param expiryDeviation       upstream lifetimes are randomised by up to this fraction, so a burst
 *                              of registrations does not come back as a burst of refreshes
 * @param challengeWindow       how long after an upstream 401/407 a REGISTER on that Call-ID counts
 *                              as an answer to the challenge (and is forwarded)
 * @param pathInsertion         RFC 3327: register the devices' own Contacts upstream with midreg
 *                              in a Path header, instead of midreg's token Contacts (mirror and
 *                              contact modes)
 * @param survivalExpiresSeconds the longest lifetime a known device is given while the upstream
 *                              target is down (breaker open, or its refresh failed with a
 *                              time-out or 5xx), so it comes back soon after the target does
 * @param answerWithin          a known device's refresh relayed upstream and not answered within
 *                              this is answered from the store (as while the target is down);
 *                              zero: the device waits for the upstream's answer or time-out
 */
public record RegistrarSettings(ThrottlingMode mode, ExpiryPolicy expiry, Map<String, String> domainAliases, int maxContacts,
                                boolean evictOldest, long upstreamExpirySeconds, double refreshMargin, double expiryDeviation,
                                Duration challengeWindow, boolean pathInsertion, long survivalExpiresSeconds, Duration answerWithin) {
    /** The default lifetime while the upstream is down: devices come back within two minutes. */
    public static final long DEFAULT_SURVIVAL_EXPIRES = 120;
    /** The default wait for the upstream's answer to a refresh: well inside a device's own 32 s transaction time-out. */
    public static final Duration DEFAULT_ANSWER_WITHIN = Duration.ofSeconds(5);

    /** With the default wait for the upstream's answer to a refresh. */
    public RegistrarSettings(ThrottlingMode mode, ExpiryPolicy expiry, Map<String, String> domainAliases, int maxContacts,
                             boolean evictOldest, long upstreamExpirySeconds, double refreshMargin, double expiryDeviation,
                             Duration challengeWindow, boolean pathInsertion, long survivalExpiresSeconds) {
        this(mode, expiry, domainAliases, maxContacts, evictOldest, upstreamExpirySeconds, refreshMargin, expiryDeviation, challengeWindow,
                pathInsertion, survivalExpiresSeconds, DEFAULT_ANSWER_WITHIN);
    }

    /** With the default lifetime while the upstream is down. */
    public RegistrarSettings(ThrottlingMode mode, ExpiryPolicy expiry, Map<String, String> domainAliases, int maxContacts,
                             boolean evictOldest, long upstreamExpirySeconds, double refreshMargin, double expiryDeviation,
                             Duration challengeWindow, boolean pathInsertion) {
        this(mode, expiry, domainAliases, maxContacts, evictOldest, upstreamExpirySeconds, refreshMargin, expiryDeviation, challengeWindow,
                pathInsertion, DEFAULT_SURVIVAL_EXPIRES);
    }

    public RegistrarSettings {
        domainAliases = Map.copyOf(domainAliases);
        if (maxContacts < 1) throw new IllegalArgumentException("maxContacts must be at least 1");
        if (upstreamExpirySeconds < 60) throw new IllegalArgumentException("upstream expiry must be at least 60 s");
        if (refreshMargin < 0 || refreshMargin > 0.5) throw new IllegalArgumentException("refreshMargin must be within 0..0.5");
        if (expiryDeviation < 0 || expiryDeviation > 0.5) throw new IllegalArgumentException("expiryDeviation must be within 0..0.5");
        if (pathInsertion && mode == ThrottlingMode.AOR) throw new IllegalArgumentException("path insertion needs mirror or contact mode");
        if (survivalExpiresSeconds < 1) throw new IllegalArgumentException("survival expires must be at least 1 s");
        if (answerWithin == null || answerWithin.isNegative()) throw new IllegalArgumentException("answerWithin must be zero or more");
    }

    public static RegistrarSettings defaults(ThrottlingMode mode) {
        return new RegistrarSettings(mode, new ExpiryPolicy(3600, 60, 7200, false), Map.of(), 10, false, 3600, 0.10, 0.05,
                Duration.ofSeconds(32), false);
    }

    /**
     * These settings with the ones only a restart changes (mode, Path insertion, challenge
     * window) taken from {@code running}: what a reload applies.
     */
    public RegistrarSettings keepingRestartOnly(RegistrarSettings running) {
        return new RegistrarSettings(running.mode(), expiry, domainAliases, maxContacts, evictOldest, upstreamExpirySeconds,
                refreshMargin, expiryDeviation, running.challengeWindow(), running.pathInsertion(), survivalExpiresSeconds, answerWithin);
    }

    /** The margin in milliseconds a stored upstream binding must have beyond the device's next refresh. */
    public long refreshMarginMillis() {
        return (long) (upstreamExpirySeconds * 1000 * refreshMargin);
    }
}
