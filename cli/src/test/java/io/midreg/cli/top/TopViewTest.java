package io.midreg.cli.top;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopViewTest {
    private static StatsSnapshot stats(long uptimeMillis, long received, long absorbed, long forwarded, Double cap, Long flows) {
        return new StatsSnapshot(uptimeMillis, received, absorbed, forwarded, 7, 3, 1, 0, 2, 40, 55, cap, flows, null);
    }

    @Test
    void ratesAndRatiosComeFromTheIntervalAndTheTotals() {
        StatsSnapshot before = stats(10_000, 1000, 800, 200, null, null);
        StatsSnapshot now = stats(12_000, 1600, 1380, 220, null, null);
        List<String> screen = TopView.screen("midreg top - 127.0.0.1:9070", before, now, 2.0);
        String text = String.join("\n", screen);
        assertThat(screen.get(0)).isEqualTo("midreg top - 127.0.0.1:9070   up 0:00:12");
        // 600 received, 580 absorbed, 20 forwarded in 2 s
        assertThat(text).contains("received     300.0").contains("absorbed     290.0").contains("forwarded      10.0");
        assertThat(text).contains("upstream      10.0/s (no cap)");
        assertThat(text).contains("reduction     30.0x last 2.0 s   7.3x since start");
        assertThat(text).contains("absorbed      96.7% last 2.0 s   86.3% since start");
        assertThat(text).contains("2xx 7   401/407 3   4xx 1   5xx 0   no answer 2");
        assertThat(text).contains("40 AORs   55 bindings   flows -   calls -");
    }

    @Test
    void aCapIsShownWithTheShareOfItInUse() {
        StatsSnapshot before = stats(1000, 0, 0, 0, 50.0, 12L);
        StatsSnapshot now = stats(2000, 100, 75, 25, 50.0, 12L);
        String text = String.join("\n", TopView.screen("t", before, now, 1.0));
        assertThat(text).contains("upstream      25.0/s of cap 50.0/s (50%)").contains("flows 12");
        assertThat(TopView.line(before, now, 1.0)).contains("cap=50.0").contains("flows=12");
    }

    @Test
    void nothingForwardedInTheIntervalReadsAllAbsorbed() {
        StatsSnapshot before = stats(1000, 100, 80, 20, null, null);
        StatsSnapshot now = stats(2000, 150, 130, 20, null, null);
        assertThat(String.join("\n", TopView.screen("t", before, now, 1.0))).contains("all absorbed last 1.0 s   7.5x since start");
        assertThat(TopView.line(before, now, 1.0)).contains("reduction=all-absorbed").contains("total-reduction=7.5x");
    }

    @Test
    void theFirstFrameUsesTheRatesSinceTheStart() {
        StatsSnapshot now = stats(4000, 400, 300, 100, null, null);
        assertThat(TopView.line(null, now, 0)).startsWith("up=0:00:04 received/s=100.0 absorbed/s=75.0 forwarded/s=25.0 cap=none reduction=4.0x");
    }

    @Test
    void aRestartedInstanceShowsNoNegativeRates() {
        StatsSnapshot before = stats(100_000, 5000, 4000, 1000, null, null);
        StatsSnapshot now = stats(1000, 10, 0, 10, null, null);
        assertThat(TopView.line(before, now, 1.0)).contains("received/s=- absorbed/s=- forwarded/s=-");
    }

    @Test
    void anIdleInstanceHasNoRatio() {
        StatsSnapshot s = stats(1000, 0, 0, 0, null, null);
        assertThat(String.join("\n", TopView.screen("t", s, s, 1.0))).contains("reduction     - last 1.0 s   - since start");
        assertThat(TopView.uptime(90_061_000)).isEqualTo("25:01:01");
    }
}
