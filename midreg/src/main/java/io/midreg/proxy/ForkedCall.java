package io.midreg.proxy;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageEditor;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transaction.Cancellable;
import io.midreg.sip.transaction.ClientTransaction;
import io.midreg.sip.transaction.ClientTransactionListener;
import io.midreg.sip.transaction.ServerTransaction;
import io.midreg.sip.transaction.TimerScheduler;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.sip.transport.FlowClosedException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One request forked to the branches of a {@link ForkPlan} (RFC 3261 §16.6–16.10): it starts the
 * groups, feeds every branch event to its {@link ResponseContext} and carries out the actions —
 * the response upstream (midreg's Via off, other branches' challenges added), the CANCELs, the
 * next group, timer C per INVITE branch. A branch whose device cannot be reached counts as its
 * local final (480 for a connection gone, also while it rings; 503 otherwise), and a CANCELled
 * branch that still has not answered 64*T1 later as a 487, so the caller always gets its final. Safe on several event loops: decisions
 * are the context's, the branches and timers sit in atomic arrays.
 */
final class ForkedCall {
    /** Builds and sends one branch (the device's copy on its flow); throws {@link BranchUnreachable} when it cannot. */
    interface BranchSender<T> {
        ClientTransaction send(T target, ClientTransactionListener listener) throws BranchUnreachable;
    }

    /** A branch that never left: its status stands for the device's answer. */
    static final class BranchUnreachable extends Exception {
        final int status;

        BranchUnreachable(int status, String why) {
            super(why, null, false, false);
            this.status = status;
        }
    }

    private final ServerTransaction server;
    private final TransactionLayer transactions;
    private final TimerScheduler timers;
    private final Duration timerC;
    private final boolean invite;
    private final ForkPlan<?> plan;
    private final BranchSender<Object> sender;
    private final CallStats stats;
    private final Runnable onComplete;
    private final ResponseContext context;
    private final AtomicReferenceArray<ClientTransaction> branches;
    private final AtomicReferenceArray<Cancellable> timersC;
    private int nextGroup; // guarded by this
    /** Why a call that ends unanswered ended (the dialog table's reason). */
    private volatile boolean callerCancelled;
    private volatile boolean timerCFired;

    @SuppressWarnings("unchecked")
    <T> ForkedCall(ServerTransaction server, TransactionLayer transactions, TimerScheduler timers, Duration timerC, boolean invite,
                   ForkPlan<T> plan, BranchSender<T> sender, CallStats stats, Runnable onComplete) {
        this.onComplete = onComplete;
        this.server = server;
        this.transactions = transactions;
        this.timers = timers;
        this.timerC = timerC;
        this.invite = invite;
        this.plan = plan;
        this.sender = (BranchSender<Object>) sender;
        this.stats = stats;
        this.context = new ResponseContext(invite, plan.groupCount());
        int total = plan.groups().stream().mapToInt(List::size).sum();
        this.branches = new AtomicReferenceArray<>(total);
        this.timersC = new AtomicReferenceArray<>(total);
        if (total > 1) stats.forks.increment();
    }

    /** Starts the first group. */
    void start() {
        startGroup();
    }

    /** The caller's CANCEL (§16.10). */
    void cancelledByCaller() {
        callerCancelled = true;
        carry(context.onCallerCancel());
    }

    /** Whether the caller CANCELled this request. */
    boolean callerCancelled() {
        return callerCancelled;
    }

    /** Whether timer C ran out on one of its branches. */
    boolean timerCFired() {
        return timerCFired;
    }

    private void startGroup() {
        List<?> group;
        List<Integer> ids;
        synchronized (this) {
            group = plan.groups().get(nextGroup++);
            ids = context.startGroup(group.size());
        }
        for (int i = 0; i < group.size(); i++) {
            int id = ids.get(i);
            try {
                branches.set(id, sender.send(group.get(i), new Branch(id)));
                stats.branches.increment();
                if (invite) armTimerC(id);
            } catch (BranchUnreachable e) {
                if (e.status == 480) stats.flowGone.increment();
                carry(context.onLocalFinal(id, e.status));
            }
        }
    }

    private void armTimerC(int id) {
        Cancellable.cancel(timersC.getAndSet(id, timers.schedule(() -> {
            stats.timerC.increment();
            timerCFired = true;
            carry(context.onTimerC(id));
        }, timerC)));
    }

    private void stopTimerC(int id) {
        Cancellable.cancel(timersC.getAndSet(id, null));
    }

    /** One branch's events into the context. */
    private final class Branch implements ClientTransactionListener {
        private final int id;

        Branch(int id) {
            this.id = id;
        }

        @Override
        public void onResponse(ClientTransaction tx, SipResponse response) {
            if (response.isFinal()) stopTimerC(id);
            ResponseAction a = context.onResponse(id, response);
            if (a.resetTimerC() && invite) armTimerC(id);
            carry(a);
        }

        @Override
        public void onLater2xx(ClientTransaction tx, SipResponse response) {
            carry(context.onResponse(id, response));
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            stopTimerC(id);
            carry(context.onLocalFinal(id, 408));
        }

        /** CANCELled 64*T1 ago and never answered (RFC 3261 §9.1, §16.10): the branch ends as a 487 of midreg's. */
        @Override
        public void onCancelledWithoutAnswer(ClientTransaction tx) {
            stopTimerC(id);
            stats.cancelledUnanswered.increment();
            carry(context.onLocalFinal(id, 487));
        }

        @Override
        public void onTransportError(ClientTransaction tx, Throwable cause) {
            stopTimerC(id);
            if (cause instanceof FlowClosedException) stats.flowGone.increment();
            carry(context.onLocalFinal(id, cause instanceof FlowClosedException ? 480 : 503));
        }
    }

    private void carry(ResponseAction a) {
        Upstream up = a.forward();
        if (up != null) answer(up);
        for (int b : a.cancel()) {
            ClientTransaction branch = branches.get(b);
            if (branch == null) continue;
            stats.cancels.increment();
            transactions.cancel(branch, IGNORED);
        }
        if (a.startNextGroup()) startGroup();
        if (a.complete()) onComplete.run();
    }

    private void answer(Upstream up) {
        try {
            if (up.isLocal()) {
                server.sendResponse(up.status(), reason(up.status()));
            } else {
                MessageEditor e = MessageEditor.of(up.response()).removeTopVia();
                up.addWwwAuthenticate().forEach(v -> e.append(HeaderName.WWW_AUTHENTICATE.canonical(), v));
                up.addProxyAuthenticate().forEach(v -> e.append(HeaderName.PROXY_AUTHENTICATE.canonical(), v));
                server.sendResponse(e.toBytes());
            }
            if (up.status() >= 200) stats.answered(up.status());
        } catch (IllegalStateException alreadyAnswered) {
            // a final went first (the caller's CANCEL's 487, a 2xx): nothing more on this server transaction
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 408 -> "Request Timeout";
            case 480 -> "Temporarily Unavailable";
            case 487 -> "Request Terminated";
            case 500 -> "Server Internal Error";
            case 503 -> "Service Unavailable";
            default -> "Proxy";
        };
    }

    /** The CANCEL's own answer is hop by hop: nothing to do with it. */
    static final ClientTransactionListener IGNORED = new ClientTransactionListener() {
        @Override
        public void onResponse(ClientTransaction tx, SipResponse response) {
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
        }

        @Override
        public void onTransportError(ClientTransaction tx, Throwable cause) {
        }
    };
}
