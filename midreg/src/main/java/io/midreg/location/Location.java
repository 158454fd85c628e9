package io.midreg.location;

import io.midreg.sip.transport.Flow;
import io.midreg.store.Binding;
import io.midreg.store.UpstreamState;
import java.util.List;
import java.util.Optional;

/**
 * Where a registered device is, read from what the registrar wrote: the one read interface over
 * the bindings for the proxy, NAT keep-alives and media. Only the registrar writes the store;
 * everything else reads through here, so the registrar's record format and the transport's flow
 * table stay its own. Thread-safe and non-blocking (one store read per call at most): callable on
 * event loops.
 */
public interface Location {

    /** The AOR's bindings unexpired at {@code nowMillis}, in stored order; empty when none. */
    List<Binding> bindings(String aor, long nowMillis);

    /**
     * What a contact token midreg registered upstream names (the user part of its Contact, or of
     * the top Route in Path mode): the AOR and its unexpired bindings it selects, one binding for
     * a device token, every binding of the AOR for an AOR token (aor mode, surrogate AORs).
     * Empty for a forged, altered or malformed token (the HMAC is checked in constant time); a
     * genuine token whose bindings are gone gives the AOR with no bindings.
     */
    Optional<Named> named(String token, long nowMillis);

    /**
     * The live flow to reach a binding on: its own TCP/TLS connection while that is open, or for
     * UDP the listener's socket towards its received address and port. Empty when the flow is
     * gone (the connection closed): a request for the device must then fail, never open a new
     * connection to the device's address.
     */
    Optional<Flow> flow(Binding binding);

    /**
     * The name of the upstream target that holds the AOR's registration (the AOR's own in aor
     * mode, else its first binding's that has one); empty when none is recorded (the single
     * target, records from before, nothing registered upstream).
     */
    Optional<String> holdingTarget(String aor);

    /**
     * midreg's registration upstream that holds the AOR (the AOR's own in aor mode and for
     * surrogate AORs, else its first binding's that names a target, else its first binding's):
     * its target and the Service-Route its last 2xx gave (RFC 3608). Empty when none is recorded.
     */
    Optional<UpstreamState> registration(String aor);

    /** What a genuine token named: {@code aor} and the bindings selected (empty when they are gone). */
    record Named(String aor, List<Binding> bindings) {
        public Named {
            bindings = List.copyOf(bindings);
        }
    }
}
