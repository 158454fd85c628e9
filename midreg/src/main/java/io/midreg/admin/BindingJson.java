package io.midreg.admin;

import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.UpstreamState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Store records as the admin API shows them: plain maps for Jackson, expiries as seconds remaining. */
public final class BindingJson {
    private BindingJson() {
    }

    public static Map<String, Object> aor(String aor, AorRecord r, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("aor", aor);
        List<Object> bindings = new ArrayList<>(r.bindings().size());
        for (Binding b : r.bindings()) bindings.add(binding(b, now));
        m.put("bindings", bindings);
        m.put("upstream", upstream(r.upstream(), now));
        return m;
    }

    public static Map<String, Object> binding(Binding b, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("contact", b.contactUri());
        Map<String, Object> flow = new LinkedHashMap<>();
        flow.put("transport", b.transport());
        flow.put("received", hostPort(b.receivedHost(), b.receivedPort()));
        flow.put("flowId", b.flowId());
        m.put("flow", flow);
        m.put("instance", b.instanceId());
        m.put("regId", b.regId() == 0 ? null : b.regId());
        m.put("callId", b.callId());
        m.put("cseq", b.cseq());
        m.put("expiresIn", remaining(b.expiresAt(), now));
        m.put("q", b.qMillis() < 0 ? null : b.qMillis() / 1000.0);
        m.put("userAgent", b.userAgent());
        m.put("path", b.path());
        m.put("registeredAt", iso(b.registeredAt()));
        m.put("lastSeenAt", iso(b.lastSeenAt()));
        m.put("upstream", upstream(b.upstream(), now));
        return m;
    }

    /** midreg's registration upstream, or null when there is none. */
    public static Map<String, Object> upstream(UpstreamState u, long now) {
        if (u == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", u.status().name().toLowerCase(java.util.Locale.ROOT));
        m.put("expiresIn", remaining(u.expiresAt(), now));
        m.put("lastRefreshAt", iso(u.lastRefreshAt()));
        m.put("lastStatus", u.lastStatusCode() == 0 ? null : u.lastStatusCode());
        m.put("lastError", u.lastError());
        m.put("callId", u.callId());
        m.put("cseq", u.cseq());
        m.put("serviceRoute", u.serviceRoute());
        // the upstream target holding it (several targets), null when not recorded
        m.put("target", u.target().isEmpty() ? null : u.target());
        return m;
    }

    private static Long remaining(long at, long now) {
        return at <= 0 ? null : Math.max(0, (at - now) / 1000);
    }

    private static String iso(long millis) {
        return millis <= 0 ? null : java.time.Instant.ofEpochMilli(millis).toString();
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
