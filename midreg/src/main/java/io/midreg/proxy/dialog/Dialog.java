package io.midreg.proxy.dialog;

/**
 * One call in the {@link DialogTable}, as it stands: an immutable value replaced whole on each
 * change, so a reader on another thread always sees one consistent state. It holds what the CLI
 * and media control need, nothing of the messages: a few short strings and numbers.
 *
 * @param key            Call-ID and party
 * @param serial         tells this call from an earlier one of the same key (a new INVITE after a 407)
 * @param direction      which way the call was set up
 * @param state          trying, early or confirmed
 * @param aor            the device's AOR
 * @param device         the key of the device's binding (instance or Contact URI); null while a forked call rings several
 * @param upstream       the upstream side: the address the call came from, or the target it went to ("udp:192.0.2.1:5060")
 * @param callerTag      the From tag of the INVITE
 * @param calleeTag      the To tag of the answer (early or 2xx); null until there is one
 * @param createdAt      epoch ms the INVITE went on
 * @param answeredAt     epoch ms of the first 2xx, 0 before
 * @param lastActivityAt epoch ms of the last answer or in-dialog request seen
 * @param expiresAt      epoch ms after which the sweep ends it as expired
 */
public record Dialog(DialogKey key, long serial, Direction direction, DialogState state, String aor, String device, String upstream,
                     String callerTag, String calleeTag, long createdAt, long answeredAt, long lastActivityAt, long expiresAt) {
    public String callId() {
        return key.callId();
    }

    Dialog early(String tag, long now, long expires) {
        return new Dialog(key, serial, direction, DialogState.EARLY, aor, device, upstream, callerTag, tag != null ? tag : calleeTag,
                createdAt, answeredAt, now, expires);
    }

    Dialog confirmed(String tag, String answeringDevice, long now, long expires) {
        return new Dialog(key, serial, direction, DialogState.CONFIRMED, aor, answeringDevice != null ? answeringDevice : device, upstream,
                callerTag, tag, createdAt, now, now, expires);
    }

    Dialog touched(long now, long expires) {
        return new Dialog(key, serial, direction, state, aor, device, upstream, callerTag, calleeTag, createdAt, answeredAt, now, expires);
    }
}
