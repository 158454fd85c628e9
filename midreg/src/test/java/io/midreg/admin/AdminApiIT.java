package io.midreg.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.config.AdminSettings;
import io.midreg.config.LoadedConfig;
import io.midreg.registrar.RegistrarStats;
import io.midreg.server.MidregServer;
import io.midreg.sip.transport.BoundListener;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.TestDevice;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin API of a running midreg (contact mode) in front of a real Kamailio with digest
 * authentication, over real HTTP on loopback. The API listens on 0.0.0.0, which is not a loopback
 * address, so the config demands a token and the server refuses requests without it; the test
 * connects through 127.0.0.1 only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class AdminApiIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final String TOKEN = "admin-it-token-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private KamailioRegistrar kamailio;
    private MidregServer midreg;
    private String api;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws Exception {
        kamailio = KamailioRegistrar.start(KamailioOptions.withAuth());
        Path dir = Files.createTempDirectory("midreg-admin");
        String yaml = io.midreg.testing.TestConfig.loopback(kamailio.address().getPort(), dir.resolve("midreg.store"))
                .admin("listen", "0.0.0.0:0").admin("token", TOKEN).yaml();
        midreg = new MidregServer(LoadedConfig.parse("admin-it.yaml", yaml));
        midreg.start();
        assertThat(midreg.admin().address().getAddress().isAnyLocalAddress()).isTrue();
        api = "http://127.0.0.1:" + midreg.admin().address().getPort();
    }

    @AfterAll
    void stop() {
        if (midreg != null) midreg.close();
        if (kamailio != null) kamailio.close();
    }

    private InetSocketAddress sip() {
        return midreg.listeners().stream().filter(l -> l.config().protocol() == TransportProtocol.UDP).map(BoundListener::address).findFirst().orElseThrow();
    }

    private TestDevice device(String user) throws Exception {
        return new TestDevice(sip(), user, DOMAIN, "pw-" + user);
    }

    private HttpResponse<String> call(String base, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return call(api, method, path, TOKEN, null);
    }

    private JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }

    private static String enc(String aor) {
        return URLEncoder.encode(aor, StandardCharsets.UTF_8);
    }

    @Test
    void nonLoopbackListenerRefusesRequestsWithoutTheToken() throws Exception {
        for (String path : new String[] {"/health", "/metrics", "/api/stats", "/api/bindings"}) {
            HttpResponse<String> none = call(api, "GET", path, null, null);
            assertThat(none.statusCode()).as(path + " without a token").isEqualTo(401);
            assertThat(json(none).get("error").asString()).contains("bearer token");
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"midreg\"");
            assertThat(call(api, "GET", path, "wrong-token-0123456789", null).statusCode()).as(path + " with a wrong token").isEqualTo(401);
            assertThat(call(api, "GET", path, TOKEN, null).statusCode()).as(path + " with the token").isEqualTo(200);
        }
        assertThat(call(api, "DELETE", "/api/bindings/" + enc("sip:nobody@" + DOMAIN), null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aTokenConfiguredOnAnotherLoopbackAddressIsEnforcedToo() throws Exception {
        InetAddress second = InetAddress.getByName("127.0.0.2");
        AdminServer other = new AdminServer(new AdminSettings(new InetSocketAddress(second, 0), TOKEN),
                new AdminBackend(midreg.registrar(), midreg.stack(), midreg.store(), System::currentTimeMillis, System.nanoTime(), midreg::reload, midreg.surrogate()));
        other.start();
        try {
            String base = "http://127.0.0.2:" + other.address().getPort();
            assertThat(other.address().getAddress()).isEqualTo(second);
            assertThat(call(base, "GET", "/health", null, null).statusCode()).isEqualTo(401);
            HttpResponse<String> ok = call(base, "GET", "/health", TOKEN, null);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(json(ok).get("status").asString()).isEqualTo("up");
        } finally {
            other.close();
        }
    }

    @Test
    void healthSaysUpWithStoreAndListeners() throws Exception {
        JsonNode h = json(call("GET", "/health"));
        assertThat(h.get("status").asString()).isEqualTo("up");
        assertThat(h.get("store").asString()).isEqualTo("open");
        assertThat(h.get("listeners").get(0).asString()).startsWith("udp /127.0.0.1:");
    }

    @Test
    void metricsParseWithPrometheusParserAndCarryTheRegistrarCounters() throws Exception {
        RegistrarStats.Snapshot before = midreg.registrar().stats().snapshot();
        try (TestDevice a = device("metrics-a"); TestDevice b = device("metrics-b")) {
            // each: REGISTER → 401 relayed, REGISTER with credentials → 200 (two forwards)
            assertThat(a.registerWithAuth(60).status()).isEqualTo(200);
            assertThat(b.registerWithAuth(60).status()).isEqualTo(200);
            // a refresh on the same Call-ID with credentials: absorbed
            assertThat(a.register(60).status()).isEqualTo(200);
        }
        RegistrarStats.Snapshot s = midreg.registrar().stats().snapshot();
        assertThat(s.absorbed() - before.absorbed()).isEqualTo(1);
        HttpResponse<String> r = call("GET", "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        Map<String, Double> m = PrometheusText.parse(r.body());
        assertThat(m).containsEntry("midreg_register_received_total", (double) s.received())
                .containsEntry("midreg_register_absorbed_total", (double) s.absorbed())
                .containsEntry("midreg_register_forwarded_total", (double) s.forwarded())
                .containsEntry("midreg_upstream_responses_total{class=2xx}", (double) s.upstream2xx())
                .containsEntry("midreg_upstream_responses_total{class=challenge}", (double) s.upstreamChallenges())
                .containsEntry("midreg_upstream_timeouts_total", (double) s.upstreamTimeouts())
                .containsEntry("midreg_register_forwarded_by_reason_total{reason=new-aor}", (double) s.forwardReasons().get("new_aor"))
                .containsKey("midreg_active_bindings")
                .containsKey("midreg_store_aors")
                .containsKey("midreg_transactions_active{side=server}")
                .containsKey("midreg_sip_messages_sent_total")
                .containsKey("midreg_sip_malformed_dropped_total")
                .containsEntry("midreg_upstream_cap_per_second", (double) midreg.registrar().pacer().settings().rate())
                .containsEntry("midreg_upstream_paced_absorbs_total", (double) s.pacedAbsorbs())
                .containsKey("midreg_upstream_paced_rejects_total")
                .containsKey("midreg_upstream_queued");
        assertThat(m.get("midreg_upstream_paced_sent_total")).isGreaterThanOrEqualTo((double) s.forwarded());
        assertThat(s.received()).isGreaterThanOrEqualTo(5);
        assertThat(m.get("midreg_register_duration_seconds_count{outcome=absorbed}")).isEqualTo((double) s.absorbed());
        assertThat(m.get("midreg_register_duration_seconds_count{outcome=forwarded}")).isEqualTo(
                (double) (s.upstream2xx() + s.upstreamChallenges() + s.upstream4xx() + s.upstream5xx() + s.upstreamTimeouts()));
        assertThat(m.get("midreg_register_duration_seconds_bucket{le=+Inf,outcome=absorbed}")).isEqualTo((double) s.absorbed());
        assertThat(m.get("midreg_store_aors")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aMalformedRequestIsAnswered400NamingTheHeaderAndCountedByHeaderInMetricsAndStats() throws Exception {
        try (TestDevice d = device("malformed")) {
            io.midreg.testing.ReceivedMessage r = d.send("REGISTER sip:" + DOMAIN + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + d.port() + ";branch=z9hG4bKmalformed1;rport\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:malformed@" + DOMAIN + ">;tag=m1\r\n"
                    + "To: <sip:malformed@" + DOMAIN + ">\r\n"
                    + "Call-ID: malformed-cseq@admin-it\r\n"
                    + "CSeq: 1x REGISTER\r\n"
                    + "Content-Length: 0\r\n\r\n");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.reason()).startsWith("Malformed CSeq header (");
            assertThat(r.callId()).isEqualTo("malformed-cseq@admin-it");
        }
        Map<String, Double> m = PrometheusText.parse(call("GET", "/metrics").body());
        assertThat(m.get("midreg_sip_malformed_answered_by_header_total{header=CSeq}")).isGreaterThanOrEqualTo(1.0);
        assertThat(m.get("midreg_sip_malformed_answered_total")).isGreaterThanOrEqualTo(1.0);
        JsonNode transport = json(call("GET", "/api/stats")).get("transport");
        assertThat(transport.get("malformedAnsweredByHeader").get("CSeq").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void statsFollowTheContract() throws Exception {
        JsonNode st = json(call("GET", "/api/stats"));
        RegistrarStats.Snapshot s = midreg.registrar().stats().snapshot();
        assertThat(st.get("uptimeMillis").asLong()).isPositive();
        for (String f : new String[] {"received", "absorbed", "forwarded", "upstream2xx", "upstreamChallenges", "upstream4xx", "upstream5xx",
                "upstreamTimeouts", "rejections", "forwardReasons"}) {
            assertThat(st.get("registrar").has(f)).as(f).isTrue();
        }
        assertThat(st.get("registrar").get("received").asLong()).isLessThanOrEqualTo(s.received());
        assertThat(st.get("active").has("aors")).isTrue();
        assertThat(st.get("active").has("bindings")).isTrue();
        assertThat(st.get("transactions").get("serverCreated").asLong()).isPositive();
        assertThat(st.get("store").get("capacity").asLong()).isEqualTo(1000);
        JsonNode up = st.get("upstream");
        assertThat(up.get("capPerSecond").asLong()).isEqualTo(200);
        for (String f : new String[] {"burst", "queued", "pacedAbsorbs", "pacedRejects", "sent"}) assertThat(up.has(f)).as(f).isTrue();
        assertThat(up.get("sent").asLong()).isGreaterThanOrEqualTo(st.get("registrar").get("forwarded").asLong());
    }

    @Test
    void removingAnAorWhoseUpstreamChallengesReportsItAndStillRemovesLocally() throws Exception {
        String aor = "sip:challenged@" + DOMAIN;
        try (TestDevice a = device("challenged")) {
            assertThat(a.registerWithAuth(60).status()).isEqualTo(200);
        }
        long upstreamBefore = kamailio.registerRequestsReceived();
        HttpResponse<String> r = call("DELETE", "/api/bindings/" + enc(aor));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode j = json(r);
        assertThat(j.get("removed").asBoolean()).isTrue();
        assertThat(j.get("upstream").asString()).isEqualTo("challenged: needs credentials");
        assertThat(j.get("upstreamStatus").asInt()).isEqualTo(401);
        assertThat(kamailio.registerRequestsReceived()).as("the de-registration reached Kamailio").isEqualTo(upstreamBefore + 1);
        assertThat(midreg.store().get(aor)).isEmpty();
        assertThat(call("GET", "/api/bindings/" + enc(aor)).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/bindings/" + enc(aor)).statusCode()).isEqualTo(404);
    }

    @Test
    void upstreamRefreshMarksTheAorSoTheNextRefreshIsForwarded() throws Exception {
        try (TestDevice a = device("refresh")) {
            assertThat(a.registerWithAuth(60).status()).isEqualTo(200);
            HttpResponse<String> r = call("POST", "/api/upstream/refresh@" + DOMAIN + "/refresh");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode up = json(call("GET", "/api/upstream?prefix=refresh"));
            assertThat(up.get("aors").get(0).get("bindings").get(0).get("upstream").get("status").asString()).isEqualTo("registering");
            long forwarded = midreg.registrar().stats().snapshot().forwardReasons().getOrDefault("not_accepted_upstream", 0L);
            long upstreamBefore = kamailio.registerRequestsReceived();
            assertThat(a.registerWithAuth(60).status()).isEqualTo(200);
            assertThat(kamailio.registerRequestsReceived()).as("the refresh went upstream").isGreaterThan(upstreamBefore);
            assertThat(midreg.registrar().stats().snapshot().forwardReasons().get("not_accepted_upstream")).isEqualTo(forwarded + 1);
            JsonNode after = json(call("GET", "/api/bindings/" + enc("sip:refresh@" + DOMAIN)));
            assertThat(after.get("bindings").get(0).get("upstream").get("status").asString()).isEqualTo("registered");
            assertThat(after.get("bindings").get(0).get("userAgent").asString()).isEqualTo("midreg-test-device");
        }
        assertThat(call("POST", "/api/upstream/nobody@" + DOMAIN + "/refresh").statusCode()).isEqualTo(404);
    }

    @Test
    void badRequestsGetJsonErrors() throws Exception {
        assertThat(call("GET", "/api/nothing").statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/api/stats").statusCode()).isEqualTo(405);
        HttpResponse<String> limit = call("GET", "/api/bindings?limit=0");
        assertThat(limit.statusCode()).isEqualTo(400);
        assertThat(json(limit).get("error").asString()).contains("limit");
        HttpResponse<String> trace = call(api, "POST", "/api/trace", TOKEN, "{\"aor\":\"a\",\"source\":\"127.0.0.1\"}");
        assertThat(trace.statusCode()).isEqualTo(400);
        assertThat(call(api, "POST", "/api/trace", TOKEN, "not json").statusCode()).isEqualTo(400);
        assertThat(call(api, "POST", "/api/trace", TOKEN, "{\"source\":\"example.com\"}").statusCode()).isEqualTo(400);
        assertThat(call(api, "POST", "/api/trace", TOKEN, "{\"aor\":\"x@y\",\"seconds\":0}").statusCode()).isEqualTo(400);
        HttpResponse<String> reload = call("POST", "/api/reload");
        assertThat(reload.statusCode()).isIn(200, 409);
        assertThat(json(reload).has("ok")).isTrue();
    }

    @Test
    void traceSwitchesOnAndOffAndRunsOut() throws Exception {
        HttpResponse<String> on = call(api, "POST", "/api/trace", TOKEN, "{\"aor\":\"Alice@MIDREG.test\",\"seconds\":1}");
        assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
        assertThat(json(on).get("aor").asString()).isEqualTo("sip:Alice@midreg.test");
        assertThat(midreg.stack().taps().current()).as("the tap is installed while tracing").isNotNull();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (midreg.stack().taps().current() != null && System.nanoTime() < deadline) Thread.sleep(100);
        assertThat(midreg.stack().taps().current()).as("the trace ran out by itself, with no traffic and no status call").isNull();
        assertThat(json(call("GET", "/api/trace")).get("active").asBoolean()).isFalse();
        call(api, "POST", "/api/trace", TOKEN, "{\"source\":\"127.0.0.1:5999\"}");
        assertThat(json(call("GET", "/api/trace")).get("source").asString()).isEqualTo("127.0.0.1:5999");
        assertThat(json(call("DELETE", "/api/trace")).get("wasActive").asBoolean()).isTrue();
        assertThat(midreg.stack().taps().current()).isNull();
    }

    /** Runs Debian's prometheus_client text parser over a scrape: sample name{labels sorted} → value. */
    static final class PrometheusText {
        private static final String SCRIPT = """
                import sys, json
                from prometheus_client.parser import text_string_to_metric_families
                out = {}
                for fam in text_string_to_metric_families(sys.stdin.read()):
                    for s in fam.samples:
                        labels = ",".join(k + "=" + v for k, v in sorted(s.labels.items()))
                        out[s.name + ("{" + labels + "}" if labels else "")] = s.value
                print(json.dumps(out))
                """;

        static Map<String, Double> parse(String text) throws Exception {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", SCRIPT).redirectErrorStream(false).start();
            try (var in = p.getOutputStream()) {
                in.write(text.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("the Prometheus parser accepts the scrape: " + err + "\n" + text).isZero();
            Map<String, Double> m = new HashMap<>();
            JSON.readTree(out).properties().forEach(e -> m.put(e.getKey(), e.getValue().asDouble()));
            return m;
        }
    }
}
