package io.midreg.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExpiryIndexTest {

    private static final long NEVER = Long.MAX_VALUE;

    @Test
    void reportsWhatFallsDueAndWhich() {
        ExpiryIndex index = new ExpiryIndex(10);
        index.update("sip:a@x", 1_000, NEVER);
        index.update("sip:b@x", 5_000, 2_000);
        index.update("sip:c@x", 9_000, 9_000);

        Map<String, DueAor> due = byAor(index.dueBefore(3_000, 100));

        assertThat(due).containsOnlyKeys("sip:a@x", "sip:b@x");
        assertThat(due.get("sip:a@x").bindingDue()).isTrue();
        assertThat(due.get("sip:a@x").upstreamDue()).isFalse();
        assertThat(due.get("sip:b@x").bindingDue()).isFalse();
        assertThat(due.get("sip:b@x").upstreamDue()).isTrue();
        assertThat(due.get("sip:b@x").upstreamExpiry()).isEqualTo(2_000);
    }

    @Test
    void updatesMoveAndRemovalsDropEntries() {
        ExpiryIndex index = new ExpiryIndex(10);
        index.update("sip:a@x", 1_000, NEVER);
        index.update("sip:b@x", 1_000, NEVER);
        assertThat(index.dueBefore(2_000, 10)).hasSize(2);

        index.update("sip:a@x", 5_000, NEVER); // refreshed
        index.remove("sip:b@x");
        assertThat(index.dueBefore(2_000, 10)).isEmpty();
        assertThat(index.dueBefore(6_000, 10)).extracting(DueAor::aor).containsExactly("sip:a@x");

        index.update("sip:a@x", NEVER, NEVER); // nothing left to expire
        assertThat(index.size()).isZero();
    }

    @Test
    void limitBoundsTheResult() {
        ExpiryIndex index = new ExpiryIndex(10);
        for (int i = 0; i < 100; i++) {
            index.update("sip:" + i + "@x", i, NEVER);
        }
        assertThat(index.dueBefore(1_000, 7)).hasSize(7);
        assertThat(index.dueBefore(1_000, 1_000)).hasSize(100);
    }

    @Test
    void agreesWithAPlainMapOverRandomOperations() {
        ExpiryIndex index = new ExpiryIndex(16); // small, so tables grow and rehash
        Map<String, long[]> model = new HashMap<>();
        Random random = new Random(7);
        for (int op = 0; op < 50_000; op++) {
            String aor = "sip:" + random.nextInt(3_000) + "@x";
            if (random.nextInt(4) == 0) {
                index.remove(aor);
                model.remove(aor);
            } else {
                long b = random.nextInt(10) == 0 ? NEVER : random.nextInt(100_000);
                long u = random.nextInt(3) == 0 ? NEVER : random.nextInt(100_000);
                index.update(aor, b, u);
                if (b == NEVER && u == NEVER) {
                    model.remove(aor);
                } else {
                    model.put(aor, new long[] {b, u});
                }
            }
            if (op % 5_000 == 0) {
                long t = random.nextInt(100_000);
                assertThat(byAor(index.dueBefore(t, Integer.MAX_VALUE)).keySet())
                        .isEqualTo(model.entrySet().stream()
                                .filter(e -> e.getValue()[0] < t || e.getValue()[1] < t)
                                .map(Map.Entry::getKey).collect(Collectors.toSet()));
            }
        }
        assertThat(index.size()).isEqualTo(model.size());
        assertThat(index.dueBefore(NEVER, Integer.MAX_VALUE)).hasSize(model.size());
    }

    private static Map<String, DueAor> byAor(List<DueAor> due) {
        return due.stream().collect(Collectors.toMap(DueAor::aor, d -> d));
    }
}
