package io.midreg.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class VirtualClockTest {
    @Test
    void runsDueTasksInOrderIncludingOnesScheduledWhileAdvancing() {
        VirtualClock s = new VirtualClock();
        List<String> log = new ArrayList<>();
        s.schedule(() -> log.add("b@" + s.now().toMillis()), Duration.ofMillis(200));
        s.schedule(() -> {
            log.add("a@" + s.now().toMillis());
            s.schedule(() -> log.add("c@" + s.now().toMillis()), Duration.ofMillis(150));
        }, Duration.ofMillis(100));
        VirtualClock.Scheduled gone = s.schedule(() -> log.add("never"), Duration.ofMillis(120));
        gone.cancel();
        s.schedule(() -> log.add("late"), Duration.ofSeconds(5));

        s.advanceBy(Duration.ofMillis(300));
        assertThat(log).containsExactly("a@100", "b@200", "c@250");
        assertThat(s.now()).isEqualTo(Duration.ofMillis(300));
        assertThat(s.pending()).isEqualTo(1);
    }
}
