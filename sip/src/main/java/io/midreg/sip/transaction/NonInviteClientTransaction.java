package io.midreg.sip.transaction;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * RFC 3261 §17.1.2, Figure 6: Trying → Proceeding → Completed → Terminated. Over UDP timer E
 * re-sends the request at T1, doubling up to T2 (at T2 once Proceeding); timer F (64*T1) times
 * out without a final response. Completed absorbs response retransmissions for timer K (T4
 * over UDP, 0 over TCP/TLS).
 */
final class NonInviteClientTransaction extends AbstractClientTransaction {
    private Cancellable timerE;
    private Cancellable timerF;
    private Cancellable timerK;
    private Duration intervalE;

    NonInviteClientTransaction(TransactionContext ctx, TransactionKey key, SipRequest request, Flow flowOrNull,
                               TransportProtocol protocol, InetSocketAddress destination,
                               ClientTransactionListener listener) {
        super(ctx, key, request, flowOrNull, protocol, destination, listener, TransactionState.TRYING);
    }

    @Override
    void startTimers() {
        if (!reliable()) {
            intervalE = ctx.timers().timerE();
            timerE = ctx.scheduler().schedule(this::onTimerE, intervalE);
        }
        timerF = ctx.scheduler().schedule(this::onTimerF, ctx.timers().timerF());
    }

    @Override
    boolean awaitingFinal() {
        return state == TransactionState.TRYING || state == TransactionState.PROCEEDING;
    }

    @Override
    void onResponse(SipResponse response) {
        boolean isFinal;
        synchronized (this) {
            if (!awaitingFinal()) {
                ctx.stats().countRetransmissionReceived(); // Completed: absorbed
                return;
            }
            isFinal = !response.isProvisional();
            if (!isFinal) {
                state = TransactionState.PROCEEDING;
            } else {
                state = TransactionState.COMPLETED;
                Cancellable.cancel(timerE);
                Cancellable.cancel(timerF);
                if (reliable()) terminate();
                else timerK = ctx.scheduler().schedule(this::onTimerK, ctx.timers().timerK());
            }
        }
        deliver(response);
        if (isFinal) releaseAfterFinal();
    }

    private void onTimerE() {
        synchronized (this) {
            if (!awaitingFinal()) return;
            intervalE = state == TransactionState.PROCEEDING ? ctx.timers().t2() : ctx.timers().doubled(intervalE, true);
            timerE = ctx.scheduler().schedule(this::onTimerE, intervalE);
        }
        retransmit();
    }

    private void onTimerF() {
        synchronized (this) {
            if (!awaitingFinal()) return;
            terminate();
            ctx.stats().countTimeout();
        }
        deliverTimeout();
    }

    private synchronized void onTimerK() {
        if (state == TransactionState.COMPLETED) terminate();
    }

    @Override
    void cancelTimers() {
        Cancellable.cancel(timerE);
        Cancellable.cancel(timerF);
        Cancellable.cancel(timerK);
    }
}
