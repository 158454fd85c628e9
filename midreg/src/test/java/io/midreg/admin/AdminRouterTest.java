package io.midreg.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AdminRouterTest {
    private final AdminRouter router = new AdminRouter()
            .add("GET", "/api/bindings", echo("list"))
            .add("GET", "/api/bindings/{aor}", echo("show"))
            .add("DELETE", "/api/bindings/{aor}", echo("remove"))
            .add("POST", "/api/upstream/{aor}/refresh", echo("refresh"));

    private static Endpoint echo(String name) {
        return (r, p) -> CompletableFuture.completedFuture(AdminResponse.text(200, "text/plain", name + " " + String.join(",", p)));
    }

    private AdminResponse route(String method, String path) {
        return router.route(new AdminRequest(method, path, Map.of(), "")).join();
    }

    private static String body(AdminResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void methodAndPathPickTheEndpoint() {
        assertThat(body(route("GET", "/api/bindings"))).isEqualTo("list ");
        assertThat(body(route("GET", "/api/bindings/"))).as("a trailing slash is the same path").isEqualTo("list ");
        assertThat(body(route("GET", "/api/bindings/alice"))).isEqualTo("show alice");
        assertThat(body(route("DELETE", "/api/bindings/alice"))).isEqualTo("remove alice");
        assertThat(body(route("POST", "/api/upstream/bob/refresh"))).isEqualTo("refresh bob");
    }

    @Test
    void pathParametersArePercentDecoded() {
        assertThat(body(route("GET", "/api/bindings/sip%3Aalice%40example.com"))).isEqualTo("show sip:alice@example.com");
        assertThat(body(route("GET", "/api/bindings/a%2Fb"))).as("an encoded slash stays inside the segment").isEqualTo("show a/b");
        assertThat(body(route("GET", "/api/bindings/caf%C3%A9"))).isEqualTo("show café");
        assertThat(body(route("GET", "/api/bindings/a+b"))).as("'+' is not a space in a path").isEqualTo("show a+b");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
        AdminResponse r = route("GET", "/api/nothing");
        assertThat(r.status()).isEqualTo(404);
        assertThat(body(r)).contains("\"error\"").contains("/api/nothing");
        AdminResponse m = route("PUT", "/api/bindings/alice");
        assertThat(m.status()).isEqualTo(405);
        assertThat(body(m)).contains("GET").contains("DELETE");
        assertThat(route("GET", "/api/upstream/bob/refresh").status()).isEqualTo(405);
        assertThat(route("GET", "/api/bindings/alice/extra").status()).isEqualTo(404);
    }

    @Test
    void aBrokenEscapeIs400() {
        AdminResponse r = route("GET", "/api/bindings/%zz");
        assertThat(r.status()).isEqualTo(400);
        assertThat(body(r)).contains("bad %-escape");
        assertThat(route("GET", "/api/bindings/abc%4").status()).isEqualTo(400);
    }

    @Test
    void headerScanFindsToAndCallIdInLongAndCompactForm() {
        String m = "REGISTER sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nt: \"A\" <sip:alice@Example.com>;tag=1\r\ni: abc@h\r\n\r\nTo: <sip:body@x>\r\n";
        assertThat(SipHeaderScan.toUri(m)).isEqualTo("sip:alice@Example.com");
        assertThat(SipHeaderScan.callId(m)).isEqualTo("abc@h");
        assertThat(SipHeaderScan.toUri("SIP/2.0 200 OK\r\nTo: sip:bob@x;tag=2\r\n\r\n")).isEqualTo("sip:bob@x");
        assertThat(SipHeaderScan.callId("SIP/2.0 200 OK\r\n\r\nCall-ID: in-body\r\n")).as("not from the body").isNull();
    }

    @Test
    void traceSourceIsAnIpWithOptionalPort() {
        TraceFilter any = TraceFilter.forSource("127.0.0.1", 1);
        assertThat(any.matchesSource(new java.net.InetSocketAddress("127.0.0.1", 5))).isTrue();
        TraceFilter one = TraceFilter.forSource("127.0.0.1:5062", 1);
        assertThat(one.matchesSource(new java.net.InetSocketAddress("127.0.0.1", 5062))).isTrue();
        assertThat(one.matchesSource(new java.net.InetSocketAddress("127.0.0.1", 5063))).isFalse();
        assertThat(TraceFilter.forSource("[::1]:5060", 1).port()).isEqualTo(5060);
        for (String bad : List.of("example.com", "127.0.0.1:0", "127.0.0.1:x", "")) {
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> TraceFilter.forSource(bad, 1));
        }
    }
}
