package io.midreg.upstream.targets;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Rfc2782OrderTest {
    private static Candidate c(String name, int priority, int weight) {
        return new Candidate(name, new InetSocketAddress("127.0.0.1", 5060), priority, weight);
    }

    @Test
    void lowerPriorityAlwaysComesFirst() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            List<Candidate> o = Rfc2782Order.order(List.of(c("p3", 3, 100), c("p1", 1, 0), c("p2", 2, 50)), random);
            assertThat(o).extracting(Candidate::name).containsExactly("p1", "p2", "p3");
        }
    }

    @Test
    void withinAPriorityTheFirstIsDrawnInProportionToWeight() {
        SplittableRandom random = new SplittableRandom(7);
        int heavyFirst = 0;
        int zeroFirst = 0;
        int runs = 10_000;
        for (int i = 0; i < runs; i++) {
            List<Candidate> o = Rfc2782Order.order(List.of(c("light", 1, 10), c("heavy", 1, 30), c("zero", 1, 0)), random);
            assertThat(o).hasSize(3);
            if (o.get(0).name().equals("heavy")) heavyFirst++;
            if (o.get(0).name().equals("zero")) zeroFirst++;
        }
        assertThat(heavyFirst).as("30 of 40").isBetween((int) (runs * 0.72), (int) (runs * 0.78));
        assertThat(zeroFirst).as("weight 0: only the draw of exactly 0, 1 in 41").isLessThan(runs / 20);
    }

    @Test
    void allZeroWeightsStillGiveEveryOne() {
        List<Candidate> o = Rfc2782Order.order(List.of(c("a", 1, 0), c("b", 1, 0)), new SplittableRandom(3));
        assertThat(o).extracting(Candidate::name).containsExactlyInAnyOrder("a", "b");
    }
}
