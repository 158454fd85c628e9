package io.midreg.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.proxy.dialog.Dialog;
import io.midreg.proxy.dialog.DialogKey;
import io.midreg.proxy.dialog.DialogTable;
import io.midreg.proxy.dialog.Direction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/calls} and {@code /api/calls/{call-id}} over a call table: the filter by AOR, the limit, the fields, 404. */
class CallEndpointsTest {
    private long now = 1_800_000_000_000L;
    private final DialogTable table = new DialogTable(100, Duration.ofHours(2), Duration.ofSeconds(212), Duration.ofSeconds(30),
            () -> now, (task, delay) -> () -> { });
    /** As the registrar normalises: a missing scheme added. */
    private final CallEndpoints endpoints = new CallEndpoints(table, aor -> aor.startsWith("sip:") ? aor : "sip:" + aor, () -> now);

    private static JsonNode json(AdminResponse r) {
        return Json.mapper().readTree(new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void listShowsTheCallsOfAnAorUpToTheLimitWithStateAndTimes() {
        Dialog a = table.create(DialogKey.towardsDevice("call-a", "tok"), Direction.TO_DEVICE, "sip:alice@example.com", null,
                "udp:192.0.2.1:5060", "ft");
        now += 4_000;
        table.answered(a, "tt", "sip:alice@198.51.100.7:5062");
        table.create(DialogKey.fromDevice("call-b", "sip:alice@example.com"), Direction.FROM_DEVICE, "sip:alice@example.com",
                "sip:alice@198.51.100.7:5062", "udp:192.0.2.1:5060", "fb");
        table.create(DialogKey.towardsDevice("call-c", "tok-bob"), Direction.TO_DEVICE, "sip:bob@example.com", null, "udp:192.0.2.1:5060", "fc");
        now += 1_000;

        JsonNode all = json(endpoints.list(null, 100));
        assertThat(all.get("count").asInt()).isEqualTo(3);
        assertThat(all.get("truncated").asBoolean()).isFalse();

        AdminResponse r = endpoints.list("alice@example.com", 1);
        assertThat(r.status()).isEqualTo(200);
        JsonNode page = json(r);
        assertThat(page.get("count").asInt()).isEqualTo(2);
        assertThat(page.get("truncated").asBoolean()).isTrue();
        JsonNode first = page.get("calls").get(0);
        assertThat(first.get("callId").asString()).isEqualTo("call-a");
        assertThat(first.get("direction").asString()).isEqualTo("to-device");
        assertThat(first.get("state").asString()).isEqualTo("confirmed");
        assertThat(first.get("device").asString()).isEqualTo("sip:alice@198.51.100.7:5062");
        assertThat(first.get("upstream").asString()).isEqualTo("udp:192.0.2.1:5060");
        assertThat(first.get("callerTag").asString()).isEqualTo("ft");
        assertThat(first.get("calleeTag").asString()).isEqualTo("tt");
        assertThat(first.get("ageSeconds").asLong()).isEqualTo(5);
        assertThat(first.get("answeredAt").asString()).isEqualTo("2027-01-15T08:00:04Z");
        assertThat(first.get("expiresIn").asLong()).isEqualTo(7200 - 1);
    }

    @Test
    void showFindsACallByItsCallIdAndSays404ForOneItDoesNotHold() {
        table.create(DialogKey.fromDevice("call-b", "sip:alice@example.com"), Direction.FROM_DEVICE, "sip:alice@example.com",
                "sip:alice@198.51.100.7:5062", "udp:192.0.2.1:5060", "fb");
        JsonNode shown = json(endpoints.show("call-b"));
        assertThat(shown.get("callId").asString()).isEqualTo("call-b");
        assertThat(shown.get("calls")).singleElement().satisfies(c -> {
            assertThat(c.get("state").asString()).isEqualTo("trying");
            assertThat(c.get("direction").asString()).isEqualTo("from-device");
            assertThat(c.get("answeredAt").isNull()).isTrue();
            assertThat(c.get("calleeTag").isNull()).isTrue();
        });
        AdminResponse missing = endpoints.show("nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(json(missing).get("error").asString()).isEqualTo("no call with Call-ID nope");
    }
}
