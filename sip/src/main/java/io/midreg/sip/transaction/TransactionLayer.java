package io.midreg.sip.transaction;

import io.midreg.sip.header.Via;
import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageEditor;
import io.midreg.sip.message.SipParseException;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.syntax.SipMethods;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction layer (RFC 3261 §17): received requests and responses come in here, are
 * matched to server and client transactions, and only what the application has to see goes up.
 *
 * <ul>
 *   <li>{@link #onRequest}: a retransmission is answered with the last response and goes no
 *       further; an ACK of a non-2xx final is absorbed; any other ACK goes up as a stray ACK;
 *       a CANCEL gets its own transaction and goes up with the INVITE transaction it matches
 *       (or none); anything else makes a new server transaction for the application.</li>
 *   <li>{@link #onResponse}: matched by top Via branch and CSeq method; unmatched → stray.</li>
 *   <li>{@link #sendRequest}: a new client transaction for a request whose top Via the caller
 *       built with a branch from {@link #branches()} (or see {@link #withTopVia}).</li>
 * </ul>
 *
 * Thread-safe and non-blocking: call it from any event loop or application thread.
 * Transactions leave the tables when they reach Terminated.
 */
public final class TransactionLayer {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionLayer.class);

    private final TransactionContext ctx;
    private final StrayResponseHandler strayResponses;

    public TransactionLayer(TransactionTransport transport, TimerScheduler scheduler, TimerConfig timers,
                            ServerTransactionUser user, StrayResponseHandler strayResponses) {
        this.ctx = new TransactionContext(transport, scheduler, timers, new TransactionStats(), new BranchGenerator(), user,
                new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), new PinnedTransactions());
        this.strayResponses = strayResponses;
    }

    /** A layer that drops stray responses (fine for an element that is never a proxy). */
    public TransactionLayer(TransactionTransport transport, TimerScheduler scheduler, TimerConfig timers,
                            ServerTransactionUser user) {
        this(transport, scheduler, timers, user,
                (response, flow) -> LOG.debug("dropping stray response {} from {}", response, flow.remote()));
    }

    // ---- server side ----

    /** A request received on {@code flow}; it should have passed {@code MessageValidator}. */
    public void onRequest(SipRequest request, Flow flow) {
        TransactionKey key = serverKey(request);
        if (key == null) {
            LOG.debug("dropping {} from {}: no top Via, CSeq, Call-ID, From or To to match it by", request, flow.remote());
            return;
        }
        if (SipMethods.ACK.equals(request.method())) {
            onAck(request, flow, key);
            return;
        }
        AbstractServerTransaction existing = ctx.servers().get(key);
        if (existing != null) {
            existing.onRetransmission(request);
            return;
        }
        AbstractServerTransaction created = SipMethods.INVITE.equals(request.method())
                ? new InviteServerTransaction(ctx, key, request, flow)
                : new NonInviteServerTransaction(ctx, key, request, flow);
        existing = ctx.servers().putIfAbsent(key, created);
        if (existing != null) { // a copy won the race on another event loop
            existing.onRetransmission(request);
            return;
        }
        ctx.stats().countServerCreated();
        created.start();
        if (SipMethods.CANCEL.equals(request.method())) {
            onCancel(created, key);
        } else {
            try {
                ctx.user().onNewRequest(created);
            } catch (RuntimeException e) {
                failed(created, e);
            }
        }
    }

    private void onAck(SipRequest ack, Flow flow, TransactionKey key) {
        AbstractServerTransaction tx = ctx.servers().get(key);
        // RFC 2543: the ACK carries the To tag of our response, the INVITE had none
        if (tx == null && key instanceof TransactionKey.Legacy legacy && legacy.toTag() != null) {
            tx = ctx.servers().get(legacy.withoutToTag());
        }
        if (tx instanceof InviteServerTransaction invite && invite.onAck(ack)) return;
        try {
            ctx.user().onStrayAck(ack, flow);
        } catch (RuntimeException e) {
            LOG.warn("onStrayAck failed for {}", ack, e);
        }
    }

    private void onCancel(AbstractServerTransaction cancel, TransactionKey key) {
        AbstractServerTransaction target = ctx.servers().get(key.withMethod(SipMethods.INVITE));
        InviteServerTransaction invite = target instanceof InviteServerTransaction i ? i : null;
        if (invite != null) cancel.useLocalTagOf(invite);
        try {
            ctx.user().onCancel(cancel, invite);
        } catch (RuntimeException e) {
            failed(cancel, e);
        }
    }

    /** The application threw: answer 500 rather than leave the peer retransmitting. */
    private static void failed(AbstractServerTransaction tx, RuntimeException e) {
        LOG.warn("application failed on {}", tx.request(), e);
        try {
            tx.sendResponse(500, "Server Internal Error");
        } catch (IllegalStateException alreadyAnswered) {
            // it answered before throwing
        }
    }

    private static TransactionKey serverKey(SipRequest request) {
        try {
            return TransactionKey.forServer(request);
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    // ---- client side ----

    /** A response received on {@code flow}. */
    public void onResponse(SipResponse response, Flow flow) {
        TransactionKey key;
        try {
            key = TransactionKey.forClient(response);
        } catch (RuntimeException malformed) {
            key = null;
        }
        AbstractClientTransaction tx = key == null ? null : ctx.clients().get(key);
        if (tx != null) {
            tx.onResponse(response);
            return;
        }
        try {
            strayResponses.onStrayResponse(response, flow);
        } catch (RuntimeException e) {
            LOG.warn("stray response handler failed for {}", response, e);
        }
    }

    /**
     * Sends {@code request} in a new client transaction. Its top Via must carry an RFC 3261
     * branch unique to this request; the layer adds nothing to the message.
     *
     * @param flowOrNull the flow to send on and only on (a device's registration flow): when its
     *                   connection is gone the transaction ends at once with a transport error
     *                   carrying {@link io.midreg.sip.transport.FlowClosedException}, and no new
     *                   connection is opened to the device (behind a NAT it would reach nobody, or
     *                   the wrong one); null lets the transport pick or open one to {@code destination}
     * @throws IllegalArgumentException for an ACK (never a transaction of its own) or a missing branch
     * @throws IllegalStateException when a transaction with this branch and method exists
     */
    public ClientTransaction sendRequest(SipRequest request, Flow flowOrNull, TransportProtocol protocol,
                                         InetSocketAddress destination, ClientTransactionListener listener) {
        if (SipMethods.ACK.equals(request.method())) {
            throw new IllegalArgumentException("an ACK is sent directly, not in a client transaction");
        }
        Via top = request.topVia();
        if (top == null || !top.hasRfc3261Branch()) {
            throw new IllegalArgumentException("the top Via needs a branch starting with " + Via.MAGIC_COOKIE);
        }
        if (request.cseq() == null || !request.method().equals(request.cseq().method())) {
            throw new IllegalArgumentException("CSeq method must be " + request.method());
        }
        TransactionKey key = TransactionKey.forClient(request);
        AbstractClientTransaction tx = SipMethods.INVITE.equals(request.method())
                ? new InviteClientTransaction(ctx, key, request, flowOrNull, protocol, destination, listener)
                : new NonInviteClientTransaction(ctx, key, request, flowOrNull, protocol, destination, listener);
        if (ctx.clients().putIfAbsent(key, tx) != null) {
            throw new IllegalStateException("a client transaction for " + key + " exists already");
        }
        ctx.stats().countClientCreated();
        tx.start();
        return tx;
    }

    /**
     * Cancels a pending INVITE (RFC 3261 §9.1): builds the CANCEL and sends it in its own
     * non-INVITE client transaction to where the INVITE went, once the INVITE has had a
     * provisional response (at once if it has). The future fails when the INVITE ends first.
     * An INVITE still without a final response 64*T1 after its CANCEL went is considered
     * cancelled and destroyed (§9.1): its listener hears
     * {@link ClientTransactionListener#onCancelledWithoutAnswer}, so a callee that ignores the
     * CANCEL cannot hold the caller forever.
     */
    public CompletableFuture<ClientTransaction> cancel(ClientTransaction invite, ClientTransactionListener listener) {
        if (!(invite instanceof InviteClientTransaction ict)) {
            throw new IllegalArgumentException("not an INVITE client transaction of this layer: " + invite);
        }
        SipRequest sent = ict.request(); // null once Accepted: a 2xx came, nothing to cancel
        if (sent == null) return CompletableFuture.failedFuture(new IllegalStateException("INVITE already answered 2xx"));
        SipRequest cancel = CancelBuilder.forInvite(sent);
        return ict.whenProceeding().thenApply(proceeding -> {
            ClientTransaction sentCancel = sendRequest(cancel, ict.pinnedFlow(), ict.protocol(), ict.destination(), listener);
            ict.cancelSent();
            return sentCancel;
        });
    }

    /**
     * A TCP/TLS connection closed: every client transaction pinned to it that still waits for
     * its final response ends now with a transport error carrying
     * {@link io.midreg.sip.transport.FlowClosedException} (RFC 3261 §17.1.4); the responses it
     * waited for can only come on that connection, and no new one is opened to the device.
     */
    public void onFlowClosed(Flow flow) {
        if (!flow.protocol().reliable()) return;
        for (AbstractClientTransaction tx : ctx.pinned().closed(flow.connectionId())) tx.onFlowClosed(flow);
    }

    /** How many connections have client transactions pinned to them (for tests). */
    int pinnedConnections() {
        return ctx.pinned().connections();
    }

    /**
     * {@code request} with a new top Via {@code SIP/2.0/<protocol> <sentBy>;branch=<new>;rport}
     * for sending through {@link #sendRequest}.
     */
    public SipRequest withTopVia(SipRequest request, TransportProtocol protocol, String sentBy) {
        String via = "SIP/2.0/" + protocol.viaToken() + " " + sentBy + ";branch=" + ctx.ids().newBranch() + ";rport";
        try {
            return (SipRequest) MessageEditor.of(request).addFirst(HeaderName.VIA, via).toMessage();
        } catch (SipParseException e) {
            throw new IllegalArgumentException("request does not parse with the new Via: " + e.reason(), e);
        }
    }

    // ---- introspection ----

    /** Branch ids and tags for requests the application builds. */
    public BranchGenerator branches() {
        return ctx.ids();
    }

    public TransactionStats stats() {
        return ctx.stats();
    }

    /** Server transactions not yet terminated. */
    public int serverTransactionCount() {
        return ctx.servers().size();
    }

    /** Client transactions not yet terminated. */
    public int clientTransactionCount() {
        return ctx.clients().size();
    }

    public TimerConfig timers() {
        return ctx.timers();
    }
}
