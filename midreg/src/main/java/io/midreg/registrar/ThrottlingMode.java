package io.midreg.registrar;

import java.util.Locale;

/** How much of the device traffic reaches the upstream registrar (config {@code registrar.mode}). */
public enum ThrottlingMode {
    /** Every REGISTER is forwarded, Contacts rewritten to midreg; no absorption. */
    MIRROR,
    /** Each device binding has its own long-lived upstream binding; refreshes absorbed in between. */
    CONTACT,
    /** One upstream binding per AOR (midreg's own Contact); midreg forks to the devices. */
    AOR;

    public static ThrottlingMode parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("must be mirror, contact or aor, not '" + s + "'");
        }
    }
}
