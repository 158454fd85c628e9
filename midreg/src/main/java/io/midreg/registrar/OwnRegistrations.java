package io.midreg.registrar;

import io.midreg.upstream.RelayListener;
import java.util.List;

/** Sends the de-registration of an AOR midreg registered upstream in its own name (answering challenges with its credentials). */
interface OwnDeregistration {
    /**
     * Removes {@code contactUris} of {@code aor} upstream if midreg holds credentials for it, and
     * reports the outcome to {@code listener}; returns false (and does nothing) when it holds none.
     *
     * @param tokenHeld the caller already took the pacer's token for the first REGISTER
     */
    boolean deregister(String aor, List<String> contactUris, boolean tokenHeld, RelayListener listener);
}
