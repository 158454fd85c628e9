package io.midreg.admin;

import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.health.CircuitBreaker;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The upstream target and its circuit breaker, as the admin API shows them. */
final class BreakerJson {
    private BreakerJson() {
    }

    static Map<String, Object> of(UpstreamRelay relay, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", relay.target().address().getAddress().getHostAddress() + ":" + relay.target().address().getPort());
        m.put("transport", relay.target().protocol().name().toLowerCase(Locale.ROOT));
        if (relay.health() instanceof CircuitBreaker b) {
            m.put("breaker", b.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            m.put("availableInSeconds", Math.max(0, (b.availableAgainAt(now) - now + 999) / 1000));
            m.put("consecutiveFailures", b.consecutiveFailures());
            m.put("opens", b.opens());
            m.put("probes", b.probes());
        } else {
            m.put("breaker", "none");
        }
        return m;
    }
}
