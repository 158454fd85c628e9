package io.midreg.registrar;

import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.UpstreamState;

/**
 * The upstream target that holds what a removal takes away: a de-registration must reach the
 * registrar that has the binding, not the AOR's current choice (after a failback the two differ
 * until the AOR's next due refresh moves it).
 */
final class HeldTarget {
    private HeldTarget() {
    }

    /**
     * The stored target of the AOR's upstream registration (aor mode), else of the first binding
     * the request removes (contact modes; any binding for a wildcard); null when none is recorded.
     */
    static String ofRemoval(RegisterRequest req, AorRecord current) {
        if (current == null) return null;
        UpstreamState aorUp = current.upstream();
        if (aorUp != null && !aorUp.target().isEmpty()) return aorUp.target();
        for (Binding b : current.bindings()) {
            UpstreamState u = b.upstream();
            if (u == null || u.target().isEmpty()) continue;
            if (req.wildcard()) return u.target();
            for (RequestedContact c : req.contacts()) {
                if (c.expires() == 0 && BindingMatcher.matches(b, c)) return u.target();
            }
        }
        return null;
    }
}
