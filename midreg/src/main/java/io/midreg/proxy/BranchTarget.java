package io.midreg.proxy;

import java.util.List;
import java.util.Objects;

/**
 * Where one branch of a forwarded request goes (RFC 3261 §16.5, §16.6 steps 2 and 6).
 *
 * @param requestUri the new Request-URI (a device's registered Contact), or null to keep the
 *                   one Route pre-processing left (an in-dialog request, loose-routed)
 * @param routeSet   URIs to push on top of Route, in order: the binding's Path (RFC 3327 §5.3,
 *                   the registrar's side uses the Path vector as a preloaded route set); empty for none
 */
public record BranchTarget(String requestUri, List<String> routeSet) {
    public BranchTarget {
        routeSet = List.copyOf(Objects.requireNonNull(routeSet, "routeSet"));
    }

    public static BranchTarget to(String requestUri) {
        return new BranchTarget(requestUri, List.of());
    }
}
