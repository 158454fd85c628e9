package io.midreg.registrar;

/**
 * Device-side registration lifetimes (RFC 3261 §10.2.1.1, §10.3 step 7): a contact's expires
 * parameter, else the Expires header, else the default; above the maximum is lowered to it;
 * a non-zero value below the minimum is refused with 423 and Min-Expires, or raised to the
 * minimum when {@code clampBelowMin} is set. Zero always stays zero (a removal).
 *
 * @param defaultSeconds used when the REGISTER gives no expiry
 * @param minSeconds     shortest lifetime accepted
 * @param maxSeconds     longest lifetime granted
 * @param clampBelowMin  raise a too-short lifetime instead of answering 423
 */
public record ExpiryPolicy(long defaultSeconds, long minSeconds, long maxSeconds, boolean clampBelowMin) {
    /** The outcome for one contact: a lifetime, or the 423 to send. */
    public record Decision(long seconds, boolean tooBrief) {
    }

    public ExpiryPolicy {
        if (minSeconds < 1 || maxSeconds < minSeconds || defaultSeconds < minSeconds || defaultSeconds > maxSeconds) {
            throw new IllegalArgumentException("need 1 <= min <= default <= max, got min=" + minSeconds + " default=" + defaultSeconds + " max=" + maxSeconds);
        }
    }

    /**
     * @param contactParam the contact's expires parameter, or -1
     * @param header       the Expires header, or -1
     */
    public Decision decide(long contactParam, long header) {
        long e = contactParam >= 0 ? contactParam : header >= 0 ? header : defaultSeconds;
        if (e == 0) return new Decision(0, false);
        if (e < minSeconds) return clampBelowMin ? new Decision(minSeconds, false) : new Decision(e, true);
        return new Decision(Math.min(e, maxSeconds), false);
    }
}
