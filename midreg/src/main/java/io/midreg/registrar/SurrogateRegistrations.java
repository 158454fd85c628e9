package io.midreg.registrar;

import io.midreg.sip.transaction.ServerTransaction;

/**
 * The AORs midreg authenticates and answers itself and registers upstream in its own name
 * (surrogate registration, {@code io.midreg.registrar.surrogate}): the registrar hands their
 * REGISTERs over, and their de-registrations and forced refreshes, through this seam, so the
 * registrar does not depend on the surrogate package (which depends on it).
 */
public interface SurrogateRegistrations extends OwnRegistrations {
    /** Whether midreg registers {@code aor} upstream itself. */
    boolean handles(String aor);

    /** A device REGISTER for an AOR it {@link #handles}: authenticated and answered there. */
    void onRegister(ServerTransaction tx, RegisterRequest req);
}
