package io.midreg.admin;

import io.midreg.registrar.RegistrarService;
import io.midreg.registrar.RegistrarStats;
import io.midreg.sip.stack.StackStats;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.sip.transport.BoundListener;
import io.midreg.store.StoreStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /health} and {@code /api/stats}: how the running midreg is doing. */
final class StatusEndpoints {
    private final AdminBackend backend;
    private final ActiveCounts active;

    StatusEndpoints(AdminBackend backend, ActiveCounts active) {
        this.backend = backend;
        this.active = active;
    }

    AdminResponse health(AdminRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean storeOpen;
        try {
            backend.store().count();
            storeOpen = true;
        } catch (RuntimeException e) {
            storeOpen = false;
        }
        List<String> listeners = new ArrayList<>();
        for (BoundListener l : backend.stack().transport().listeners()) listeners.add(l.protocol().name().toLowerCase() + " " + l.address());
        boolean up = storeOpen && !listeners.isEmpty();
        m.put("status", up ? "up" : "down");
        m.put("store", storeOpen ? "open" : "closed");
        m.put("listeners", listeners);
        m.put("uptimeMillis", backend.uptimeMillis());
        return AdminResponse.json(up ? 200 : 503, Json.bytes(m));
    }

    AdminResponse stats(AdminRequest r) {
        RegistrarService reg = backend.registrar();
        RegistrarStats.Snapshot s = reg.stats().snapshot();
        Map<String, Object> registrar = new LinkedHashMap<>();
        registrar.put("mode", reg.settings().mode().name().toLowerCase());
        registrar.put("received", s.received());
        registrar.put("absorbed", s.absorbed());
        registrar.put("forwarded", s.forwarded());
        registrar.put("upstream2xx", s.upstream2xx());
        registrar.put("upstreamChallenges", s.upstreamChallenges());
        registrar.put("upstream4xx", s.upstream4xx());
        registrar.put("upstream5xx", s.upstream5xx());
        registrar.put("upstreamTimeouts", s.upstreamTimeouts());
        registrar.put("upstreamDeregistrations", s.upstreamDeregistrations());
        registrar.put("upstreamDeregisterFailures", s.upstreamDeregisterFailures());
        registrar.put("rejections", s.rejections());
        registrar.put("forwardReasons", s.forwardReasons());
        registrar.put("pacedAbsorbs", s.pacedAbsorbs());
        registrar.put("absorbedWhileDown", s.absorbedWhileDown());
        registrar.put("rejectedWhileDown", s.rejectedWhileDown());
        registrar.put("answeredEarly", s.answeredEarly());
        var pacer = reg.pacer();
        Map<String, Object> upstream = new LinkedHashMap<>();
        upstream.put("capPerSecond", pacer.settings().rate());
        upstream.put("burst", pacer.settings().burst());
        upstream.put("queued", pacer.queued());
        upstream.put("pacedAbsorbs", s.pacedAbsorbs());
        upstream.put("pacedRejects", pacer.rejected());
        upstream.put("sent", pacer.sent());
        upstream.put("target", BreakerJson.of(reg.relay(), System.currentTimeMillis()));
        if (reg.route() != null) {
            // Several targets: each has its own pacer (the figures above are then those of no target).
            upstream.put("targets", TargetsJson.of(reg.route(), backend.clock().getAsLong()));
        }
        RegistrarService.ActiveCounts a = active.get();
        TransactionLayer tl = backend.stack().transactions();
        var t = tl.stats().snapshot();
        Map<String, Object> transactions = new LinkedHashMap<>();
        transactions.put("serverCreated", t.serverCreated());
        transactions.put("clientCreated", t.clientCreated());
        transactions.put("serverActive", tl.serverTransactionCount());
        transactions.put("clientActive", tl.clientTransactionCount());
        transactions.put("retransmissionsReceived", t.retransmissionsReceived());
        transactions.put("retransmissionsSent", t.retransmissionsSent());
        transactions.put("timeouts", t.timeouts());
        StackStats st = backend.stack().stats();
        Map<String, Object> transport = new LinkedHashMap<>();
        transport.put("requestsReceived", st.requests());
        transport.put("responsesReceived", st.responses());
        transport.put("sent", st.sent());
        transport.put("malformedAnswered", st.rejected());
        transport.put("malformedAnsweredByHeader", st.rejectedByHeader());
        transport.put("malformedDropped", st.droppedMalformed());
        transport.put("framingErrors", st.framingErrors());
        StoreStats ss = backend.store().stats();
        Map<String, Object> store = new LinkedHashMap<>();
        store.put("aors", ss.aors());
        store.put("capacity", ss.capacity());
        store.put("fileBytes", ss.fileBytes());
        store.put("usedBytes", ss.usedBytes());
        store.put("percentFree", ss.percentFree());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uptimeMillis", backend.uptimeMillis());
        m.put("registrar", registrar);
        m.put("upstream", upstream);
        Map<String, Object> activeCounts = new LinkedHashMap<>();
        activeCounts.put("aors", a.aors());
        activeCounts.put("bindings", a.bindings());
        m.put("active", activeCounts);
        m.put("transactions", transactions);
        m.put("transport", transport);
        m.put("store", store);
        m.put("calls", callStats(backend.dialogs()));
        var surrogate = backend.surrogate();
        if (surrogate != null) m.put("surrogate", surrogateStats(surrogate));
        return AdminResponse.json(200, Json.bytes(m));
    }

    /** The calls routed now (all states, then by state), the table's bound, and how calls ended. */
    private static Map<String, Object> callStats(io.midreg.proxy.dialog.DialogTable dialogs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", dialogs.size());
        Map<String, Object> byState = new LinkedHashMap<>();
        for (var st : io.midreg.proxy.dialog.DialogState.values()) byState.put(st.label(), dialogs.active(st));
        m.put("byState", byState);
        m.put("max", dialogs.maxDialogs());
        m.put("refusedFull", dialogs.refusedFull());
        Map<String, Object> ended = new LinkedHashMap<>();
        for (var r : io.midreg.proxy.dialog.EndReason.values()) ended.put(r.label(), dialogs.ended(r));
        m.put("ended", ended);
        return m;
    }

    /** Surrogate registration: credentials held, local authentication, midreg's own REGISTERs, the negative cache. */
    private static Map<String, Object> surrogateStats(io.midreg.registrar.surrogate.SurrogateRegistrar surrogate) {
        var s = surrogate.stats().snapshot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("credentialAors", surrogate.credentials().size());
        m.put("localChallenges", s.localChallenges());
        m.put("localAuthFailures", s.localAuthFailures());
        m.put("localAuthFailuresByReason", new java.util.TreeMap<>(s.localAuthFailuresByReason()));
        m.put("localAuthenticated", s.localAuthenticated());
        m.put("registers", s.registers());
        m.put("refreshes", s.refreshes());
        m.put("registered", s.registered());
        m.put("failures", s.failures());
        m.put("credentialsRefused", s.credentialsRefused());
        m.put("negativeCacheAnswers", s.negativeCacheAnswers());
        m.put("negativeCacheAors", surrogate.negativeCache().size());
        m.put("deregistrations", s.deregistrations());
        m.put("provisional", s.provisional());
        return m;
    }
}
