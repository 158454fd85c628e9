package io.midreg.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3261 §16.6 forking by q: sequential groups by descending q, parallel within equal q. */
class ForkPlanTest {
    record Dev(String name, int q) {
    }

    @Test
    void groupsByDescendingQKeepingTheOrderWithinEqualQ() {
        Dev a = new Dev("a", 500);
        Dev b = new Dev("b", 1000);
        Dev c = new Dev("c", 500);
        Dev d = new Dev("d", 100);
        Dev e = new Dev("e", 1000);
        ForkPlan<Dev> plan = ForkPlan.byQ(List.of(a, b, c, d, e), Dev::q);
        assertThat(plan.groups()).containsExactly(List.of(b, e), List.of(a, c), List.of(d));
        assertThat(plan.groupCount()).isEqualTo(3);
    }

    @Test
    void aBindingWithoutQRingsWithQOne() {
        Dev none = new Dev("none", -1);
        Dev one = new Dev("one", 1000);
        Dev half = new Dev("half", 500);
        assertThat(ForkPlan.byQ(List.of(half, none, one), Dev::q).groups())
                .containsExactly(List.of(none, one), List.of(half));
    }

    @Test
    void equalQIsOneParallelGroupAndNothingIsAnEmptyPlan() {
        Dev a = new Dev("a", -1);
        Dev b = new Dev("b", -1);
        assertThat(ForkPlan.byQ(List.of(a, b), Dev::q).groups()).containsExactly(List.of(a, b));
        assertThat(ForkPlan.byQ(List.<Dev>of(), Dev::q).isEmpty()).isTrue();
        assertThat(ForkPlan.parallel(List.of(new Dev("x", 100), new Dev("y", 900))).groupCount()).isEqualTo(1);
        assertThatThrownBy(() -> new ForkPlan<>(List.of(List.of()))).isInstanceOf(IllegalArgumentException.class);
    }
}
