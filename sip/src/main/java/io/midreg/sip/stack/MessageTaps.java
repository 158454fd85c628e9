package io.midreg.sip.stack;

/** The stack's current {@link MessageTap}, or null: one volatile field shared by receive and send paths. */
public final class MessageTaps {
    private volatile MessageTap current;

    /** The tap, or null when none is installed (the common case). */
    public MessageTap current() {
        return current;
    }

    /** Installs {@code tap}, or removes the current one with null. */
    public void set(MessageTap tap) {
        this.current = tap;
    }
}
