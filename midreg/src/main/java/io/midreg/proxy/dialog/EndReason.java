package io.midreg.proxy.dialog;

import java.util.Locale;

/** Why a call left the dialog table. */
public enum EndReason {
    /** A BYE from either side got its final answer (RFC 3261 §15: the dialog ends whatever the answer). */
    BYE,
    /** The caller CANCELled before an answer. */
    CANCELLED,
    /** Timer C ran out on every branch (RFC 3261 §16.8) before an answer. */
    TIMER_C,
    /** The call got a final answer of 3xx-6xx (busy, declined, not reachable, a challenge). */
    REJECTED,
    /** Nothing happened for too long: an answered call with no in-dialog request for {@code calls.dialogExpiry}, or an unanswered one past timer C. */
    EXPIRED;

    /** Lower case, for metrics labels and JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
