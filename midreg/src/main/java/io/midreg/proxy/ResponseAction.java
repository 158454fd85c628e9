package io.midreg.proxy;

import java.util.List;

/**
 * What the proxy must do after the response context took in an event. Immutable, so it can be
 * carried out outside the context's lock, on whatever event loop the caller is on.
 *
 * @param forward        the response to send upstream now, or null
 * @param cancel         branches to CANCEL now (RFC 3261 §9.1: the layer sends each CANCEL once the
 *                       branch had a provisional response)
 * @param startNextGroup every branch of the current fork group ended with nothing to forward:
 *                       start the next group of the {@link ForkPlan}
 * @param resetTimerC    the branch that answered had a provisional above 100 (§16.7 step 2)
 * @param complete       every branch ended and a final was sent: the context has nothing left to
 *                       decide but an INVITE's later 2xx (RFC 6026), which the wiring may equally
 *                       forward straight from the client transaction to the server transaction
 */
public record ResponseAction(Upstream forward, List<Integer> cancel, boolean startNextGroup,
                             boolean resetTimerC, boolean complete) {
    public ResponseAction {
        cancel = List.copyOf(cancel);
    }
}
