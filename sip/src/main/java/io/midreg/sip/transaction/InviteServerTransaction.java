package io.midreg.sip.transaction;

import io.midreg.sip.message.ResponseBuilder;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.Flow;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 3261 §17.2.1 (Figure 7) with RFC 6026: Proceeding → Completed → Confirmed → Terminated
 * for a 300-699 final, Proceeding → Accepted → Terminated for a 2xx.
 * <ul>
 *   <li>Proceeding: 100 Trying is sent at once; retransmitted INVITEs get the last provisional.</li>
 *   <li>Completed: timer G re-sends the final over UDP (T1 doubling up to T2) until the ACK
 *       arrives; timer H (64*T1) gives up and reports a time-out.</li>
 *   <li>Confirmed: ACK retransmissions are absorbed for timer I (T4 over UDP, 0 over TCP/TLS).</li>
 *   <li>Accepted: retransmitted INVITEs are absorbed, further 2xx from the application are sent,
 *       a matching ACK goes up; timer L (64*T1) ends it.</li>
 * </ul>
 */
final class InviteServerTransaction extends AbstractServerTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(InviteServerTransaction.class);

    private Cancellable timerG;
    private Cancellable timerH;
    private Cancellable timerI;
    private Cancellable timerL;
    private Duration intervalG;

    InviteServerTransaction(TransactionContext ctx, TransactionKey key, SipRequest request, Flow flow) {
        super(ctx, key, request, flow, TransactionState.PROCEEDING);
    }

    /** Sends 100 Trying at once (§17.2.1): we cannot know the application will answer within 200 ms. */
    @Override
    void start() {
        respond(100, ResponseBuilder.of(request, 100, "Trying").topVia(responseVia()).toBytes());
    }

    @Override
    synchronized void onRetransmission(SipRequest retransmission) {
        if (state == TransactionState.PROCEEDING || state == TransactionState.COMPLETED) {
            replayLast();
        } else {
            ctx.stats().countRetransmissionReceived(); // Accepted, Confirmed: absorbed
        }
    }

    @Override
    synchronized void respond(int status, byte[] response) {
        switch (state) {
            case PROCEEDING -> {
                send(response);
                if (status < 200) {
                    lastResponse = response;
                } else if (status < 300) {
                    // RFC 6026: the 2xx is retransmitted by the application, not replayed here
                    lastResponse = null;
                    state = TransactionState.ACCEPTED;
                    timerL = ctx.scheduler().schedule(this::onTimerL, ctx.timers().timerL());
                } else {
                    lastResponse = response;
                    state = TransactionState.COMPLETED;
                    if (!reliable()) {
                        intervalG = ctx.timers().timerG();
                        timerG = ctx.scheduler().schedule(this::onTimerG, intervalG);
                    }
                    timerH = ctx.scheduler().schedule(this::onTimerH, ctx.timers().timerH());
                }
            }
            case ACCEPTED -> {
                if (status < 200 || status >= 300) throw finalAlreadySent(status);
                send(response);
            }
            default -> throw finalAlreadySent(status);
        }
    }

    /**
     * An ACK matched this transaction. Returns true when absorbed here (the ACK of a non-2xx
     * final, or a stray one before any final), false when it must go up to the application.
     */
    synchronized boolean onAck(SipRequest ack) {
        switch (state) {
            case COMPLETED -> {
                state = TransactionState.CONFIRMED;
                Cancellable.cancel(timerG);
                Cancellable.cancel(timerH);
                if (reliable()) terminate();
                else timerI = ctx.scheduler().schedule(this::onTimerI, ctx.timers().timerI());
                return true;
            }
            case CONFIRMED -> {
                ctx.stats().countRetransmissionReceived();
                return true;
            }
            case PROCEEDING -> {
                return true; // nothing to acknowledge yet: discard
            }
            default -> {
                return false; // Accepted (RFC 6026 §8.7) or already gone
            }
        }
    }

    private synchronized void onTimerG() {
        if (state != TransactionState.COMPLETED) return;
        send(lastResponse);
        ctx.stats().countRetransmissionSent();
        intervalG = ctx.timers().doubled(intervalG, true);
        timerG = ctx.scheduler().schedule(this::onTimerG, intervalG);
    }

    private void onTimerH() {
        synchronized (this) {
            if (state != TransactionState.COMPLETED) return;
            terminate();
            ctx.stats().countTimeout();
        }
        try {
            ctx.user().onTimeout(this);
        } catch (RuntimeException e) {
            LOG.warn("onTimeout failed for {}", this, e);
        }
    }

    private synchronized void onTimerI() {
        if (state == TransactionState.CONFIRMED) terminate();
    }

    private synchronized void onTimerL() {
        if (state == TransactionState.ACCEPTED) terminate();
    }

    @Override
    void cancelTimers() {
        Cancellable.cancel(timerG);
        Cancellable.cancel(timerH);
        Cancellable.cancel(timerI);
        Cancellable.cancel(timerL);
    }
}
