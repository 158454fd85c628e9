package io.midreg.sip.transaction;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * RFC 3261 §17.1.1, Figure 5: Calling → Proceeding → Completed → Terminated.
 * <ul>
 *   <li>Calling: timer A re-sends the INVITE over UDP (T1, doubling, no cap); timer B (64*T1)
 *       times out.</li>
 *   <li>A 2xx ends the transaction and goes up: its ACK belongs to the dialog, not to us.</li>
 *   <li>A 300-699 goes up once; the transaction sends the ACK itself (§17.1.1.3) and re-sends it
 *       for every retransmission of that final during timer D (32 s over UDP, 0 over TCP/TLS).</li>
 * </ul>
 */
final class InviteClientTransaction extends AbstractClientTransaction {
    private Cancellable timerA;
    private Cancellable timerB;
    private Cancellable timerD;
    private Duration intervalA;
    private byte[] ack;
    /** Completed on the first provisional, so a CANCEL waits for it (§9.1); created only when asked for. */
    private CompletableFuture<Void> proceeding;

    InviteClientTransaction(TransactionContext ctx, TransactionKey key, SipRequest request, Flow flowOrNull,
                            TransportProtocol protocol, InetSocketAddress destination,
                            ClientTransactionListener listener) {
        super(ctx, key, request, flowOrNull, protocol, destination, listener, TransactionState.CALLING);
    }

    @Override
    void startTimers() {
        if (!reliable()) {
            intervalA = ctx.timers().timerA();
            timerA = ctx.scheduler().schedule(this::onTimerA, intervalA);
        }
        timerB = ctx.scheduler().schedule(this::onTimerB, ctx.timers().timerB());
    }

    @Override
    boolean awaitingFinal() {
        return state == TransactionState.CALLING || state == TransactionState.PROCEEDING;
    }

    /** Completes once a provisional response arrived; fails if the transaction ends first. */
    synchronized CompletableFuture<Void> whenProceeding() {
        if (state == TransactionState.PROCEEDING) return CompletableFuture.completedFuture(null);
        if (state != TransactionState.CALLING) {
            return CompletableFuture.failedFuture(new IllegalStateException("INVITE transaction already " + state));
        }
        if (proceeding == null) proceeding = new CompletableFuture<>();
        return proceeding;
    }

    @Override
    void onResponse(SipResponse response) {
        CompletableFuture<Void> waiting;
        byte[] ackToSend = null;
        boolean passUp = true;
        synchronized (this) {
            waiting = proceeding;
            proceeding = null;
            if (awaitingFinal()) {
                Cancellable.cancel(timerA);
                Cancellable.cancel(timerB);
                if (response.isProvisional()) {
                    state = TransactionState.PROCEEDING;
                } else if (response.isSuccess()) {
                    terminate();
                } else {
                    state = TransactionState.COMPLETED;
                    ack = ackToSend = AckBuilder.forNon2xx(request, response);
                    if (reliable()) terminate();
                    else timerD = ctx.scheduler().schedule(this::onTimerD, ctx.timers().timerD());
                }
            } else {
                passUp = false;
                if (state == TransactionState.COMPLETED && response.isFinal() && !response.isSuccess()) {
                    ctx.stats().countRetransmissionReceived();
                    ctx.stats().countRetransmissionSent();
                    ackToSend = ack;
                }
            }
        }
        if (ackToSend != null) sendRequest(ackToSend, pinnedFlow());
        if (waiting != null) {
            if (response.isProvisional()) waiting.complete(null);
            else waiting.completeExceptionally(new IllegalStateException("INVITE already answered " + response.status()));
        }
        if (passUp) deliver(response);
    }

    @Override
    void onEndedWithoutFinal() {
        CompletableFuture<Void> waiting;
        synchronized (this) {
            waiting = proceeding;
            proceeding = null;
        }
        if (waiting != null) waiting.completeExceptionally(new IllegalStateException("INVITE transaction ended without a response"));
    }

    private void onTimerA() {
        synchronized (this) {
            if (state != TransactionState.CALLING) return;
            intervalA = ctx.timers().doubled(intervalA, false);
            timerA = ctx.scheduler().schedule(this::onTimerA, intervalA);
        }
        retransmit();
    }

    private void onTimerB() {
        synchronized (this) {
            if (state != TransactionState.CALLING) return;
            terminate();
            ctx.stats().countTimeout();
        }
        deliverTimeout();
    }

    private synchronized void onTimerD() {
        if (state == TransactionState.COMPLETED) terminate();
    }

    @Override
    void cancelTimers() {
        Cancellable.cancel(timerA);
        Cancellable.cancel(timerB);
        Cancellable.cancel(timerD);
    }
}
