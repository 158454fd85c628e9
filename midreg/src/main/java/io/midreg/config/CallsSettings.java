package io.midreg.config;

import java.time.Duration;
import java.util.List;

/**
 * The checked {@code calls:} settings.
 *
 * @param timerC              how long an INVITE branch may go without a provisional answer (RFC 3261 §16.8)
 * @param trustedSources      sources, besides the upstream targets, whose requests may reach devices
 * @param unregisteredSources sources whose requests go upstream without a registration
 */
public record CallsSettings(Duration timerC, AddressSet trustedSources, AddressSet unregisteredSources) {
    /** Three minutes: RFC 3261 §16.6 step 11 asks for more than three minutes; three is the common proxies' value. */
    public static final Duration DEFAULT_TIMER_C = Duration.ofMinutes(3);

    static CallsSettings of(MidregConfig c, ConfigErrors errors) {
        CallsSection s = c.calls() == null ? new CallsSection(null, null, null) : c.calls();
        Duration timerC = DEFAULT_TIMER_C;
        if (s.timerC() != null) {
            double v = s.timerC();
            if (!(v >= 1 && v <= 3600)) errors.add(List.of("calls", "timerC"), "must be within 1..3600 seconds, not " + v);
            else timerC = Duration.ofMillis(Math.round(v * 1000));
        }
        return new CallsSettings(timerC, AddressSet.parse(s.trustedSources(), List.of("calls", "trustedSources"), errors),
                AddressSet.parse(s.unregisteredSources(), List.of("calls", "unregisteredSources"), errors));
    }
}
