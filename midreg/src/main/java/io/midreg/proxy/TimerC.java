package io.midreg.proxy;

/**
 * Timer C of an INVITE branch (RFC 3261 §16.6 step 11, §16.8): started with the branch, reset
 * by every provisional response other than 100, and on expiry the branch is given up. The
 * RFC asks for more than three minutes; the duration is the config key {@code calls.timerC}
 * (three minutes by default; tests set it short). Stateless.
 */
public final class TimerC {
    /** What expiry does to the branch. */
    public enum Expiry {
        /** The branch had a provisional response: CANCEL it (it then ends with 487 or the CANCEL's own guard). */
        CANCEL,
        /** No provisional response: count the branch as answered 408, stop waiting for it. */
        TIMEOUT_AS_408,
        /** The branch already ended; nothing to do. */
        NONE
    }

    private TimerC() {
    }

    /** §16.8: CANCEL when a provisional was seen (a CANCEL may only follow one, §9.1), else 408. */
    public static Expiry onExpiry(boolean provisionalSeen, boolean branchEnded) {
        if (branchEnded) return Expiry.NONE;
        return provisionalSeen ? Expiry.CANCEL : Expiry.TIMEOUT_AS_408;
    }

    /** §16.7 step 2: a provisional response other than 100 restarts timer C. */
    public static boolean resetBy(int status) {
        return status > 100 && status < 200;
    }
}
