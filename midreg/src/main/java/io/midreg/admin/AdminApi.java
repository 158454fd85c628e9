package io.midreg.admin;

import io.midreg.config.ReloadOutcome;
import io.midreg.registrar.RegistrarOperations;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The admin API's endpoints (see docs/configuration.md, "admin"). Each runs on the admin worker
 * executor, never on a Netty event loop: store scans and operator actions may take a while.
 */
final class AdminApi {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 100_000;
    /** Longer than an upstream transaction lives (timer F, 32 s), so its outcome is always reported. */
    private static final long UPSTREAM_WAIT_SECONDS = 40;

    private final AdminBackend backend;
    private final Executor worker;
    private final MidregMetrics metrics;
    private final ActiveCounts active;
    private final SipTracer tracer;
    private final StatusEndpoints status;
    private final TraceEndpoints trace;
    private final CallEndpoints calls;
    private final AdminRouter router = new AdminRouter();

    AdminApi(AdminBackend backend, Executor worker) {
        this.backend = backend;
        this.worker = worker;
        this.active = new ActiveCounts(() -> backend.registrar().activeCounts());
        this.metrics = new MidregMetrics(backend, active);
        this.tracer = new SipTracer(backend.stack().taps(), backend.clock(), aor -> ops().normalize(aor));
        backend.dialogs().addListener(tracer); // an AOR trace follows the calls of its devices
        this.status = new StatusEndpoints(backend, active);
        this.trace = new TraceEndpoints(tracer, aor -> ops().normalize(aor), backend.clock());
        this.calls = new CallEndpoints(backend.dialogs(), aor -> ops().normalize(aor), backend.clock());
        router.add("GET", "/health", sync(status::health))
                .add("GET", "/metrics", sync(r -> new AdminResponse(200, metrics.contentType(), metrics.scrape())))
                .add("GET", "/api/stats", sync(status::stats))
                .add("GET", "/api/bindings", sync(this::listBindings))
                .add("GET", "/api/bindings/{aor}", (r, p) -> async(() -> showBindings(p.get(0))))
                .add("DELETE", "/api/bindings/{aor}", (r, p) -> removeAor(p.get(0)))
                .add("GET", "/api/upstream", sync(this::listUpstream))
                .add("POST", "/api/upstream/{aor}/refresh", (r, p) -> async(() -> refresh(p.get(0))))
                .add("POST", "/api/upstream/{aor}/deregister", (r, p) -> deregister(p.get(0)))
                .add("GET", "/api/calls", sync(r -> calls.list(r.param("aor"), limit(r.param("limit")))))
                .add("GET", "/api/calls/{callId}", (r, p) -> async(() -> calls.show(p.get(0))))
                .add("POST", "/api/reload", sync(r -> reload()))
                .add("GET", "/api/trace", sync(r -> trace.status()))
                .add("POST", "/api/trace", sync(trace::start))
                .add("DELETE", "/api/trace", sync(r -> trace.stop()));
    }

    /** Routes a request; the answer completes on the worker. Failures become a 500 with the reason, never a trace. */
    CompletableFuture<AdminResponse> handle(AdminRequest request) {
        CompletableFuture<AdminResponse> f;
        try {
            f = router.route(request);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return f.exceptionally(AdminApi::failure);
    }

    SipTracer tracer() {
        return tracer;
    }

    private RegistrarOperations ops() {
        return backend.registrar().operations();
    }

    private long now() {
        return backend.clock().getAsLong();
    }

    private Endpoint sync(java.util.function.Function<AdminRequest, AdminResponse> f) {
        return (r, p) -> async(() -> f.apply(r));
    }

    private CompletableFuture<AdminResponse> async(java.util.function.Supplier<AdminResponse> f) {
        return CompletableFuture.supplyAsync(f, worker);
    }

    private static AdminResponse failure(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof BadRequest b) return AdminResponse.error(400, b.getMessage());
        if (c instanceof java.util.concurrent.RejectedExecutionException) return AdminResponse.error(503, "admin API busy or stopping");
        return AdminResponse.error(500, c.getClass().getSimpleName() + ": " + c.getMessage());
    }

