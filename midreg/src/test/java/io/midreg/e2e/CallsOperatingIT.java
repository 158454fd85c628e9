package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.server.MidregServer;
import io.midreg.testing.Cleanup;
import io.midreg.testing.KamailioOptions;
import io.midreg.testing.KamailioRegistrar;
import io.midreg.testing.Sipp;
import io.midreg.testing.SippUas;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Watching calls (contact mode, UDP, Kamailio as the upstream registrar, a SIPp PBX and a SIPp
 * device): while a call is up it is in {@code GET /api/calls} as confirmed, with its AOR,
 * direction, device and the PBX's address, and {@code midreg_calls_active{state="confirmed"}} is
 * 1; after the BYE it is gone, the gauge is 0 and {@code midreg_calls_ended_total{reason="bye"}}
 * counts it. A call the PBX cancels while the device rings ends as cancelled.
 */
@Timeout(120)
class CallsOperatingIT {
    private static final String DOMAIN = KamailioOptions.DEFAULT_REALM;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Cleanup started = new Cleanup();
    private final HttpClient http = HttpClient.newHttpClient();
    private KamailioRegistrar kamailio;
    private MidregServer midreg;
    private InetSocketAddress udp;

    @BeforeEach
    void start() throws Exception {
        kamailio = started.add(KamailioRegistrar.start(KamailioOptions.withoutAuth()));
        midreg = CallsTestBed.midreg(started, kamailio.address().getPort(), c -> c, "");
        udp = RegistrarEndToEnd.udpAddress(midreg);
    }

    @AfterEach
    void stop() throws Exception {
        started.close();
    }

    /** Registers {@code user} through midreg from a port that is then free for a SIPp device; returns the port and the token. */
    private String[] registered(String user) throws Exception {
        return CallsTestBed.registeredForSipp(kamailio, udp, user, DOMAIN);
    }

    private String get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(midreg.admin().url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return r.body();
    }

    private JsonNode calls() throws Exception {
        return JSON.readTree(get("/api/calls"));
    }

    /** Polls {@code /api/calls} (bounded: 30 s) until {@code test} holds; the last answer. */
    private JsonNode callsUntil(Predicate<JsonNode> test) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode c = calls();
        while (!test.test(c) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            c = calls();
        }
        return c;
    }

    @Test
    void aHeldCallIsListedAsConfirmedWhileUpAndIsGoneAfterItsBye() throws Exception {
        String[] reg = registered("watched");
        SippUas device = started.add(SippUas.start("device-answer-uas.xml", Integer.parseInt(reg[0]), false));
        assertThat(calls().get("count").asInt()).isZero();
        CompletableFuture<Sipp.Result> call = CompletableFuture.supplyAsync(() -> {
            try {
                return Sipp.run("pbx-call-hold-uac.xml", udp, "u1", 1, 1, 60, "-s", reg[1], "-d", "8000");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonNode up = callsUntil(c -> c.get("count").asInt() == 1 && "confirmed".equals(c.get("calls").get(0).get("state").asString()));
        assertThat(up.get("count").asInt()).as(up.toString()).isEqualTo(1);
        JsonNode c = up.get("calls").get(0);
        assertThat(c.get("state").asString()).isEqualTo("confirmed");
        assertThat(c.get("direction").asString()).isEqualTo("to-device");
        assertThat(c.get("aor").asString()).isEqualTo("sip:watched@" + DOMAIN);
        assertThat(c.get("device").asString()).as("the binding's Contact").contains("127.0.0.1:" + reg[0]);
        assertThat(c.get("upstream").asString()).startsWith("udp:127.0.0.1:");
        assertThat(c.get("calleeTag").asString()).as("the device's To tag").contains("SIPpTag01");
        assertThat(c.get("answeredAt").isNull()).isFalse();
        String callId = c.get("callId").asString();
        JsonNode shown = JSON.readTree(get("/api/calls/" + java.net.URLEncoder.encode(callId, java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(shown.get("calls")).hasSize(1);
        assertThat(JSON.readTree(get("/api/calls?aor=watched@" + DOMAIN)).get("count").asInt()).isEqualTo(1);
        assertThat(JSON.readTree(get("/api/calls?aor=nobody@" + DOMAIN)).get("count").asInt()).isZero();
        assertThat(get("/metrics")).contains("midreg_calls_active{state=\"confirmed\"} 1.0").contains("midreg_calls_active{state=\"trying\"} 0.0");
        assertThat(JSON.readTree(get("/api/stats")).get("calls").get("active").asInt()).isEqualTo(1);

        Sipp.Result done = call.get(90, TimeUnit.SECONDS);
        assertThat(done.allCallsSucceeded()).as(done.output()).isTrue();
        assertThat(device.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "ACK", "BYE");
        assertThat(calls().get("count").asInt()).as("gone once the BYE's 200 reached the PBX").isZero();
        assertThat(get("/metrics")).contains("midreg_calls_active{state=\"confirmed\"} 0.0")
                .contains("midreg_calls_ended_total{reason=\"bye\"} 1.0");
        assertThat(midreg.calls().dialogs().size()).isZero();
    }

    @Test
    void aCallThePbxCancelsWhileTheDeviceRingsEndsAsCancelled() throws Exception {
        String[] reg = registered("cancelled");
        SippUas device = started.add(SippUas.start("device-ring-cancelled-uas.xml", Integer.parseInt(reg[0]), false));
        Sipp.Result call = Sipp.run("pbx-call-cancel-uac.xml", udp, "u1", 1, 1, 30, "-s", reg[1]);
        assertThat(call.allCallsSucceeded()).as(call.output()).isTrue();
        assertThat(device.requests()).extracting(SippUas.Received::method).containsExactly("INVITE", "CANCEL", "ACK");
        assertThat(calls().get("count").asInt()).isZero();
        assertThat(get("/metrics")).contains("midreg_calls_ended_total{reason=\"cancelled\"} 1.0")
                .contains("midreg_calls_ended_total{reason=\"bye\"} 0.0")
                .contains("midreg_calls_active{state=\"early\"} 0.0");
        assertThat(midreg.calls().stats().callerCancels.sum()).isEqualTo(1);
    }
}
