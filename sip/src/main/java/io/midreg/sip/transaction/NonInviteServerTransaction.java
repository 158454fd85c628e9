package io.midreg.sip.transaction;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.Flow;

/**
 * RFC 3261 §17.2.2, Figure 8: Trying → Proceeding → Completed → Terminated. Retransmissions get
 * the last provisional (Proceeding) or the final response (Completed), nothing while Trying.
 * Timer J keeps it Completed for 64*T1 over UDP to absorb retransmissions; 0 over TCP/TLS.
 */
final class NonInviteServerTransaction extends AbstractServerTransaction {
    private Cancellable timerJ;

    NonInviteServerTransaction(TransactionContext ctx, TransactionKey key, SipRequest request, Flow flow) {
        super(ctx, key, request, flow, TransactionState.TRYING);
    }

    @Override
    synchronized void onRetransmission(SipRequest retransmission) {
        // Trying: no response yet, the request is simply discarded (§17.2.2)
        replayLast();
    }

    @Override
    synchronized void respond(int status, byte[] response) {
        if (state != TransactionState.TRYING && state != TransactionState.PROCEEDING) throw finalAlreadySent(status);
        lastResponse = response;
        send(response);
        if (status < 200) {
            state = TransactionState.PROCEEDING;
            return;
        }
        state = TransactionState.COMPLETED;
        releaseRequest();
        if (reliable()) {
            terminate();
        } else {
            timerJ = ctx.scheduler().schedule(this::onTimerJ, ctx.timers().timerJ());
        }
    }

    @Override
    public synchronized void sendFinalAndForget(byte[] response) {
        mayForgetWith(ResponseStatus.of(response));
        send(response);
        forget();
    }

    @Override
    public synchronized void sendFinalAndForget(io.midreg.sip.message.ResponseBuilder response) {
        mayForgetWith(response.status());
        ctx.transport().sendResponse(flow, response);
        forget();
    }

    /** A stateless answer must be final and the first final. Under the lock. */
    private void mayForgetWith(int status) {
        if (status < 200) throw new IllegalArgumentException("not a final response: " + status);
        if (state != TransactionState.TRYING && state != TransactionState.PROCEEDING) throw finalAlreadySent(status);
    }

    /** Ends the transaction at once, keeping nothing for retransmissions. Under the lock. */
    private void forget() {
        releaseRequest();
        terminate();
    }

    private synchronized void onTimerJ() {
        if (state == TransactionState.COMPLETED) terminate();
    }

    @Override
    void cancelTimers() {
        Cancellable.cancel(timerJ);
    }
}
