package io.midreg.proxy.dialog;

/**
 * Names one call leg midreg routes: its Call-ID and a hash of the party the dialog was created
 * for (the device's contact token when the call came from the upstream, its AOR when the device
 * called). The Call-ID alone is not enough: a PBX that proxies (rather than bridges) a call
 * between two devices behind midreg sends both legs through midreg with one Call-ID.
 *
 * @param callId the dialog's Call-ID
 * @param party  {@link #party} of the token or the AOR
 */
public record DialogKey(String callId, int party) {
    /** The key of a call routed to the device(s) of {@code token}. */
    public static DialogKey towardsDevice(String callId, String token) {
        return new DialogKey(callId, tokenParty(token));
    }

    /** The key of a call the device of {@code aor} made. */
    public static DialogKey fromDevice(String callId, String aor) {
        return new DialogKey(callId, aorParty(aor));
    }

    /** The party of a call routed to the device(s) of {@code token} (what an in-dialog request's signed Route names). */
    public static int tokenParty(String token) {
        return party(Direction.TO_DEVICE, token);
    }

    /** The party of a call the device of {@code aor} made. */
    public static int aorParty(String aor) {
        return party(Direction.FROM_DEVICE, aor);
    }

    /** A hash of the direction and the token or AOR; two legs of one Call-ID collide with odds of 2^-32. */
    private static int party(Direction d, String id) {
        return 31 * id.hashCode() + d.ordinal();
    }
}
