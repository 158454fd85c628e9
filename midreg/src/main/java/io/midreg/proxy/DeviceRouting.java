package io.midreg.proxy;

import io.midreg.location.Location;
import io.midreg.sip.message.MessageEditor;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.syntax.SipMethods;
import io.midreg.sip.transaction.ClientTransaction;
import io.midreg.sip.transaction.ClientTransactionListener;
import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.sip.transaction.ServerTransactionUser;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.FlowClosedException;
import io.midreg.sip.transport.SipTransport;
import io.midreg.sip.uri.SipUri;
import io.midreg.sip.uri.Uri;
import io.midreg.store.Binding;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request from the upstream to the device its Request-URI names (RFC 3261 §16): the
 * user part is the signed token midreg registered upstream as the device's Contact. The source
 * must be a configured upstream (else 403), the token genuine and its binding alive (else 404),
 * the device's flow open (else 480, never a new connection to its address). The request goes on
 * statefully, in a client transaction pinned to the device's flow, with the device's Contact as
 * Request-URI, its Path as Route, midreg's Via on top and Max-Forwards lowered (483 at 0); the
 * device's responses come back less that Via. A CANCEL cancels the branch; the ACK of a 2xx,
 * end to end, is sent on statelessly. One device per token: an AOR token (aor mode) names every
 * binding, which needs forking, not built yet: the first binding is used.
 */
public final class DeviceRouting implements ServerTransactionUser {
    private static final Logger log = LoggerFactory.getLogger(DeviceRouting.class);

    /**
     * The methods routed to a device (out of dialog, and in dialog without Record-Route: to the
     * token URI); CANCEL and the ACK of a 2xx come with INVITE. OPTIONS to midreg stays midreg's.
     */
    public static final java.util.Set<String> METHODS = java.util.Set.of(SipMethods.INVITE, SipMethods.BYE, SipMethods.INFO, SipMethods.UPDATE,
            SipMethods.PRACK, SipMethods.MESSAGE, SipMethods.NOTIFY, SipMethods.SUBSCRIBE, SipMethods.REFER);

    private final Location location;
    private final TransactionLayer transactions;
    private final SipTransport transport;
    private final Predicate<InetSocketAddress> upstreamSource;
    private final Function<Flow, ProxyInterface> outbound;
    private final LongSupplier clock;
    private final CallStats stats = new CallStats();
    /** INVITEs sent on and not finally answered yet: the server transaction to its branch, for a CANCEL. */
    private final ConcurrentMap<ServerTransaction, ClientTransaction> branches = new ConcurrentHashMap<>();

    /**
     * @param upstreamSource whether a request's source is a configured upstream
     * @param outbound       midreg as it names itself on a flow (the Via's sent-by)
     */
    public DeviceRouting(Location location, TransactionLayer transactions, SipTransport transport, Predicate<InetSocketAddress> upstreamSource,
                         Function<Flow, ProxyInterface> outbound, LongSupplier clock) {
        this.location = location;
        this.transactions = transactions;
        this.transport = transport;
        this.upstreamSource = upstreamSource;
        this.outbound = outbound;
        this.clock = clock;
    }

    public CallStats stats() {
        return stats;
    }

    /** Where a request goes: the device's binding and flow, or why it goes nowhere. */
    private record Route(Binding binding, Flow flow, int status, String reason) {
        static Route refused(int status, String reason) {
            return new Route(null, null, status, reason);
        }

        boolean refused() {
            return flow == null;
        }
    }

    private Route route(SipRequest request, Flow from) {
        if (!upstreamSource.test(from.remote())) {
            stats.unknownSource.increment();
            return Route.refused(403, "Forbidden (not an upstream)");
        }
        if (request.maxForwards() == 0) {
            stats.tooManyHops.increment();
            return Route.refused(483, "Too Many Hops");
        }
        Optional<Location.Named> named = location.named(tokenOf(request), clock.getAsLong());
        if (named.isEmpty()) {
            stats.badToken.increment();
            return Route.refused(404, "Not Found");
        }
        List<Binding> bindings = named.get().bindings();
        if (bindings.isEmpty()) {
            stats.noBinding.increment();
            return Route.refused(404, "Not Found (not registered)");
        }
        Binding b = bindings.get(0);
        Optional<Flow> flow = location.flow(b);
        if (flow.isEmpty()) {
            stats.flowGone.increment();
            return Route.refused(480, "Temporarily Unavailable (the device's connection is gone)");
        }
        return new Route(b, flow.get(), 0, null);
    }

