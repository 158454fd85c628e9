package io.midreg.sip.transaction;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.FlowClosedException;
import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both client state machines share: the request and where it goes, sending and re-sending
 * it, removal from the table, and calling the listener outside the lock.
 */
abstract sealed class AbstractClientTransaction implements ClientTransaction
        permits InviteClientTransaction, NonInviteClientTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractClientTransaction.class);

    final TransactionContext ctx;
    final TransactionKey key;
    /** The request, its bytes and the listener; a completed non-INVITE transaction lets go of them (see {@link #releaseAfterFinal()}). */
    volatile SipRequest request;
    volatile byte[] bytes;
    final TransportProtocol protocol;
    final InetSocketAddress destination;
    volatile ClientTransactionListener listener;
    private final Flow requestedFlow;

    /** Guarded by this. */
    TransactionState state;
    /** Guarded by this. */
    private Flow flow;

    AbstractClientTransaction(TransactionContext ctx, TransactionKey key, SipRequest request, Flow flowOrNull,
                              TransportProtocol protocol, InetSocketAddress destination,
                              ClientTransactionListener listener, TransactionState initial) {
        this.ctx = ctx;
        this.key = key;
        this.request = request;
        this.bytes = request.toBytes();
        this.requestedFlow = flowOrNull;
        this.protocol = protocol;
        this.destination = destination;
        this.listener = listener;
        this.state = initial;
    }

    /** Starts the timers of the initial state; under the lock. */
    abstract void startTimers();

    /** Stops every timer; under the lock. */
    abstract void cancelTimers();

    /** A response matched this transaction. */
    abstract void onResponse(SipResponse response);

    /** Whether a transport failure now is the transaction's failure (before a final response). */
    abstract boolean awaitingFinal();

    /** Sends the request for the first time. Called once, after the transaction is in the table. */
    void start() {
        synchronized (this) {
            startTimers();
        }
        if (pinnedToConnection()) ctx.pinned().add(requestedFlow.connectionId(), this);
        sendRequest(bytes, requestedFlow);
    }

    /**
     * Re-sends the request the way it first went: on the pinned flow only, or to the destination
     * (the transport reuses the connection it opened there); never under the lock. Nothing when
     * a final response raced the timer and the bytes are already released.
     */
    void retransmit() {
        byte[] b = bytes;
        if (b == null) return;
        ctx.stats().countRetransmissionSent();
        sendRequest(b, requestedFlow);
    }

    /** Sends an encoded request (the original, a retransmission, an ACK); never under the lock. */
    void sendRequest(byte[] message, Flow on) {
        ctx.transport().sendRequest(message, on, protocol, destination).whenComplete((used, error) -> {
            if (error != null) onTransportError(error);
            else rememberFlow(used);
        });
    }

    private synchronized void rememberFlow(Flow used) {
        if (flow == null) flow = used;
    }

    /**
     * The flow the caller pinned this transaction to (a device's flow), or null when the
     * transport chose one: every message of the transaction (retransmission, ACK, CANCEL) goes on
     * the pinned flow and fails when it is gone, never on a new connection.
     */
    Flow pinnedFlow() {
        return requestedFlow;
    }

    /** Whether the caller pinned this transaction to a TCP/TLS connection (see {@link PinnedTransactions}). */
    private boolean pinnedToConnection() {
        return requestedFlow != null && requestedFlow.protocol().reliable();
    }

    /** The connection it is pinned to closed: a transport failure (§17.1.4), reported if it still awaited its final. */
    void onFlowClosed(Flow closed) {
        onTransportError(new FlowClosedException(closed));
    }

    private void onTransportError(Throwable error) {
        boolean report;
        synchronized (this) {
            if (state == TransactionState.TERMINATED) return;
            report = awaitingFinal();
            terminate();
        }
        LOG.debug("transport error on {}", this, error);
        if (report) {
            onEndedWithoutFinal();
            try {
                listener.onTransportError(this, error);
            } catch (RuntimeException e) {
                LOG.warn("listener failed on transport error for {}", this, e);
            }
        }
    }

    /**
     * Drops the request and the listener (with all the listener holds: at a registrar, the
     * device's request and server transaction) once the final response is delivered: a
     * non-INVITE transaction then only absorbs response retransmissions for timer K, and at
     * thousands of relayed REGISTERs per second five seconds of such leftovers would make every
     * young collection copy them.
     */
    void releaseAfterFinal() {
        request = null;
        bytes = null;
        listener = null;
    }

    /** Hook for a transaction ending by time-out or transport error; outside the lock. */
    void onEndedWithoutFinal() {
    }

    void deliver(SipResponse response) {
        try {
            listener.onResponse(this, response);
        } catch (RuntimeException e) {
            LOG.warn("listener failed on {} for {}", response, this, e);
        }
    }

    void deliverLater2xx(SipResponse response) {
        try {
            listener.onLater2xx(this, response);
        } catch (RuntimeException e) {
            LOG.warn("listener failed on a later {} for {}", response, this, e);
        }
    }

    void deliverTimeout() {
        onEndedWithoutFinal();
        try {
            listener.onTimeout(this);
        } catch (RuntimeException e) {
            LOG.warn("listener failed on time-out for {}", this, e);
        }
    }

    void deliverCancelledWithoutAnswer() {
        onEndedWithoutFinal();
        try {
            listener.onCancelledWithoutAnswer(this);
        } catch (RuntimeException e) {
            LOG.warn("listener failed on the end of a cancelled {}", this, e);
        }
    }

    /** Under the lock. */
    void terminate() {
        state = TransactionState.TERMINATED;
        cancelTimers();
        ctx.clients().remove(key, this);
        if (pinnedToConnection()) ctx.pinned().remove(requestedFlow.connectionId(), this);
    }

    boolean reliable() {
        return protocol.reliable();
    }

    @Override
    public SipRequest request() {
        return request;
    }

    @Override
    public TransactionKey key() {
        return key;
    }

    @Override
    public synchronized TransactionState state() {
        return state;
    }

    @Override
    public synchronized Flow flow() {
        return flow;
    }

    @Override
    public TransportProtocol protocol() {
        return protocol;
    }

    @Override
    public InetSocketAddress destination() {
        return destination;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + key + ", " + state() + "]";
    }
}
