package io.midreg.registrar;

import io.midreg.upstream.RelayListener;
import io.midreg.upstream.targets.UpstreamLeg;
import java.util.List;

/**
 * The AORs midreg registers upstream in its own name (surrogate registration): their
 * de-registration (answering challenges with its credentials) and an operator's forced refresh
 * go through it rather than the relay.
 */
public interface OwnRegistrations {
    /**
     * Removes {@code contactUris} of {@code aor} upstream if midreg holds credentials for it, and
     * reports the outcome to {@code listener}; returns false (and does nothing) when it holds none.
     *
     * @param leg the target to send to (the one holding the registration), whose pacer's token
     *            the caller already took for the first REGISTER
     */
    boolean deregister(String aor, List<String> contactUris, UpstreamLeg leg, RelayListener listener);

    /**
     * Refreshes {@code aor}'s upstream registration now, on midreg's own schedule (an operator's
     * request), if midreg holds credentials for it; false (and nothing done) when it holds none.
     */
    boolean refreshNow(String aor);
}
