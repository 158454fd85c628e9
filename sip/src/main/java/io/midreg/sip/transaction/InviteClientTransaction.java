package io.midreg.sip.transaction;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * RFC 3261 §17.1.1, Figure 5 as updated by RFC 6026: Calling → Proceeding → Completed →
 * Terminated for a 300-699 final, Calling/Proceeding → Accepted → Terminated for a 2xx.
 * <ul>
 *   <li>Calling: timer A re-sends the INVITE over UDP (T1, doubling, no cap); timer B (64*T1)
 *       times out.</li>
 *   <li>A 2xx goes up as the final response and moves the transaction to Accepted: its ACK
 *       belongs to the dialog, not to us. While Accepted (timer M, 64*T1, on every transport)
 *       each further 2xx — a retransmission, or the 2xx of another fork downstream — goes up
 *       through {@link ClientTransactionListener#onLater2xx}, so a proxy forwards it upstream
 *       instead of dropping it as a stray (RFC 6026 §1 describes exactly that loss); provisionals
 *       and non-2xx finals arriving then are absorbed.</li>
 *   <li>A 300-699 goes up once; the transaction sends the ACK itself (§17.1.1.3) and re-sends it
 *       for every retransmission of that final during timer D (32 s over UDP, 0 over TCP/TLS).</li>
 *   <li>Proceeding has no timer of its own: once its CANCEL went, a guard of 64*T1 ends it if no
 *       final came (§9.1), through {@link ClientTransactionListener#onCancelledWithoutAnswer}.</li>
 * </ul>
 */
final class InviteClientTransaction extends AbstractClientTransaction {
    private Cancellable timerA;
    private Cancellable timerB;
    private Cancellable timerD;
    private Cancellable timerM;
    /** 64*T1 after the CANCEL went: the end of waiting for the final (§9.1). */
    private Cancellable cancelGuard;
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
        boolean later2xx = false;
        synchronized (this) {
            waiting = proceeding;
            proceeding = null;
            if (awaitingFinal()) {
                Cancellable.cancel(timerA);
                Cancellable.cancel(timerB);
                if (response.isProvisional()) {
                    state = TransactionState.PROCEEDING;
                } else if (response.isSuccess()) {
                    state = TransactionState.ACCEPTED;
                    // nothing is re-sent, ACKed or CANCELled once a 2xx came: at a proxy's call rate
                    // timer M would otherwise hold every INVITE for 32 s
                    request = null;
                    bytes = null;
                    timerM = ctx.scheduler().schedule(this::onTimerM, ctx.timers().timerM());
                } else {
                    state = TransactionState.COMPLETED;
                    ack = ackToSend = AckBuilder.forNon2xx(request, response);
                    if (reliable()) terminate();
                    else timerD = ctx.scheduler().schedule(this::onTimerD, ctx.timers().timerD());
                }
            } else if (state == TransactionState.ACCEPTED && response.isSuccess()) {
                passUp = false;
                later2xx = true;
                ctx.stats().countRetransmissionReceived();
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
        else if (later2xx) deliverLater2xx(response);
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

    /** The CANCEL of this INVITE was sent: wait at most 64*T1 more for the final (RFC 3261 §9.1). */
    synchronized void cancelSent() {
        if (!awaitingFinal() || cancelGuard != null) return;
        cancelGuard = ctx.scheduler().schedule(this::onCancelGuard, ctx.timers().sixtyFourT1());
    }

    private void onCancelGuard() {
        synchronized (this) {
            if (!awaitingFinal()) return;
            terminate();
            ctx.stats().countTimeout();
        }
        deliverCancelledWithoutAnswer();
    }

    private synchronized void onTimerD() {
        if (state == TransactionState.COMPLETED) terminate();
    }

    private synchronized void onTimerM() {
        if (state == TransactionState.ACCEPTED) terminate();
    }

    @Override
    void cancelTimers() {
        Cancellable.cancel(timerA);
        Cancellable.cancel(timerB);
        Cancellable.cancel(timerD);
        Cancellable.cancel(timerM);
        Cancellable.cancel(cancelGuard);
    }
}
