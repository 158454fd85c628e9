package io.midreg.server;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.syntax.SipMethods;
import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.sip.transaction.ServerTransactionUser;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Sends each new request to the part of midreg that owns its method, by a table from method to
 * handler; what is not in the table gets 501. OPTIONS to midreg is answered here (keep-alives and
 * health probes); OPTIONS to a device's contact goes to the proxy. {@code Allow} (RFC 3261 §20.5) is derived from the table, so it lists exactly
 * what midreg handles. While midreg stops, new requests are left unanswered: a device's
 * retransmissions reach the instance that comes up next, where a 503 would make many phones
 * report a failure.
 */
final class SipRouter implements ServerTransactionUser {
    private final Map<String, ServerTransactionUser> handlers;
    private final String allow;
    private final BooleanSupplier draining;
    /** Whether an OPTIONS is meant for someone midreg routes to (a device's contact), not for midreg. */
    private final java.util.function.Predicate<io.midreg.sip.message.SipRequest> optionsRouted;

    /** @param handlers the handler of each method midreg serves besides OPTIONS (methods are case-sensitive) */
    SipRouter(Map<String, ServerTransactionUser> handlers, BooleanSupplier draining) {
        this(handlers, draining, request -> false);
    }

    /**
     * @param optionsRouted whether an OPTIONS is for a device (a PBX's qualify to a contact midreg
     *                      registered): it then goes to the INVITE handler, the proxy, like any
     *                      request to a device; every other OPTIONS is answered here
     */
    SipRouter(Map<String, ServerTransactionUser> handlers, BooleanSupplier draining,
              java.util.function.Predicate<io.midreg.sip.message.SipRequest> optionsRouted) {
        this.optionsRouted = optionsRouted;
        if (handlers.containsKey(SipMethods.OPTIONS)) throw new IllegalArgumentException("OPTIONS is answered by the router");
        if (handlers.containsKey(SipMethods.ACK)) throw new IllegalArgumentException("an ACK is never a server transaction");
        this.handlers = Map.copyOf(handlers);
        this.draining = draining;
        TreeSet<String> methods = new TreeSet<>(handlers.keySet());
        methods.add(SipMethods.OPTIONS);
        this.allow = String.join(", ", methods);
    }

    /** The value of {@code Allow}: every method in the table and OPTIONS, in alphabetical order. */
    String allow() {
        return allow;
    }

    /** A CANCEL goes to whoever handles INVITE (a proxy cancels its branch); without one, answered as a UAS. */
    @Override
    public void onCancel(ServerTransaction cancel, ServerTransaction invite) {
        if (draining.getAsBoolean()) return;
        ServerTransactionUser handler = handlers.get(SipMethods.INVITE);
        if (handler != null) handler.onCancel(cancel, invite);
        else ServerTransactionUser.super.onCancel(cancel, invite);
    }

    /** The ACK of a 2xx (end to end) goes to whoever handles INVITE. */
    @Override
    public void onStrayAck(io.midreg.sip.message.SipRequest ack, io.midreg.sip.transport.Flow flow) {
        if (draining.getAsBoolean()) return;
        ServerTransactionUser handler = handlers.get(SipMethods.INVITE);
        if (handler != null) handler.onStrayAck(ack, flow);
    }

    @Override
    public void onNewRequest(ServerTransaction tx) {
        if (draining.getAsBoolean()) return;
        String m = tx.request().method();
        ServerTransactionUser handler = handlers.get(m);
        if (handler == null && SipMethods.OPTIONS.equals(m) && optionsRouted.test(tx.request())) handler = handlers.get(SipMethods.INVITE);
        if (handler != null) {
            handler.onNewRequest(tx);
        } else if (SipMethods.OPTIONS.equals(m)) {
            tx.sendResponse(tx.newResponse(200, "OK").header(HeaderName.ALLOW, allow).header("Accept", "application/sdp").toBytes());
        } else {
            tx.sendResponse(tx.newResponse(501, "Not Implemented").header(HeaderName.ALLOW, allow).toBytes());
        }
    }
}
