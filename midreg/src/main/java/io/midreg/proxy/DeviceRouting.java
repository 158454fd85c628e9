package io.midreg.proxy;

import io.midreg.location.BindingKey;
import io.midreg.location.Location;
import io.midreg.proxy.dialog.DialogKey;
import io.midreg.proxy.dialog.DialogTable;
import io.midreg.proxy.dialog.Direction;
import io.midreg.sip.message.MessageEditor;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.syntax.SipMethods;
import io.midreg.sip.transaction.ClientTransaction;
import io.midreg.sip.transaction.ClientTransactionListener;
import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.sip.transaction.ServerTransactionUser;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.sip.transaction.TransactionState;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.FlowClosedException;
import io.midreg.sip.transport.SipTransport;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.sip.uri.SipUri;
import io.midreg.sip.uri.Uri;
import io.midreg.store.Binding;
import io.netty.buffer.Unpooled;
import io.midreg.sip.transaction.TimerScheduler;
import java.net.InetSocketAddress;
import java.time.Duration;
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
 * Routes requests between the upstream and the registered devices (RFC 3261 §16). Out of
 * dialog, from a configured upstream (else 403): the Request-URI's user part is the signed token
 * midreg registered upstream as a Contact; a genuine token names one binding (contact mode) or
 * every binding of an AOR (aor mode, surrogate AORs), else 404. The request is forked to them by
 * q ({@link ForkPlan}: sequential groups, parallel within) as a {@link ForkedCall}, each branch in
 * a client transaction pinned to the device's flow (480 for one whose connection is gone, never
 * a new connection), with the device's Contact as Request-URI, its Path as Route, midreg's Via
 * on top, Max-Forwards lowered (483 at 0) and, for a request that starts a dialog, midreg's
 * signed Record-Route. Requests of such a dialog come back with that Route and are loose-routed
 * both ways by {@link InDialogRouting}: to the device's current flow, or to the upstream; the
 * ACK of a 2xx statelessly. The caller's CANCEL cancels every pending branch.
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
    private final LocalInterfaces local;
    private final RequestValidator validator;
    private final RecordRouting recordRouting;
    private final InDialogRouting inDialog;
    private final CallStats stats = new CallStats();
    private final TimerScheduler timers;
    private final Duration timerC;
    private final TowardsUpstream towardsUpstream;
    private final Predicate<InetSocketAddress> unregisteredAllowed;
    private final DialogTable dialogs;
    /** Forked INVITEs not finally answered yet, by server transaction, for the caller's CANCEL. */
    private final ConcurrentMap<ServerTransaction, ForkedCall> calls = new ConcurrentHashMap<>();
    /** In-dialog INVITEs (re-INVITEs) sent on and not finally answered yet: the server transaction to its branch, for a CANCEL. */
    private final ConcurrentMap<ServerTransaction, ClientTransaction> branches = new ConcurrentHashMap<>();

    /**
     * @param upstreamSource whether a request's source is a configured upstream
     * @param outbound       midreg as it names itself on a flow (the Via's sent-by, the Record-Route)
     * @param local          every listener of midreg (its own Route entries)
     * @param signer         signs midreg's Record-Route parameters
     * @param timers         where timer C runs
     * @param timerC         how long an INVITE branch may stay without a provisional answer (RFC 3261 §16.8)
     * @param towardsUpstream recognises a registered device's requests and where they go
     * @param unregisteredAllowed sources whose requests go upstream without a registration (no Record-Route)
     * @param dialogs        the calls routed, for operators and media control (routing never reads it)
     */
    public DeviceRouting(Location location, TransactionLayer transactions, SipTransport transport, Predicate<InetSocketAddress> upstreamSource,
                         Function<Flow, ProxyInterface> outbound, LongSupplier clock, LocalInterfaces local, RecordRouteSigner signer,
                         TimerScheduler timers, Duration timerC, TowardsUpstream towardsUpstream,
                         Predicate<InetSocketAddress> unregisteredAllowed, DialogTable dialogs) {
        this.dialogs = dialogs;
        this.towardsUpstream = towardsUpstream;
        this.unregisteredAllowed = unregisteredAllowed;
        this.timers = timers;
        this.timerC = timerC;
        this.local = local;
        this.validator = new RequestValidator(local, java.util.Set.of());
        this.recordRouting = new RecordRouting(signer);
        this.inDialog = new InDialogRouting(signer, location, upstreamSource, towardsUpstream.nextHops());
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

    public DialogTable dialogs() {
        return dialogs;
    }

    /** Where a request goes: the token, its AOR and the bindings it names, or why it goes nowhere. */
    private record Route(String token, String aor, List<Binding> bindings, int status, String reason) {
        static Route refused(int status, String reason) {
            return new Route(null, null, null, status, reason);
        }

        boolean refused() {
            return bindings == null;
        }
    }

    private Route route(SipRequest request, Flow from) {
        if (!upstreamSource.test(from.remote())) {
            stats.unknownSource.increment();
            return Route.refused(403, "Forbidden (not an upstream)");
        }
        String token = tokenOf(request);
        Optional<Location.Named> named = location.named(token, clock.getAsLong());
        if (named.isEmpty()) {
            stats.badToken.increment();
            return Route.refused(404, "Not Found");
        }
        List<Binding> bindings = named.get().bindings();
        if (bindings.isEmpty()) {
            stats.noBinding.increment();
            return Route.refused(404, "Not Found (not registered)");
        }
        return new Route(token, named.get().aor(), bindings, 0, null);
    }

    /**
     * Whether this request is for a device rather than for midreg itself: its Request-URI's user
     * part is a genuine token, or it carries midreg's Record-Route (an in-dialog request). Asked of
     * an OPTIONS: a PBX's qualify must reach the device, a keep-alive to midreg is midreg's.
     */
    public boolean routes(SipRequest request) {
        PreprocessedRoute pre = preprocessed(request);
        if (pre == null) return false;
        if (byOwnRecordRoute(request, pre)) return true;
        String token = tokenOf(request);
        return token != null && location.named(token, clock.getAsLong()).isPresent();
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
     * its Path as Route, Max-Forwards lowered, midreg's Via on top, and for a request that starts
     * a dialog midreg's signed Record-Route (RFC 3261 §16.6 step 4), so the dialog's later
     * requests from either side come back through midreg ({@link InDialogRouting}).
     */
    private SipRequest towardsDevice(SipRequest request, PreprocessedRoute pre, String token, Binding binding, Flow device, Flow from) {
        ProxyInterface out = outbound.apply(device);
        String via = BranchRequests.via(out, branch(request));
        List<String> recordRoutes = startsDialog(request)
                ? recordRouting.values(outbound.apply(from), out, inDialog.params(token, binding))
                : List.of();
        return BranchRequests.build(request, pre, new BranchTarget(binding.contactUri(), binding.path()), recordRoutes, via);
    }

    /** One branch of a forked request: the copy for {@code binding}, on its flow (480 when that is gone, never a new connection). */
    private ClientTransaction sendBranch(SipRequest request, PreprocessedRoute pre, String token, Binding binding, Flow from,
                                         ClientTransactionListener listener) throws ForkedCall.BranchUnreachable {
        Optional<Flow> flow = location.flow(binding);
        if (flow.isEmpty()) throw new ForkedCall.BranchUnreachable(480, "the device's connection is gone");
        SipRequest out;
        try {
            out = towardsDevice(request, pre, token, binding, flow.get(), from);
        } catch (IllegalArgumentException e) {
            log.debug("cannot route {} to {}: {}", request.method(), binding.contactUri(), e.toString());
            throw new ForkedCall.BranchUnreachable(500, "the copy does not parse");
        }
        return transactions.sendRequest(out, flow.get(), flow.get().protocol(), flow.get().remote(), listener);
    }

    /** A branch that carries the request's loop key, so a copy that comes back unchanged is known (RFC 3261 §16.6 step 8). */
    private String branch(SipRequest received) {
        return LoopDetection.branch(LoopDetection.loopKey(received), transactions.branches().newTag());
    }

    /** INVITE, SUBSCRIBE and REFER outside a dialog (no To tag) create one (RFC 3261 §12, RFC 6665, RFC 3515). */
    private static boolean startsDialog(SipRequest request) {
        String m = request.method();
        boolean creating = SipMethods.INVITE.equals(m) || SipMethods.SUBSCRIBE.equals(m) || SipMethods.REFER.equals(m);
        return creating && request.to().tag() == null;
    }

    /**
     * RFC 3261 §16.3 ({@link RequestValidator}): 416, 483 (an OPTIONS at Max-Forwards 0 is
     * answered here), 482 for a request that came back unchanged, 420; false when answered.
     */
    private boolean valid(ServerTransaction tx) {
        Validation v;
        try {
            v = validator.validate(tx.request());
        } catch (RuntimeException malformed) {
            v = new Validation.Reject(400, "Bad Request", null);
        }
        if (v instanceof Validation.Forward) return true;
        if (v instanceof Validation.AnswerLocally) {
            tx.sendResponse(200, "OK");
            return false;
        }
        Validation.Reject r = (Validation.Reject) v;
        if (r.status() == 483) stats.tooManyHops.increment();
        else if (r.status() == 482) stats.loops.increment();
        else stats.invalid.increment();
        if (r.unsupported() == null) tx.sendResponse(r.status(), r.reason());
        else tx.sendResponse(tx.newResponse(r.status(), r.reason()).header("Unsupported", r.unsupported()).toBytes());
        return false;
    }

    /**
     * Whether midreg's own Route entries make this a request of a dialog midreg Record-Routed: one
     * carries midreg's signature, or the request is in a dialog (a To tag), whose Route must then be
     * genuine (else 403). An out-of-dialog request whose own Route is midreg as the sender's
     * loose-routing outbound proxy (a phone configured with {@code sip:midreg;lr}) is not: that
     * entry was removed (RFC 3261 §16.4) and the request is routed like any other.
     */
    private boolean byOwnRecordRoute(SipRequest request, PreprocessedRoute pre) {
        if (!pre.viaOwnRecordRoute()) return false;
        String toTag;
        try {
            toTag = request.to().tag();
        } catch (RuntimeException malformed) {
            return true;
        }
        return toTag != null || inDialog.signed(pre);
    }

    /** Route pre-processing (RFC 3261 §16.4), or null for a Route that does not parse. */
    private PreprocessedRoute preprocessed(SipRequest request) {
        try {
            return RoutePreprocessing.apply(request, local);
        } catch (RuntimeException malformed) {
            return null;
        }
    }

    @Override
    public void onNewRequest(ServerTransaction tx) {
        SipRequest request = tx.request();
        if (!valid(tx)) return;
        PreprocessedRoute pre = preprocessed(request);
        if (pre == null) {
            tx.sendResponse(400, "Bad Request (Route)");
            return;
        }
        if (byOwnRecordRoute(request, pre)) {
            inDialog(tx, pre);
            return;
        }
        Flow from = tx.flow();
        long now = clock.getAsLong();
        Optional<TowardsUpstream.Caller> caller = towardsUpstream.caller(request, from, now);
        if (caller.isPresent() || (!upstreamSource.test(from.remote()) && unregisteredAllowed.test(from.remote()))) {
            toUpstream(tx, pre, caller.orElse(null), now);
            return;
        }
        Route r = route(request, from);
        if (r.refused()) {
            tx.sendResponse(r.status(), r.reason());
            return;
        }
        boolean invite = SipMethods.INVITE.equals(request.method());
        DialogProgress progress = null;
        if (invite && startsDialog(request)) {
            String device = r.bindings().size() == 1 ? BindingKey.of(r.bindings().get(0)) : null;
            progress = DialogProgress.start(dialogs, tx, DialogKey.towardsDevice(request.callId(), r.token()), Direction.TO_DEVICE, r.aor(),
                    device, from.protocol(), from.remote());
            if (progress == null) return;
        }
        DialogProgress dialog = progress;
        ForkPlan<Binding> plan = ForkPlan.byQ(r.bindings(), Binding::qMillis);
        stats.routed.increment();
        ForkedCall call = new ForkedCall(tx, transactions, timers, timerC, invite, plan,
                (binding, listener) -> sendBranch(request, pre, r.token(), binding, from,
                        dialog == null ? listener : dialog.branch(listener, BindingKey.of(binding))),
                stats, () -> ended(tx, dialog));
        if (dialog != null) dialog.of(call);
        if (invite) calls.put(tx, call); // before it starts: a call that ends at once removes itself
        call.start();
    }

    /** A forked request's every branch ended. */
    private void ended(ServerTransaction tx, DialogProgress dialog) {
        calls.remove(tx);
        if (dialog != null) dialog.completed();
    }

    /**
     * A device's request out of dialog, to the upstream holding its AOR (through its Service-Route
     * when the upstream registrar gave one, RFC 3608), with midreg's signed Record-Route when it
     * starts a dialog (a source allowed without registration gets none: its dialog's requests
     * cannot be routed back by a binding). The upstream's answers, its 407 among them, go back
     * unchanged but for midreg's Via (the challenge is end to end). A next hop named by a DNS name
     * is located first, off the event loop; the request continues from the answer.
     */
    private void toUpstream(ServerTransaction tx, PreprocessedRoute pre, TowardsUpstream.Caller caller, long now) {
        SipRequest request = tx.request();
        String aor = caller != null ? caller.aor() : towardsUpstream.fromAor(request).orElse(null);
        if (aor == null) {
            tx.sendResponse(503, "Service Unavailable (no upstream for this caller yet)");
            return;
        }
        towardsUpstream.destination(aor, caller == null ? null : caller.binding(), now).whenComplete((d, failure) -> {
            if (failure != null) {
                log.debug("no destination for {}: {}", request.method(), failure.toString());
                answer(tx, 500, "Server Internal Error");
            } else if (d.refused()) {
                answer(tx, d.status(), d.reason());
            } else if (stillOpen(tx)) {
                toUpstream(tx, pre, caller, d);
            }
        });
    }

    private void toUpstream(ServerTransaction tx, PreprocessedRoute pre, TowardsUpstream.Caller caller, TowardsUpstream.Destination d) {
        SipRequest request = tx.request();
        boolean invite = SipMethods.INVITE.equals(request.method());
        Flow from = tx.flow();
        ProxyInterface up;
        try {
            up = towards(d.hop().protocol(), d.hop().address());
        } catch (IllegalArgumentException noListener) {
            tx.sendResponse(503, "Service Unavailable (no listener for the upstream's transport)");
            return;
        }
        List<String> recordRoutes = caller != null && startsDialog(request)
                ? recordRouting.values(outbound.apply(from), up, inDialog.paramsFromDevice(caller.aor(), caller.binding()))
                : List.of();
        DialogProgress progress = null;
        if (caller != null && invite && startsDialog(request)) { // without Record-Route (no caller) the dialog's end is never seen
            progress = DialogProgress.start(dialogs, tx, DialogKey.fromDevice(request.callId(), caller.aor()), Direction.FROM_DEVICE,
                    caller.aor(), BindingKey.of(caller.binding()), d.hop().protocol(), d.hop().address());
            if (progress == null) return;
        }
        DialogProgress dialog = progress;
        stats.routed.increment();
        stats.towardsUpstream.increment();
        if (!d.routeSet().isEmpty()) stats.viaServiceRoute.increment();
        ForkedCall call = new ForkedCall(tx, transactions, timers, timerC, invite, ForkPlan.parallel(List.of(d)), (dest, next) -> {
            ClientTransactionListener listener = dialog == null ? next : dialog.branch(next, null);
            SipRequest out;
            try {
                out = BranchRequests.build(request, pre, new BranchTarget(null, dest.routeSet()), recordRoutes,
                        BranchRequests.via(up, branch(request)));
            } catch (IllegalArgumentException e) {
                throw new ForkedCall.BranchUnreachable(500, "the copy does not parse");
            }
            return transactions.sendRequest(out, null, dest.hop().protocol(), dest.hop().address(), listener);
        }, stats, () -> ended(tx, dialog));
        if (dialog != null) dialog.of(call);
        if (invite) calls.put(tx, call);
        call.start();
    }

    /**
     * Whether the request still waits for its final answer: a CANCEL may have ended it (487) while
     * a next hop was looked up, and then nothing may go on (no dialog nobody would end).
     */
    private static boolean stillOpen(ServerTransaction tx) {
        TransactionState s = tx.state();
        return s == TransactionState.TRYING || s == TransactionState.PROCEEDING;
    }

    /** A final answer of midreg's own, unless one went first (the caller's CANCEL while a name was looked up). */
    private static void answer(ServerTransaction tx, int status, String reason) {
        try {
            tx.sendResponse(status, reason);
        } catch (IllegalStateException answered) {
            // finally answered already
        }
    }

    /**
     * A request of a dialog midreg Record-Routed, loose-routed by the signed parameters of its
     * Route (RFC 3261 §16.4–16.6): towards the device's current flow or towards the upstream (a
     * next hop named by a DNS name located first, off the event loop). No Record-Route again (the
     * route set is fixed), no Request-URI change.
     */
    private void inDialog(ServerTransaction tx, PreprocessedRoute pre) {
        inDialog.route(pre, tx.flow(), clock.getAsLong()).whenComplete((hop, failure) -> {
            if (failure != null) {
                log.debug("in-dialog {} not routed: {}", tx.request().method(), failure.toString());
                answer(tx, 500, "Server Internal Error");
            } else if (stillOpen(tx)) {
                inDialog(tx, pre, hop);
            }
        });
    }

    private void inDialog(ServerTransaction tx, PreprocessedRoute pre, InDialogRouting.Hop hop) {
        SipRequest request = tx.request();
        if (hop.refused()) {
            stats.inDialogRefused.increment();
            answer(tx, hop.status(), hop.reason());
            return;
        }
        SipRequest out;
        try {
            out = inDialogCopy(request, pre, hop, tx.flow());
        } catch (IllegalArgumentException e) {
            log.debug("cannot route in-dialog {}: {}", request.method(), e.toString());
            answer(tx, 500, "Server Internal Error (request cannot be routed)");
            return;
        }
        stats.routed.increment();
        if (hop.towardsDevice()) stats.inDialogToDevice.increment();
        else stats.inDialogToUpstream.increment();
        DialogKey dialog = hop.dialog(request.callId());
        boolean bye = SipMethods.BYE.equals(request.method());
        if (!bye) dialogs.touch(dialog);
        Relay relay = new Relay(tx, bye ? dialog : null);
        ClientTransaction branch = transactions.sendRequest(out, hop.flow(), hop.protocol(), hop.destination(), relay);
        if (SipMethods.INVITE.equals(request.method())) {
            branches.put(tx, branch);
            if (relay.ended) branches.remove(tx);
        }
    }

    /**
     * midreg as it names itself towards an upstream on {@code protocol} (the Via of what it sends
     * there, the upstream's Record-Route entry): the listener the transport sends from, an open
     * connection's or the first listener of that transport; never the device's side, whose
     * transport may differ (a TCP device, a UDP PBX: RFC 5658).
     */
    private ProxyInterface towards(TransportProtocol protocol, InetSocketAddress destination) {
        Optional<Flow> open = transport.activeFlow(protocol, destination);
        if (open.isPresent()) return outbound.apply(open.get());
        for (io.midreg.sip.transport.BoundListener l : transport.listeners()) {
            // a connection to open: named by its listener (the flow only says which listener and towards whom)
            if (l.config().protocol() == protocol) return outbound.apply(new Flow(protocol, l.address(), destination, protocol.reliable() ? 1 : 0));
        }
        throw new IllegalArgumentException("no " + protocol + " listener towards " + destination);
    }

    /** The in-dialog copy: midreg's Route off, Max-Forwards lowered, midreg's Via from the listener it leaves on. */
    private SipRequest inDialogCopy(SipRequest request, PreprocessedRoute pre, InDialogRouting.Hop hop, Flow from) {
        ProxyInterface out = hop.flow() != null ? outbound.apply(hop.flow()) : towards(hop.protocol(), hop.destination());
        String via = BranchRequests.via(out, branch(request));
        return BranchRequests.build(request, pre, BranchTarget.to(null), List.of(), via);
    }

    /** The device's answers back to the upstream, less midreg's Via; a failure to reach it becomes the final answer. */
    private final class Relay implements ClientTransactionListener {
        private final ServerTransaction upstream;
        /** The dialog a BYE ends once answered (any final, or none: RFC 3261 §15.1.2), else null. */
        private final DialogKey byeOf;
        /** Set before the branch is forgotten, so one put after the end does not stay. */
        volatile boolean ended;

        Relay(ServerTransaction upstream, DialogKey byeOf) {
            this.upstream = upstream;
            this.byeOf = byeOf;
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

        /** The caller's CANCEL reached the device 64*T1 ago and it never answered (RFC 3261 §9.1). */
        @Override
        public void onCancelledWithoutAnswer(ClientTransaction branch) {
            end();
            stats.cancelledUnanswered.increment();
            answer(487, "Request Terminated");
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
            if (byeOf != null) dialogs.bye(byeOf);
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
        ForkedCall call = calls.remove(invite);
        if (call != null) {
            stats.callerCancels.increment();
            call.cancelledByCaller();
            return;
        }
        ClientTransaction branch = branches.remove(invite);
        if (branch == null) {
            try {
                invite.sendResponse(487, "Request Terminated");
            } catch (IllegalStateException answered) {
                // finally answered already
            }
            return;
        }
        transactions.cancel(branch, ForkedCall.IGNORED);
    }

    /** The ACK of a 2xx (end to end, RFC 3261 §13.2.2.4) to a device's token: sent on statelessly. */
    @Override
    public void onStrayAck(SipRequest ack, Flow flow) {
        PreprocessedRoute pre = preprocessed(ack);
        if (pre == null) return;
        if (byOwnRecordRoute(ack, pre)) {
            inDialogAck(ack, pre, flow);
            return;
        }
        Route r = route(ack, flow);
        if (r.refused()) return; // an ACK is never answered
        for (Binding b : r.bindings()) { // without Record-Route the ACK cannot say which device answered: the first reachable
            Optional<Flow> device = location.flow(b);
            if (device.isEmpty()) continue;
            try {
                transport.send(device.get(), Unpooled.wrappedBuffer(towardsDevice(ack, pre, r.token(), b, device.get(), flow).toBytes()));
            } catch (IllegalArgumentException e) {
                log.debug("cannot route an ACK to {}: {}", b.contactUri(), e.toString());
            }
            return;
        }
    }

    /** The ACK of a 2xx in a Record-Routed dialog, either way, statelessly (it is never answered). */
    private void inDialogAck(SipRequest ack, PreprocessedRoute pre, Flow from) {
        if (ack.maxForwards() == 0) return;
        inDialog.route(pre, from, clock.getAsLong()).thenAccept(hop -> {
            if (hop.refused()) {
                log.debug("in-dialog ACK not routed: {} {}", hop.status(), hop.reason());
                return;
            }
            dialogs.touch(hop.dialog(ack.callId()));
            try {
                byte[] out = inDialogCopy(ack, pre, hop, from).toBytes();
                if (hop.flow() != null) transport.send(hop.flow(), Unpooled.wrappedBuffer(out));
                else transport.send(hop.protocol(), hop.destination(), Unpooled.wrappedBuffer(out));
            } catch (IllegalArgumentException e) {
                log.debug("cannot route an in-dialog ACK: {}", e.toString());
            }
        });
    }
}
