package io.midreg.upstream.health;

import io.midreg.sip.message.SipResponse;

/** Reads the Retry-After of an answer (RFC 3261 §20.33). */
public final class RetryAfter {
    private RetryAfter() {
    }

    /** The delta-seconds of a Retry-After header, or 0 when absent or unreadable. */
    public static long seconds(SipResponse response) {
        String v = response.header("Retry-After");
        if (v == null) return 0;
        v = v.trim();
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) end++;
        if (end == 0 || end > 9) return 0;
        return Long.parseLong(v.substring(0, end));
    }
}
