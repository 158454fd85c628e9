package io.midreg.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Chooses the final response to send upstream when no 2xx was forwarded and every branch has
 * ended (RFC 3261 §16.7 steps 6 and 7). Stateless and thread-safe.
 * <ul>
 *   <li>a 6xx wins over everything (it ends the fork, §16.7 step 5);</li>
 *   <li>otherwise the lowest class among 3xx–5xx; within it, a response that lets the caller
 *       retry (401, 407, 415, 420, 484) first, then a received one over one midreg stood in for,
 *       then anything but 503, then the earliest;</li>
 *   <li>a 503 chosen becomes midreg's own 500: a caller must not take one device's trouble for
 *       midreg's overload (§16.7 step 6);</li>
 *   <li>no final at all is 408;</li>
 *   <li>a 401 or 407 chosen carries the WWW-Authenticate and Proxy-Authenticate values of every
 *       other 401 and 407, unchanged (§16.7 step 7), so the caller can answer all challenges.</li>
 * </ul>
 */
public final class BestResponse {
    private static final Set<Integer> HELPS_RETRY = Set.of(401, 407, 415, 420, 484);

    private BestResponse() {
    }

    public static Upstream choose(List<BranchOutcome> finals) {
        BranchOutcome best = null;
        for (BranchOutcome o : finals) {
            if (o.status() >= 600 && (best == null || best.status() < 600)) best = o;
        }
        if (best == null) {
            for (BranchOutcome o : finals) {
                if (o.status() >= 300 && (best == null || better(o, best))) best = o;
            }
        }
        if (best == null) return Upstream.local(408);
        if (best.status() == 503) return Upstream.local(500);
        if (best.response() == null) return Upstream.local(best.status());
        if (best.status() != 401 && best.status() != 407) return Upstream.relay(best.response());
        List<String> www = new ArrayList<>();
        List<String> proxy = new ArrayList<>();
        for (BranchOutcome o : finals) {
            if (o == best || o.response() == null || (o.status() != 401 && o.status() != 407)) continue;
            www.addAll(o.response().wwwAuthenticates());
            proxy.addAll(o.response().proxyAuthenticates());
        }
        return new Upstream(best.status(), best.response(), www, proxy);
    }

    /** Whether {@code a} is preferred to {@code b}, the earlier one; ties keep {@code b}. */
    private static boolean better(BranchOutcome a, BranchOutcome b) {
        int ca = a.status() / 100;
        int cb = b.status() / 100;
        if (ca != cb) return ca < cb;
        boolean ra = HELPS_RETRY.contains(a.status());
        boolean rb = HELPS_RETRY.contains(b.status());
        if (ra != rb) return ra;
        boolean receivedA = a.response() != null;
        boolean receivedB = b.response() != null;
        if (receivedA != receivedB) return receivedA;
        return b.status() == 503 && a.status() != 503;
    }
}