    /** The user part of a SIP Request-URI (midreg's token), or null. */
    private static String tokenOf(SipRequest request) {
        try {
            Uri uri = request.requestUri();
            return uri instanceof SipUri s ? s.user() : null;
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    /**
     * The request as it goes to the device ({@link BranchRequests}): its Contact as Request-URI,
     * its Path as Route, Max-Forwards lowered, midreg's Via on top. No Route pre-processing yet:
     * a request to a token contact carries no Route of midreg's (no Record-Route is written).
     */
    private SipRequest towardsDevice(SipRequest request, Route r) {
        PreprocessedRoute asReceived = new PreprocessedRoute(request.requestUriText(), request.routes(), List.of(), false, false);
        String via = BranchRequests.via(outbound.apply(r.flow()), transactions.branches().newBranch());
        return BranchRequests.build(request, asReceived, new BranchTarget(r.binding().contactUri(), r.binding().path()), List.of(), via);
    }

    @Override
    public void onNewRequest(ServerTransaction tx) {
        SipRequest request = tx.request();
        Route r = route(request, tx.flow());
        if (r.refused()) {
            tx.sendResponse(r.status(), r.reason());
            return;
        }
        boolean invite = SipMethods.INVITE.equals(request.method());
        SipRequest out;
        try {
            out = towardsDevice(request, r);
        } catch (IllegalArgumentException e) {
            log.debug("cannot route {} to {}: {}", request.method(), r.binding().contactUri(), e.toString());
            tx.sendResponse(500, "Server Internal Error (request cannot be routed)");
            return;
        }
        stats.routed.increment();
        Relay relay = new Relay(tx);
        ClientTransaction branch = transactions.sendRequest(out, r.flow(), r.flow().protocol(), r.flow().remote(), relay);
        if (invite) {
            branches.put(tx, branch);
            if (relay.ended) branches.remove(tx); // it ended before it was put: nothing else removes it
        }
    }

    /** The device's answers back to the upstream, less midreg's Via; a failure to reach it becomes the final answer. */
    private final class Relay implements ClientTransactionListener {
        private final ServerTransaction upstream;
        /** Set before the branch is forgotten, so one put after the end does not stay. */
        volatile boolean ended;

        Relay(ServerTransaction upstream) {
            this.upstream = upstream;
        }

        @Override
        public void onResponse(ClientTransaction branch, SipResponse response) {
            if (response.status() == 100) return; // hop by hop: the INVITE server transaction sent midreg's own
            if (response.isFinal()) end();
            answer(MessageEditor.of(response).removeTopVia().toBytes());
        }

        /** A 2xx after the first (RFC 6026 Accepted): passed on too, the caller's 2xx may have been lost. */
        @Override
        public void onLater2xx(ClientTransaction branch, SipResponse response) {
            answer(MessageEditor.of(response).removeTopVia().toBytes());
        }

        @Override
        public void onTimeout(ClientTransaction branch) {
            end();
            answer(408, "Request Timeout (the device did not answer)");
        }

        @Override
        public void onTransportError(ClientTransaction branch, Throwable cause) {
            end();
            if (cause instanceof FlowClosedException) {
                stats.flowGone.increment();
                answer(480, "Temporarily Unavailable (the device's connection is gone)");
            } else {
                answer(503, "Service Unavailable (the device cannot be reached)");
            }
        }

        private void end() {
            ended = true;
            branches.remove(upstream);
        }

        private void answer(byte[] response) {
            try {
                upstream.sendResponse(response);
            } catch (IllegalStateException alreadyAnswered) {
                // a final answer went first (a 2xx retransmission, a CANCEL's 487)
            }
        }

        private void answer(int status, String reason) {
            try {
                upstream.sendResponse(status, reason);
            } catch (IllegalStateException alreadyAnswered) {
                // answered meanwhile
            }
        }
    }

    /** The upstream cancels: 200 to the CANCEL, and the branch to the device is cancelled (its 487 comes back). */
    @Override
    public void onCancel(ServerTransaction cancel, ServerTransaction invite) {
        if (invite == null) {
            cancel.sendResponse(481, "Call/Transaction Does Not Exist");
            return;
        }
        cancel.sendResponse(200, "OK");
        ClientTransaction branch = branches.remove(invite);
        if (branch == null) {
            try {
                invite.sendResponse(487, "Request Terminated");
            } catch (IllegalStateException answered) {
                // finally answered already
            }
            return;
        }
        transactions.cancel(branch, new ClientTransactionListener() {
            @Override
            public void onResponse(ClientTransaction tx, SipResponse response) {
            }

            @Override
            public void onTimeout(ClientTransaction tx) {
            }

            @Override
            public void onTransportError(ClientTransaction tx, Throwable cause) {
            }
        });
    }

    /** The ACK of a 2xx (end to end, RFC 3261 §13.2.2.4) to a device's token: sent on statelessly. */
    @Override
    public void onStrayAck(SipRequest ack, Flow flow) {
        Route r = route(ack, flow);
        if (r.refused()) return; // an ACK is never answered
        try {
            transport.send(r.flow(), Unpooled.wrappedBuffer(towardsDevice(ack, r).toBytes()));
        } catch (IllegalArgumentException e) {
            log.debug("cannot route an ACK to {}: {}", r.binding().contactUri(), e.toString());
        }
    }
}
