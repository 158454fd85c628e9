package io.midreg.cli.top;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsJsonTest {
    @Test
    void readsTheAdminApiStats() {
        StatsSnapshot s = StatsJson.parse("""
                {"uptimeMillis":61000,
                 "registrar":{"received":900,"absorbed":850,"forwarded":50,"upstream2xx":40,"upstreamChallenges":9,"upstream4xx":1,
                              "upstream5xx":0,"upstreamTimeouts":0,"rejections":{"cseq-order":2},"forwardReasons":{"new_aor":50}},
                 "active":{"aors":25,"bindings":30},"transactions":{"server":3},"store":{"entries":25}}
                """);
        assertThat(s).isEqualTo(new StatsSnapshot(61000, 900, 850, 50, 40, 9, 1, 0, 0, 25, 30, null, null, null));
    }

    @Test
    void readsCapFlowsAndCallsWhenPresent() {
        StatsSnapshot s = StatsJson.parse("{\"registrar\":{},\"upstream\":{\"capPerSecond\":20.5},\"flows\":{\"active\":7},\"calls\":3}");
        assertThat(s.upstreamCapPerSecond()).isEqualTo(20.5);
        assertThat(s.flows()).isEqualTo(7);
        assertThat(s.calls()).isEqualTo(3);
    }

    @Test
    void refusesWhatIsNotTheStats() {
        assertThatThrownBy(() -> StatsJson.parse("<html>")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> StatsJson.parse("{\"status\":\"up\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no \"registrar\"");
    }
}
