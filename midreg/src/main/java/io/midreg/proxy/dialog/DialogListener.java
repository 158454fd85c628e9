package io.midreg.proxy.dialog;

/**
 * Told about each call as it is created, answered and ended (media control subscribes here to
 * offer, answer and delete its media session). Called on the thread that saw the event — often
 * a Netty event loop, possibly a different one for each leg of a call — after the table
 * changed and outside its locks: a listener must not block and must not throw.
 */
public interface DialogListener {
    /** The INVITE went on to the device(s) or the upstream. */
    default void created(Dialog dialog) {
    }

    /** The first 2xx went back to the caller. */
    default void answered(Dialog dialog) {
    }

    /** The call left the table; {@code dialog} is its last state. */
    default void ended(Dialog dialog, EndReason reason) {
    }
}
