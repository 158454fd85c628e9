package io.midreg.testing;

import java.util.List;

/**
 * Whether a {@link KamailioRegistrar} is also the PBX's proxy for calls (registrar.cfg's
 * {@code WITH_CALLS}): an initial request for a user is looked up in its location table and
 * relayed statefully with Record-Route, in-dialog requests are loose-routed (RFC 3261 §16).
 */
public enum KamailioCalls {
    /** A registrar only: every request but REGISTER and OPTIONS gets 405. */
    NONE(List.of()),
    /** Registrar and proxy: {@code lookup("location")} + {@code t_relay()} with {@code record_route()}. */
    PROXY(List.of("WITH_CALLS")),
    /**
     * As {@link #PROXY}, and an INVITE from a user of its realm is challenged end to end with 407
     * ({@code proxy_authorize}; user U's password is {@code pw-U}, as for REGISTER).
     */
    PROXY_WITH_AUTH(List.of("WITH_CALLS", "WITH_CALL_AUTH"));

    private final List<String> defines;

    KamailioCalls(List<String> defines) {
        this.defines = defines;
    }

    /** The registrar.cfg defines ({@code -A NAME}) that switch it on. */
    public List<String> defines() {
        return defines;
    }
}
