package io.midreg.admin;

import io.midreg.registrar.RegisterLatency;
import io.midreg.registrar.RegistrarStats;
import io.midreg.registrar.surrogate.SurrogateStats;
import io.midreg.sip.stack.StackStats;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.sip.transaction.TransactionStats;
import io.midreg.store.StoreStats;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * midreg's Prometheus metrics. Every value is read at scrape time from the counters the hot path
 * already keeps (LongAdders in the registrar, transaction layer and stack), so nothing is counted
 * twice; the REGISTER latency histogram comes from {@link RegisterLatency}'s buckets.
 */
final class MidregMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final AdminBackend backend;
    private final ActiveCounts active;

    MidregMetrics(AdminBackend backend, ActiveCounts active) {
        this.backend = backend;
        this.active = active;
        registerRegistrar();
        registerUpstream();
        registerSurrogate();
        registerStore();
        registerTransactions();
        registerTransport();
        registerTargets();
        registerCalls();
        registerStun();
        registry.register(new LatencyCollector(backend.registrar().latency()));
        gauge("midreg_uptime_seconds", "Seconds since midreg started", cb -> cb.call(backend.uptimeMillis() / 1000.0));
    }

    String contentType() {
        return writer.getContentType();
    }

    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void registerRegistrar() {
        registrarCounter("midreg_register_received", "REGISTER requests that reached the registrar", RegistrarStats.Snapshot::received);
        registrarCounter("midreg_register_absorbed", "REGISTERs answered from the store (not forwarded)", RegistrarStats.Snapshot::absorbed);
        registrarCounter("midreg_register_forwarded", "REGISTERs relayed upstream", RegistrarStats.Snapshot::forwarded);
        labelled("midreg_register_forwarded_by_reason", "REGISTERs relayed upstream, by why they were not absorbed", "reason",
                s -> s.forwardReasons());
        labelled("midreg_register_rejected", "REGISTERs refused by midreg itself, by reason", "reason", s -> s.rejections());
        gauge("midreg_active_aors", "AORs with at least one unexpired device binding", cb -> cb.call(active.get().aors()));
        gauge("midreg_active_bindings", "Unexpired device bindings", cb -> cb.call(active.get().bindings()));
    }

    private void registerUpstream() {
        CounterWithCallback.builder().name("midreg_upstream_responses").help("Final upstream answers to forwarded REGISTERs, by class")
                .labelNames("class").callback(cb -> {
                    RegistrarStats.Snapshot s = backend.registrar().stats().snapshot();
                    cb.call(s.upstream2xx(), "2xx");
                    cb.call(s.upstreamChallenges(), "challenge");
                    cb.call(s.upstream4xx(), "4xx");
                    cb.call(s.upstream5xx(), "5xx");
                }).register(registry);
        registrarCounter("midreg_upstream_timeouts", "Forwarded REGISTERs the upstream never answered", RegistrarStats.Snapshot::upstreamTimeouts);
        counter("midreg_upstream_paced_sent", "REGISTERs the upstream pacer let through (each took a token)", () -> backend.registrar().pacer().sent());
        counter("midreg_upstream_paced_rejects", "REGISTERs failed by the upstream pacer (deadline passed or queue full), never sent",
                () -> backend.registrar().pacer().rejected());
        registrarCounter("midreg_upstream_paced_absorbs", "Refreshes due upstream absorbed because the rate was used up while the upstream binding was valid",
                RegistrarStats.Snapshot::pacedAbsorbs);
        gauge("midreg_upstream_queued", "REGISTERs waiting for the upstream rate", cb -> cb.call(backend.registrar().pacer().queued()));
        gauge("midreg_upstream_cap_per_second", "The configured cap on REGISTERs per second to the upstream target",
                cb -> cb.call(backend.registrar().pacer().settings().rate()));
        registrarCounter("midreg_upstream_deregistrations", "De-registrations sent upstream for device bindings that lapsed or were evicted",
                RegistrarStats.Snapshot::upstreamDeregistrations);
        registerBreaker();
        registrarCounter("midreg_upstream_deregister_failures", "Upstream de-registrations that failed for good (challenged, refused, out of retries)",
                RegistrarStats.Snapshot::upstreamDeregisterFailures);
    }

    /** Per upstream target (upstream.targets or upstream.domain; none with the single upstream.target): health, activity, REGISTERs sent. */
    private void registerTargets() {
        GaugeWithCallback.builder().name("midreg_upstream_target_available").help("1 while the upstream target may be sent REGISTERs, else 0")
                .labelNames("target").callback(cb -> targets(t -> cb.call(t.available() ? 1 : 0, t.name()))).register(registry);
        GaugeWithCallback.builder().name("midreg_upstream_target_active")
                .help("1 for the targets of the best priority that has one available (where AORs go), else 0")
                .labelNames("target").callback(cb -> targets(t -> cb.call(t.active() ? 1 : 0, t.name()))).register(registry);
        CounterWithCallback.builder().name("midreg_upstream_target_sent").help("REGISTERs the upstream target's own pacer let through")
                .labelNames("target").callback(cb -> targets(t -> cb.call(t.sent(), t.name()))).register(registry);
    }

    /** The proxy: requests routed to devices and upstream, forks, CANCELs, and the final answers by class. */
    private void registerCalls() {
        io.midreg.proxy.CallStats c = backend.calls();
        counter("midreg_calls_in", "Requests from the upstream routed to devices (out of dialog, by token)",
                () -> c.routed.sum() - c.towardsUpstream.sum() - c.inDialogToDevice.sum() - c.inDialogToUpstream.sum());
        counter("midreg_calls_out", "Requests from registered devices routed to the upstream (out of dialog)", c.towardsUpstream::sum);
        counter("midreg_calls_out_service_route", "Of those, sent through the Service-Route the upstream registrar gave (RFC 3608)",
                c.viaServiceRoute::sum);
        CounterWithCallback.builder().name("midreg_calls_in_dialog").help("In-dialog requests loose-routed by midreg's Record-Route, by direction")
                .labelNames("direction").callback(cb -> {
                    cb.call(c.inDialogToDevice.sum(), "to_device");
                    cb.call(c.inDialogToUpstream.sum(), "to_upstream");
                }).register(registry);
        counter("midreg_calls_answered", "Routed requests answered 2xx", () -> c.answeredClass(2));
        CounterWithCallback.builder().name("midreg_calls_failed").help("Routed requests with a final answer of 3xx-6xx, by class")
                .labelNames("class").callback(cb -> {
                    for (int k = 3; k <= 6; k++) cb.call(c.answeredClass(k), k + "xx");
                }).register(registry);
        CounterWithCallback.builder().name("midreg_calls_refused").help("Requests midreg refused itself, by reason")
                .labelNames("reason").callback(cb -> {
                    cb.call(c.unknownSource.sum(), "unknown_source");
                    cb.call(c.badToken.sum(), "bad_token");
                    cb.call(c.noBinding.sum(), "not_registered");
                    cb.call(c.flowGone.sum(), "connection_gone");
                    cb.call(c.tooManyHops.sum(), "too_many_hops");
                    cb.call(c.loops.sum(), "loop");
                    cb.call(c.invalid.sum(), "invalid");
                    cb.call(c.inDialogRefused.sum(), "in_dialog");
                    cb.call(backend.dialogs().refusedFull(), "too_many_calls");
                }).register(registry);
        counter("midreg_calls_forks", "Requests forked to more than one device", c.forks::sum);
        counter("midreg_calls_branches", "Branches sent to devices or the upstream", c.branches::sum);
        counter("midreg_calls_cancels", "CANCELs midreg sent to branches (fork losers, the caller's CANCEL, timer C)", c.cancels::sum);
        counter("midreg_calls_caller_cancels", "CANCELs received from callers", c.callerCancels::sum);
        counter("midreg_calls_timer_c", "Timer C expiries", c.timerC::sum);
        counter("midreg_calls_cancelled_unanswered", "CANCELled branches ended 64*T1 later without an answer from the device",
                c.cancelledUnanswered::sum);
        io.midreg.proxy.dialog.DialogTable dialogs = backend.dialogs();
        GaugeWithCallback.builder().name("midreg_calls_active").help("Calls (INVITE dialogs) midreg routes now, by state")
                .labelNames("state").callback(cb -> {
                    for (io.midreg.proxy.dialog.DialogState st : io.midreg.proxy.dialog.DialogState.values()) cb.call(dialogs.active(st), st.label());
                }).register(registry);
        CounterWithCallback.builder().name("midreg_calls_ended").help("Calls that left the call table, by reason")
                .labelNames("reason").callback(cb -> {
                    for (io.midreg.proxy.dialog.EndReason r : io.midreg.proxy.dialog.EndReason.values()) cb.call(dialogs.ended(r), r.label());
                }).register(registry);
    }

    private void targets(Consumer<io.midreg.upstream.targets.TargetView> each) {
        var route = backend.registrar().route();
        if (route != null) route.targets(backend.clock().getAsLong()).forEach(each);
    }

    /** The circuit breaker on the upstream target, and what the registrar did while it was open. */
    private void registerBreaker() {
        gauge("midreg_upstream_breaker_state", "Circuit breaker on the upstream target: 0 closed, 1 open, 2 half-open",
                cb -> cb.call(breaker() == null ? 0 : breaker().state().code()));
        counter("midreg_upstream_breaker_opens", "Times the circuit breaker on the upstream target opened (re-opens included)",
                () -> breaker() == null ? 0 : breaker().opens());
        counter("midreg_upstream_breaker_probes", "OPTIONS probes sent to the upstream target while its breaker was open",
                () -> breaker() == null ? 0 : breaker().probes());
        registrarCounter("midreg_register_absorbed_while_down", "Refreshes of known devices answered here because the upstream target was down",
                RegistrarStats.Snapshot::absorbedWhileDown);
        registrarCounter("midreg_register_rejected_while_down", "REGISTERs that had to go upstream, refused with 503 because the target was down",
                RegistrarStats.Snapshot::rejectedWhileDown);
        registrarCounter("midreg_register_answered_early", "Refreshes relayed upstream and answered here because the upstream did not answer"
                + " within upstream.survival.answerWithin", RegistrarStats.Snapshot::answeredEarly);
    }

    private io.midreg.upstream.health.CircuitBreaker breaker() {
        return backend.registrar().relay().health() instanceof io.midreg.upstream.health.CircuitBreaker b ? b : null;
    }

    /** Surrogate registration and local authentication (zero while no AOR has credentials). */
    private void registerSurrogate() {
        surrogateCounter("midreg_surrogate_local_challenges", "401s midreg sent devices of AORs it holds credentials for", SurrogateStats.Snapshot::localChallenges);
        CounterWithCallback.builder().name("midreg_surrogate_local_auth_failures")
                .help("Device answers to midreg's challenge it refused (401 again), by reason: algorithm-not-offered, wrong-password, wrong-user, "
                        + "wrong-uri, wrong-nonce, malformed")
                .labelNames("reason").callback(cb -> {
                    var s = backend.surrogate();
                    if (s == null) return;
                    s.stats().snapshot().localAuthFailuresByReason().forEach((reason, n) -> cb.call(n, reason));
                }).register(registry);
        surrogateCounter("midreg_surrogate_registers", "Surrogate registrations started for devices", SurrogateStats.Snapshot::registers);
        surrogateCounter("midreg_surrogate_refreshes", "Surrogate refreshes started on midreg's own schedule", SurrogateStats.Snapshot::refreshes);
        surrogateCounter("midreg_surrogate_registered", "Surrogate REGISTERs the upstream accepted", SurrogateStats.Snapshot::registered);
        surrogateCounter("midreg_surrogate_failures", "Surrogate attempts that failed (time-out, 5xx, other refusal)", SurrogateStats.Snapshot::failures);
        surrogateCounter("midreg_surrogate_credentials_refused", "Surrogate attempts whose credentials the upstream refused (AOR negative-cached)",
                SurrogateStats.Snapshot::credentialsRefused);
        surrogateCounter("midreg_surrogate_negative_cache_answers", "Device REGISTERs answered 503 because their AOR is negative-cached",
                SurrogateStats.Snapshot::negativeCacheAnswers);
        surrogateCounter("midreg_surrogate_provisional", "Devices accepted provisionally while the upstream did not answer (upstream.survival.newDevices)",
                SurrogateStats.Snapshot::provisional);
        gauge("midreg_surrogate_negative_cache_aors", "AORs in the negative cache", cb -> {
            var s = backend.surrogate();
            cb.call(s == null ? 0 : s.negativeCache().size());
        });
        gauge("midreg_surrogate_credential_aors", "AORs midreg holds credentials for", cb -> {
            var s = backend.surrogate();
            cb.call(s == null ? 0 : s.credentials().size());
        });
    }

    private void surrogateCounter(String name, String help, ToLongFunction<SurrogateStats.Snapshot> value) {
        counter(name, help, () -> {
            var s = backend.surrogate();
            return s == null ? 0 : value.applyAsLong(s.stats().snapshot());
        });
    }

    private void registerStore() {
        gauge("midreg_store_aors", "AORs in the store", cb -> cb.call(storeStats().aors()));
        gauge("midreg_store_capacity_aors", "AORs the store was created to hold", cb -> cb.call(storeStats().capacity()));
        gauge("midreg_store_file_bytes", "Size of the store file", cb -> cb.call(storeStats().fileBytes()));
        gauge("midreg_store_used_bytes", "Bytes of the store file holding data (estimate)", cb -> cb.call(storeStats().usedBytes()));
        gauge("midreg_store_free_ratio", "Free space in the store file, 0..1", cb -> cb.call(storeStats().percentFree() / 100.0));
    }

    private void registerTransactions() {
        TransactionLayer layer = backend.stack().transactions();
        CounterWithCallback.builder().name("midreg_transactions_started").help("SIP transactions started, by side")
                .labelNames("side").callback(cb -> {
                    TransactionStats.Snapshot s = layer.stats().snapshot();
                    cb.call(s.serverCreated(), "server");
                    cb.call(s.clientCreated(), "client");
                }).register(registry);
        GaugeWithCallback.builder().name("midreg_transactions_active").help("SIP transactions in progress, by side")
                .labelNames("side").callback(cb -> {
                    cb.call(layer.serverTransactionCount(), "server");
                    cb.call(layer.clientTransactionCount(), "client");
                }).register(registry);
        counter("midreg_transaction_retransmissions_received", "Retransmitted requests or responses absorbed by a transaction",
                () -> layer.stats().retransmissionsReceived());
        counter("midreg_transaction_retransmissions_sent", "Requests or responses re-sent on a timer or to answer a retransmission",
                () -> layer.stats().retransmissionsSent());
        counter("midreg_transaction_timeouts", "Transaction timers B, F and H that fired", () -> layer.stats().timeouts());
    }

    private void registerTransport() {
        CounterWithCallback.builder().name("midreg_sip_messages_received").help("Well-formed SIP messages received, by kind")
                .labelNames("kind").callback(cb -> {
                    StackStats s = backend.stack().stats();
                    cb.call(s.requests(), "request");
                    cb.call(s.responses(), "response");
                }).register(registry);
        counter("midreg_sip_messages_sent", "SIP messages sent by the transaction layer", () -> backend.stack().stats().sent());
        counter("midreg_sip_malformed_answered", "Malformed requests answered with 400, 505 or 513", () -> backend.stack().stats().rejected());
        CounterWithCallback.builder().name("midreg_sip_malformed_answered_by_header")
                .help("Malformed requests answered with 400 for a missing, repeated or malformed header, by header (header-line: a line without a readable name)")
                .labelNames("header").callback(cb -> backend.stack().stats().rejectedByHeader().forEach((h, n) -> cb.call(n, h))).register(registry);
        counter("midreg_sip_malformed_dropped", "Malformed messages dropped without an answer", () -> backend.stack().stats().droppedMalformed());
        counter("midreg_sip_framing_errors", "TCP/TLS streams closed because they could not be framed", () -> backend.stack().stats().framingErrors());
    }

    private void registerStun() {
        counter("midreg_stun_answered", "STUN Binding requests answered on the UDP SIP ports", () -> backend.stun().get().answered());
        counter("midreg_stun_indications", "STUN Binding indications (keep-alives wanting no answer)", () -> backend.stun().get().indications());
        CounterWithCallback.builder().name("midreg_stun_dropped")
                .help("STUN messages dropped, by reason: malformed ones by their fault, not-binding for other methods and responses")
                .labelNames("reason").callback(cb -> {
                    io.midreg.nat.stun.StunStats s = backend.stun().get();
                    cb.call(s.ignored(), "not-binding");
                    s.malformed().forEach((error, n) -> cb.call(n, error.name().toLowerCase(Locale.ROOT).replace('_', '-')));
                }).register(registry);
    }

    private StoreStats storeStats() {
        return backend.store().stats();
    }

    private void registrarCounter(String name, String help, ToLongFunction<RegistrarStats.Snapshot> value) {
        counter(name, help, () -> value.applyAsLong(backend.registrar().stats().snapshot()));
    }

    private void labelled(String name, String help, String label, java.util.function.Function<RegistrarStats.Snapshot, Map<String, Long>> values) {
        CounterWithCallback.builder().name(name).help(help).labelNames(label).callback(cb -> {
            for (Map.Entry<String, Long> e : values.apply(backend.registrar().stats().snapshot()).entrySet()) {
                cb.call(e.getValue(), e.getKey().replace('_', '-'));
            }
        }).register(registry);
    }

    private void counter(String name, String help, java.util.function.LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong())).register(registry);
    }

    private void gauge(String name, String help, Consumer<GaugeWithCallback.Callback> callback) {
        GaugeWithCallback.builder().name(name).help(help).callback(callback).register(registry);
    }

    /** The REGISTER handling-time histogram, one series per outcome. */
    private static final class LatencyCollector implements Collector {
        private final RegisterLatency latency;

        LatencyCollector(RegisterLatency latency) {
            this.latency = latency;
        }

        @Override
        public MetricSnapshot collect() {
            HistogramSnapshot.Builder b = HistogramSnapshot.builder()
                    .name("midreg_register_duration_seconds")
                    .help("REGISTER handling time: absorbed = received to 200 sent; forwarded = received to the upstream's final answer relayed")
                    .unit(Unit.SECONDS);
            for (RegisterLatency.Outcome o : RegisterLatency.Outcome.values()) {
                RegisterLatency.Snapshot s = latency.snapshot(o);
                double[] bounds = new double[RegisterLatency.BOUNDS_SECONDS.length + 1];
                System.arraycopy(RegisterLatency.BOUNDS_SECONDS, 0, bounds, 0, RegisterLatency.BOUNDS_SECONDS.length);
                bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
                b.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                        .labels(Labels.of("outcome", o.name().toLowerCase(Locale.ROOT)))
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, s.bucketCounts()))
                        .sum(s.sumSeconds())
                        .build());
            }
            return b.build();
        }

        @Override
        public String getPrometheusName() {
            return "midreg_register_duration_seconds";
        }
    }
}
