package io.midreg.upstream;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transaction.ClientTransaction;
import io.midreg.sip.transaction.ClientTransactionListener;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.upstream.health.AlwaysAvailable;
import io.midreg.upstream.health.TargetHealth;
import io.midreg.upstream.health.UpstreamFailure;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** Sends device REGISTERs upstream in client transactions and reports each outcome once. */
public final class UpstreamRelay {
    private final TransactionLayer transactions;
    private final UpstreamTarget target;
    private final TargetHealth health;
    private final java.util.function.LongSupplier clock;

    /** A relay whose target is never taken out of service. */
    public UpstreamRelay(TransactionLayer transactions, UpstreamTarget target) {
        this(transactions, target, new AlwaysAvailable());
    }

    /** @param health told the outcome of every REGISTER sent to {@code target} */
    public UpstreamRelay(TransactionLayer transactions, UpstreamTarget target, TargetHealth health) {
        this(transactions, target, health, System::currentTimeMillis);
    }

    /** @param clock epoch ms, for asking {@code health} whether the target takes a REGISTER now */
    public UpstreamRelay(TransactionLayer transactions, UpstreamTarget target, TargetHealth health, java.util.function.LongSupplier clock) {
        this.transactions = transactions;
        this.target = target;
        this.health = health;
        this.clock = clock;
    }

    public UpstreamTarget target() {
        return target;
    }

    /** What the target's answers say about sending it more. */
    public TargetHealth health() {
        return health;
    }

    /** Builds the upstream REGISTER from the device's, with midreg's token Contacts, and sends it. */
    public SipRequest relay(SipRequest device, List<UpstreamContact> contacts, boolean wildcard, RelayListener listener) {
        return send(UpstreamRegisterBuilder.build(device, target, transactions.branches().newBranch(), contacts, wildcard), listener);
    }

    /** Builds the upstream REGISTER with the device's Contacts and midreg in Path (RFC 3327), and sends it. */
    public SipRequest relayWithPath(SipRequest device, String pathToken, List<Long> contactExpires, boolean wildcard, RelayListener listener) {
        return send(UpstreamRegisterBuilder.buildWithPath(device, target, transactions.branches().newBranch(), pathToken, contactExpires, wildcard),
                listener);
    }

    /**
     * Removes {@code contactUris} of {@code aor} upstream (Expires: 0) in a REGISTER of midreg's own;
     * see {@link UpstreamRegisterBuilder#buildDeregistration}.
     */
    public SipRequest deregister(String aor, List<String> contactUris, String callId, RelayListener listener) {
        String branch = transactions.branches().newBranch();
        String tag = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
        return send(UpstreamRegisterBuilder.buildDeregistration(aor, contactUris, target, branch, callId, tag), listener);
    }

    private SipRequest send(SipRequest up, RelayListener listener) {
        long now = clock.getAsLong();
        if (!health.tryAcquire(now)) {
            // The breaker is open (or its half-open trial is out): nothing goes to the target.
            listener.onNotSent(Math.max(1, (health.availableAgainAt(now) - now + 999) / 1000));
            return up;
        }
        AtomicBoolean done = new AtomicBoolean();
        transactions.sendRequest(up, null, target.protocol(), target.address(), new ClientTransactionListener() {
            @Override
            public void onResponse(ClientTransaction tx, SipResponse response) {
                if (response.status() < 200 || !done.compareAndSet(false, true)) return;
                int s = response.status();
                if (s >= 500 && s < 600) health.failed(UpstreamFailure.serverError(s, retryAfterSeconds(response)));
                else health.answered();
                if (s < 300) listener.onAccepted(response);
                else if (s == 401 || s == 407) listener.onChallenged(response);
                else listener.onRefused(response);
            }

            @Override
            public void onTimeout(ClientTransaction tx) {
                if (!done.compareAndSet(false, true)) return;
                health.failed(UpstreamFailure.timeout());
                listener.onNoAnswer("upstream did not answer");
            }

            @Override
            public void onTransportError(ClientTransaction tx, Throwable cause) {
                if (!done.compareAndSet(false, true)) return;
                health.failed(UpstreamFailure.transport());
                listener.onNoAnswer("upstream unreachable: " + cause.getMessage());
            }
        });
        return up;
    }

    /** The delta-seconds of a Retry-After header (RFC 3261 §20.33), or 0 when absent or unreadable. */
    static long retryAfterSeconds(SipResponse response) {
        return io.midreg.upstream.health.RetryAfter.seconds(response);
    }
}
