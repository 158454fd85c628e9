package io.midreg.sip.transaction;

import io.midreg.sip.message.ResponseBuilder;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.Flow;

/** What both server state machines share: identity, the To tag, the last response, removal from the table. */
abstract sealed class AbstractServerTransaction implements ServerTransaction
        permits InviteServerTransaction, NonInviteServerTransaction {
    final TransactionContext ctx;
    final TransactionKey key;
    /** The request; a completed non-INVITE transaction lets go of it (see {@link #releaseRequest()}). */
    volatile SipRequest request;
    /** The request's method (a shared constant when known), kept for messages after the request is released. */
    private final String method;
    final Flow flow;

    /** Guarded by this. */
    TransactionState state;
    /** The response replayed to request retransmissions; guarded by this. */
    byte[] lastResponse;
    /** Guarded by this; created on first use so a request with a To tag never pays for one. */
    private String localTag;

    AbstractServerTransaction(TransactionContext ctx, TransactionKey key, SipRequest request, Flow flow,
                              TransactionState initial) {
        this.ctx = ctx;
        this.key = key;
        this.request = request;
        this.method = request.method();
        this.flow = flow;
        this.state = initial;
    }

    /** Called once the transaction is in the table, before the application sees it. */
    void start() {
    }

    /** A copy of the request that created this transaction arrived again. */
    abstract void onRetransmission(SipRequest retransmission);

    /** Drives the state machine with a response the application sends. */
    abstract void respond(int status, byte[] response);

    /** Stops the timers of the subclass; called under the lock when terminating. */
    abstract void cancelTimers();

    /**
     * The request that created this transaction; null once a non-INVITE transaction is
     * completed (its final response is sent), when only the response bytes are needed.
     */
    @Override
    public SipRequest request() {
        return request;
    }

    /**
     * Drops the parsed request (its bytes and cached header objects) while the transaction
     * waits out timer J: at thousands of REGISTERs per second over UDP, 32 s of completed
     * transactions would otherwise hold gigabytes and make every young GC slow.
     */
    void releaseRequest() {
        request = null;
        responseVia = null;
    }

    @Override
    public Flow flow() {
        return flow;
    }

    @Override
    public TransactionKey key() {
        return key;
    }

    @Override
    public synchronized TransactionState state() {
        return state;
    }

    /** The top Via with RFC 3581 received/rport for this request's source, computed once. */
    final io.midreg.sip.header.Via responseVia() {
        io.midreg.sip.header.Via v = responseVia;
        if (v == null) responseVia = v = ReceivedParameters.apply(request.topVia(), flow());
        return v;
    }

    private volatile io.midreg.sip.header.Via responseVia;

    @Override
    public ResponseBuilder newResponse(int status, String reason) {
        SipRequest r = request;
        if (r == null) throw finalAlreadySent(status); // released once a non-INVITE final was sent
        return ResponseBuilder.of(r, status, reason).toTag(localTag()).topVia(responseVia());
    }

    @Override
    public void sendResponse(int status, String reason) {
        respond(status, newResponse(status, reason).toBytes());
    }

    @Override
    public void sendResponse(SipResponse response) {
        respond(response.status(), response.toBytes());
    }

    @Override
    public void sendResponse(byte[] response) {
        respond(ResponseStatus.of(response), response);
    }

    @Override
    public void sendFinalAndForget(byte[] response) {
        int status = ResponseStatus.of(response);
        if (status < 200) throw new IllegalArgumentException("not a final response: " + status);
        respond(status, response);
    }

    @Override
    public void sendFinalAndForget(ResponseBuilder response) {
        sendFinalAndForget(response.toBytes());
    }

    synchronized String localTag() {
        if (localTag == null) localTag = ctx.ids().newTag();
        return localTag;
    }

    /** A CANCEL's responses carry the To tag of the INVITE's responses (RFC 3261 §9.2). */
    void useLocalTagOf(AbstractServerTransaction other) {
        String tag = other.localTag();
        synchronized (this) {
            localTag = tag;
        }
    }

    boolean reliable() {
        return flow.protocol().reliable();
    }

    /** Sends under the lock so that responses leave in the order the state machine saw them. */
    void send(byte[] response) {
        ctx.transport().sendResponse(flow, response);
    }

    /** Replays the last response to a retransmitted request, if there is one. Under the lock. */
    void replayLast() {
        ctx.stats().countRetransmissionReceived();
        if (lastResponse != null) {
            send(lastResponse);
            ctx.stats().countRetransmissionSent();
        }
    }

    /** Under the lock. */
    void terminate() {
        state = TransactionState.TERMINATED;
        cancelTimers();
        ctx.servers().remove(key, this);
    }

    IllegalStateException finalAlreadySent(int status) {
        return new IllegalStateException("cannot send " + status + " in state " + state + " for " + method + " " + key);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + key + ", " + state() + "]";
    }
}
