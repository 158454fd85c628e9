package io.midreg.nat.keepalive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongIntIndexTest {

    @Test
    void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
        Random random = new Random(42);
        LongIntIndex index = new LongIntIndex(4);
        Map<Long, Integer> reference = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            // few distinct keys, with the special ones, so probe runs collide and wrap often
            long key = switch (random.nextInt(20)) {
                case 0 -> Long.MIN_VALUE;
                case 1 -> Long.MAX_VALUE;
                default -> random.nextInt(3_000) * 1_000_003L;
            };
            if (random.nextInt(3) == 0) {
                Integer was = reference.remove(key);
                assertThat(index.remove(key)).isEqualTo(was == null ? -1 : was);
            } else {
                int value = random.nextInt(Integer.MAX_VALUE);
                reference.put(key, value);
                index.put(key, value);
            }
            assertThat(index.size()).isEqualTo(reference.size());
        }
        for (Map.Entry<Long, Integer> e : reference.entrySet()) assertThat(index.get(e.getKey())).isEqualTo(e.getValue());
        assertThat(index.get(7L)).isEqualTo(-1);
    }
}