    private AdminResponse listBindings(AdminRequest r) {
        String prefix = prefix(r.param("prefix"));
        int limit = limit(r.param("limit"));
        long now = now();
        long[] total = new long[1];
        java.util.TreeMap<String, AorRecord> page = firstPage(prefix, limit, total);
        List<Object> aors = new ArrayList<>(page.size());
        page.forEach((aor, rec) -> aors.add(BindingJson.aor(aor, rec, now)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", total[0]);
        m.put("truncated", total[0] > aors.size());
        m.put("aors", aors);
        return AdminResponse.json(200, Json.bytes(m));
    }

    /** The alphabetically first {@code limit} AORs (the store is a hash: a full scan keeping the smallest keys). */
    private java.util.TreeMap<String, AorRecord> firstPage(String prefix, int limit, long[] total) {
        java.util.TreeMap<String, AorRecord> page = new java.util.TreeMap<>();
        scan(prefix, (aor, rec) -> {
            total[0]++;
            if (page.size() < limit || aor.compareTo(page.lastKey()) < 0) {
                page.put(aor, rec);
                if (page.size() > limit) page.pollLastEntry();
            }
        });
        return page;
    }

    private AdminResponse showBindings(String aorParam) {
        String aor = ops().normalize(aorParam);
        Optional<AorRecord> rec = backend.store().get(aor);
        if (rec.isEmpty()) return AdminResponse.error(404, "no bindings for " + aor);
        return AdminResponse.json(200, Json.bytes(BindingJson.aor(aor, rec.get(), now())));
    }

    private CompletableFuture<AdminResponse> removeAor(String aorParam) {
        String aor = ops().normalize(aorParam);
        return CompletableFuture.supplyAsync(() -> backend.store().get(aor).map(rec -> rec.bindings().size()).orElse(-1), worker)
                .thenCompose(n -> n < 0 ? CompletableFuture.completedFuture(AdminResponse.error(404, "no bindings for " + aor))
                        : ops().remove(aor).orTimeout(UPSTREAM_WAIT_SECONDS, TimeUnit.SECONDS).thenApply(res -> {
                            if (!res.found()) return AdminResponse.error(404, "no bindings for " + aor);
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("aor", aor);
                            m.put("removed", true);
                            m.put("bindings", n);
                            m.put("upstream", res.upstream());
                            m.put("upstreamStatus", res.status() == 0 ? null : res.status());
                            m.put("upstreamContacts", res.contacts());
                            return AdminResponse.json(200, Json.bytes(m));
                        }));
    }

    private AdminResponse listUpstream(AdminRequest r) {
        String prefix = prefix(r.param("prefix"));
        int limit = limit(r.param("limit"));
        long now = now();
        List<Map<String, Object>> rows = new ArrayList<>();
        firstPage(prefix, limit, new long[1]).forEach((aor, rec) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("aor", aor);
            m.put("upstream", BindingJson.upstream(rec.upstream(), now));
            List<Object> bs = new ArrayList<>();
            for (Binding b : rec.bindings()) {
                Map<String, Object> bm = new LinkedHashMap<>();
                bm.put("contact", b.contactUri());
                bm.put("upstream", BindingJson.upstream(b.upstream(), now));
                bs.add(bm);
            }
            m.put("bindings", bs);
            rows.add(m);
        });
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("aors", rows);
        var route = backend.registrar().route();
        if (route != null) body.put("targets", TargetsJson.of(route, now)); // several targets: each one's state
        else body.put("target", BreakerJson.of(backend.registrar().relay(), now));
        return AdminResponse.json(200, Json.bytes(body));
    }

    private AdminResponse refresh(String aorParam) {
        String aor = ops().normalize(aorParam);
        if (!ops().refreshUpstream(aor)) return AdminResponse.error(404, "no bindings for " + aor);
        return AdminResponse.json(200, Json.bytes(Map.of("aor", aor, "marked", true,
                "effect", "the next REGISTER of each device of this AOR goes upstream")));
    }

    private CompletableFuture<AdminResponse> deregister(String aorParam) {
        String aor = ops().normalize(aorParam);
        return CompletableFuture.supplyAsync(() -> ops().deregisterUpstream(aor), worker)
                .thenCompose(f -> f.orTimeout(UPSTREAM_WAIT_SECONDS, TimeUnit.SECONDS))
                .thenApply(res -> {
                    if (!res.found()) return AdminResponse.error(404, "no bindings for " + aor);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("aor", aor);
                    m.put("upstream", res.upstream());
                    m.put("upstreamStatus", res.status() == 0 ? null : res.status());
                    m.put("upstreamContacts", res.contacts());
                    m.put("localBindings", "kept; each device's next REGISTER goes upstream");
                    return AdminResponse.json(200, Json.bytes(m));
                });
    }

    private AdminResponse reload() {
        ReloadOutcome o = backend.reload().get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", o.ok());
        m.put("applied", o.applied());
        m.put("needRestart", o.needRestart());
        if (o.error() != null) m.put("error", o.error());
        return AdminResponse.json(o.ok() ? 200 : 409, Json.bytes(m));
    }

    private void scan(String prefix, java.util.function.BiConsumer<String, AorRecord> action) {
        if (prefix == null) backend.store().forEach(action);
        else backend.store().forEachWithPrefix(prefix, action);
    }

    /** A prefix as an operator types it: "alice" or "sip:alice" both mean AORs starting sip:alice. */
    private static String prefix(String p) {
        if (p == null || p.isBlank()) return null;
        String s = p.strip();
        return s.regionMatches(true, 0, "sip:", 0, 4) ? "sip:" + s.substring(4) : "sip:" + s;
    }

    private static int limit(String v) {
        if (v == null) return DEFAULT_LIMIT;
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_LIMIT) return n;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadRequest("limit must be a whole number within 1.." + MAX_LIMIT + ", not '" + v + "'");
    }

}
