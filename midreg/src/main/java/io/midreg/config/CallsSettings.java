package io.midreg.config;

import java.time.Duration;
import java.util.List;

/**
 * The checked {@code calls:} settings.
 *
 * @param timerC              how long an INVITE branch may go without a provisional answer (RFC 3261 §16.8)
 * @param trustedSources      sources, besides the upstream targets, whose requests may reach devices
 * @param unregisteredSources sources whose requests go upstream without a registration
 * @param dialogExpiry        how long an answered call may go without an in-dialog request before the call table forgets it
 * @param maxDialogs          most calls in the call table at once
 */
public record CallsSettings(Duration timerC, AddressSet trustedSources, AddressSet unregisteredSources, Duration dialogExpiry,
                            int maxDialogs) {
    /** Three minutes: RFC 3261 §16.6 step 11 asks for more than three minutes; three is the common proxies' value. */
    public static final Duration DEFAULT_TIMER_C = Duration.ofMinutes(3);
    /** Two hours: longer than nearly every call, and a PBX's session timer (RFC 4028) refreshes long ones well within it. */
    public static final Duration DEFAULT_DIALOG_EXPIRY = Duration.ofHours(2);
    public static final int DEFAULT_MAX_DIALOGS = 100_000;

    static CallsSettings of(MidregConfig c, ConfigErrors errors) {
        CallsSection s = c.calls() == null ? new CallsSection(null, null, null, null, null) : c.calls();
        Duration timerC = DEFAULT_TIMER_C;
        if (s.timerC() != null) {
            double v = s.timerC();
            if (!(v >= 1 && v <= 3600)) errors.add(List.of("calls", "timerC"), "must be within 1..3600 seconds, not " + v);
            else timerC = Duration.ofMillis(Math.round(v * 1000));
        }
        Duration dialogExpiry = DEFAULT_DIALOG_EXPIRY;
        if (s.dialogExpiry() != null) {
            double v = s.dialogExpiry();
            if (!(v >= 60 && v <= 604_800)) errors.add(List.of("calls", "dialogExpiry"), "must be within 60..604800 seconds, not " + v);
            else dialogExpiry = Duration.ofMillis(Math.round(v * 1000));
        }
        int maxDialogs = DEFAULT_MAX_DIALOGS;
        if (s.maxDialogs() != null) {
            int v = s.maxDialogs();
            if (v < 1 || v > 10_000_000) errors.add(List.of("calls", "maxDialogs"), "must be within 1..10000000, not " + v);
            else maxDialogs = v;
        }
        return new CallsSettings(timerC, AddressSet.parse(s.trustedSources(), List.of("calls", "trustedSources"), errors),
                AddressSet.parse(s.unregisteredSources(), List.of("calls", "unregisteredSources"), errors), dialogExpiry, maxDialogs);
    }
}
