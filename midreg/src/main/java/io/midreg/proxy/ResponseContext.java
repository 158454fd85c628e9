package io.midreg.proxy;

import io.midreg.sip.message.SipResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The response context of one proxied request (RFC 3261 §16.7): its branches, what each has
 * answered, and the decisions that follow — which responses go upstream at once, which branches
 * get a CANCEL, when the next fork group starts, and the best final response when no 2xx won.
 * It sends nothing itself: every method returns a {@link ResponseAction} for the caller to carry
 * out.
 *
 * <ul>
 *   <li>Provisional responses other than 100 go upstream until a final has (§16.7 step 5); any
 *       provisional, 100 included, lets the branch be cancelled (§9.1).</li>
 *   <li>Every 2xx goes upstream at once, later ones and retransmissions too for an INVITE
 *       (RFC 6026); the first one CANCELs the other pending branches and stops the fork
 *       (§16.7 step 10).</li>
 *   <li>A 6xx is kept, not forwarded: the pending branches are CANCELled, no group starts, and it
 *       is the best response once they have ended (§16.7 step 5).</li>
 *   <li>When every branch has ended without a 2xx: the next fork group starts if there is one and
 *       nothing stopped the fork, otherwise {@link BestResponse} picks the final.</li>
 *   <li>The caller's CANCEL CANCELs every pending branch and stops the fork (§16.10); their 487s
 *       then make the final. A branch without a provisional yet counts as 487 at once.</li>
 *   <li>Timer C expiry: see {@link TimerC}.</li>
 * </ul>
 *
 * <p>Thread-safety: a call's legs may be served by different event loops (the caller's CANCEL on
 * one, a device's 200 on another), so the state is owned by this object and every method holds
 * its lock for the decision only — no I/O, no callbacks, nothing that blocks — and hands back an
 * immutable action. Branch ids are the indexes {@link #startGroup} returned.
 */
public final class ResponseContext {
    private enum State { CALLING, PROCEEDING, ENDED }

    private final boolean invite;
    private final int groupCount;
    /** Guarded by this. */
    private final List<State> branches = new ArrayList<>(4);
    /** Final outcomes in arrival order; guarded by this. */
    private final List<BranchOutcome> finals = new ArrayList<>(4);
    private int groupsStarted;
    /** A final response went upstream (a 2xx or the best one); guarded by this. */
    private boolean finalSent;
    /** A 2xx, a 6xx or the caller's CANCEL ended the fork: no new branches; guarded by this. */
    private boolean forkStopped;
    /** The final sent upstream was not a 2xx, so no 2xx can follow it on the server transaction; guarded by this. */
    private boolean errorFinalSent;

    /**
     * @param invite     whether the request is an INVITE (only INVITE branches are CANCELled, only
     *                   an INVITE's later 2xx are forwarded)
     * @param groupCount the number of groups in the {@link ForkPlan}
     */
    public ResponseContext(boolean invite, int groupCount) {
        if (groupCount < 1) throw new IllegalArgumentException("nothing to fork to");
        this.invite = invite;
        this.groupCount = groupCount;
    }

    /**
     * Opens the next fork group with {@code size} branches and returns their ids.
     *
     * @throws IllegalStateException when every group has started or the fork was stopped
     */
    public synchronized List<Integer> startGroup(int size) {
        if (size < 1) throw new IllegalArgumentException("an empty fork group");
        if (forkStopped || groupsStarted == groupCount) throw new IllegalStateException("no fork group left to start");
        groupsStarted++;
        List<Integer> ids = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            ids.add(branches.size());
            branches.add(State.CALLING);
        }
        return ids;
    }

    /** A response from branch {@code branch}: provisional, final, or (INVITE) a later 2xx. */
    public synchronized ResponseAction onResponse(int branch, SipResponse response) {
        State s = branches.get(branch);
        int status = response.status();
        if (s == State.ENDED) {
            // §16.7 step 5: after a final, only an INVITE's 2xx still goes up (RFC 6026 Accepted);
            // a branch given up by timer C may still answer 2xx, which then wins like any other
            if (!invite || !response.isSuccess() || errorFinalSent) return action(null, List.of(), false, false);
            return on2xx(branch, response);
        }
        if (response.isProvisional()) {
            branches.set(branch, State.PROCEEDING);
            boolean relay = status > 100 && !finalSent;
            return action(relay ? Upstream.relay(response) : null, List.of(), false, TimerC.resetBy(status));
        }
        return onFinal(branch, BranchOutcome.received(response));
    }

    /**
     * Branch {@code branch} ended without a response midreg can forward: 408 (timer B or timer C),
     * 503 (transport error, §16.9), 480 (the device's flow is gone).
     */
    public synchronized ResponseAction onLocalFinal(int branch, int status) {
        if (status < 300) throw new IllegalArgumentException("a local branch outcome is an error status: " + status);
        if (branches.get(branch) == State.ENDED) return action(null, List.of(), false, false);
        return onFinal(branch, BranchOutcome.local(status));
    }

    /**
     * The caller's CANCEL (§16.10): CANCEL every pending branch, start no more. A branch that has
     * had no provisional response cannot be CANCELled yet (§9.1: its CANCEL waits for one) and
     * may never answer (a device gone behind its NAT): it counts as a 487 now, as though its
     * CANCEL had been answered, so the caller is not held until timer B ends the branch 32 s
     * later. Its CANCEL still goes if a provisional comes; what it answers after that is not
     * forwarded, as after any final sent upstream.
     */
    public synchronized ResponseAction onCallerCancel() {
        forkStopped = true;
        if (!invite) return action(null, List.of(), false, false);
        List<Integer> cancel = pendingExcept(-1);
        for (int b : cancel) {
            if (branches.get(b) == State.CALLING) {
                branches.set(b, State.ENDED);
                finals.add(BranchOutcome.local(487));
            }
        }
        if (!pendingExcept(-1).isEmpty() || finalSent || finals.isEmpty()) return action(null, cancel, false, false);
        finalSent = true;
        errorFinalSent = true;
        return action(BestResponse.choose(finals), cancel, false, false);
    }

    /**
     * Timer C of {@code branch} fired (§16.8): CANCEL it if it had a provisional response, else
     * end it as a 408 (which may complete the context and choose the final).
     */
    public synchronized ResponseAction onTimerC(int branch) {
        State s = branches.get(branch);
        return switch (TimerC.onExpiry(s == State.PROCEEDING, s == State.ENDED)) {
            case CANCEL -> action(null, List.of(branch), false, false);
            case TIMEOUT_AS_408 -> onFinal(branch, BranchOutcome.local(408));
            case NONE -> action(null, List.of(), false, false);
        };
    }

    /** Whether a final response went upstream. */
    public synchronized boolean finalSent() {
        return finalSent;
    }

    /** Under the lock. */
    private ResponseAction onFinal(int branch, BranchOutcome outcome) {
        branches.set(branch, State.ENDED);
        int status = outcome.status();
        if (status >= 200 && status < 300) {
            if (finalSent && !invite) return action(null, List.of(), false, false); // §16.7 step 5
            return on2xx(branch, outcome.response());
        }
        finals.add(outcome);
        List<Integer> cancel = List.of();
        if (status >= 600 && !forkStopped) {
            forkStopped = true;
            if (invite) cancel = pendingExcept(branch);
        }
        if (!pendingExcept(-1).isEmpty() || finalSent) return action(null, cancel, false, false);
        if (!forkStopped && groupsStarted < groupCount) return action(null, cancel, true, false);
        finalSent = true;
        errorFinalSent = true;
        return action(BestResponse.choose(finals), cancel, false, false);
    }

    /** Under the lock: a 2xx goes up at once; the first one CANCELs the rest and stops the fork (§16.7 step 10). */
    private ResponseAction on2xx(int branch, SipResponse response) {
        branches.set(branch, State.ENDED);
        boolean first = !finalSent;
        finalSent = true;
        forkStopped = true;
        List<Integer> cancel = first && invite ? pendingExcept(branch) : List.<Integer>of();
        return action(Upstream.relay(response), cancel, false, false);
    }

    /** Under the lock: branches without a final, but {@code except}. */
    private List<Integer> pendingExcept(int except) {
        List<Integer> out = new ArrayList<>(branches.size());
        for (int i = 0; i < branches.size(); i++) {
            if (i != except && branches.get(i) != State.ENDED) out.add(i);
        }
        return out;
    }

    /** Under the lock: the action, complete when every branch ended and a final went up. */
    private ResponseAction action(Upstream forward, List<Integer> cancel, boolean startNextGroup, boolean resetTimerC) {
        boolean complete = finalSent && pendingExcept(-1).isEmpty();
        return new ResponseAction(forward, cancel, startNextGroup, resetTimerC, complete);
    }
}
