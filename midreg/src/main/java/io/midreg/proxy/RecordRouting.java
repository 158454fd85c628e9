package io.midreg.proxy;

import io.midreg.sip.header.NameAddress;
import java.util.List;
import java.util.Map;

/**
 * The Record-Route values midreg adds to a forwarded request (RFC 3261 §16.6 step 4) so the
 * dialog's later requests come back through it — mandatory for devices behind NAT or on a
 * connection only midreg holds.
 *
 * <p>When the request leaves on another listener or transport than it came in on, one URI
 * cannot be right for both sides, so midreg records twice (RFC 5658 §4): the topmost value
 * names the outbound listener (the callee's first Route), the one below it the inbound listener
 * (the caller's first Route, as the caller reverses the list). Both carry the same signed
 * parameters. Thread-safe (immutable).
 */
public final class RecordRouting {
    private final RecordRouteSigner signer;

    public RecordRouting(RecordRouteSigner signer) {
        this.signer = signer;
    }

    /**
     * The Record-Route values to insert on top of the request's own, topmost first.
     *
     * @param inbound  the listener the request arrived on
     * @param outbound the listener the forwarded copy leaves from
     * @param params   what in-dialog requests need to find their way (signed)
     */
    public List<String> values(ProxyInterface inbound, ProxyInterface outbound, Map<String, String> params) {
        String out = NameAddress.of(signer.uri(outbound, params)).toString();
        if (inbound.equals(outbound)) return List.of(out);
        return List.of(out, NameAddress.of(signer.uri(inbound, params)).toString());
    }
}
