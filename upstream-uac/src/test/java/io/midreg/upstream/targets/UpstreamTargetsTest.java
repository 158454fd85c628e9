package io.midreg.upstream.targets;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.transport.TransportProtocol;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.UpstreamTarget;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The choice of a target per AOR, on a virtual clock (epoch ms passed in), with switchable health. */
class UpstreamTargetsTest {
    private static final int AORS = 2000;
    private final Map<String, SwitchableHealth> health = new HashMap<>();
    private final List<String> opened = new ArrayList<>();
    private final UpstreamTargets targets = new UpstreamTargets(c -> {
        opened.add(c.name());
        SwitchableHealth h = health.computeIfAbsent(c.name(), n -> new SwitchableHealth());
        return new UpstreamLeg(new UpstreamRelay(null, new UpstreamTarget(TransportProtocol.UDP, c.address(), null, "127.0.0.1:5060"), h), null);
    });

    private static Candidate target(String name, int port, int priority, int weight) {
        return new Candidate(name, new InetSocketAddress("127.0.0.1", port), priority, weight);
    }

    private Map<String, Integer> spread(long now) {
        Map<String, Integer> n = new HashMap<>();
        for (int i = 0; i < AORS; i++) n.merge(targets.targetOf("sip:u" + i + "@example.com", now), 1, Integer::sum);
        return n;
    }

    @Test
    void everyAorGoesToTheBestPriorityWhileItIsAvailable() {
        targets.update(List.of(target("b", 5071, 2, 1), target("a", 5070, 1, 1)));
        assertThat(spread(0)).containsOnlyKeys("a");
        assertThat(targets.targets(0)).extracting(TargetView::name).containsExactly("a", "b");
        assertThat(targets.targets(0)).extracting(TargetView::active).containsExactly(true, false);
    }

    @Test
    void theNextPriorityTakesOverWhenTheBestIsDownAndGivesBackWhenItReturns() {
        targets.update(List.of(target("a", 5070, 1, 1), target("b", 5071, 2, 1)));
        health.get("a").downUntil(60_000);
        assertThat(spread(1_000)).containsOnlyKeys("b");
        assertThat(targets.targets(1_000)).extracting(TargetView::active).containsExactly(false, true);
        assertThat(spread(60_000)).as("a is back: RFC 2782 priorities prefer it again").containsOnlyKeys("a");
    }

    @Test
    void eachLegCarriesItsTargetsNameAndAStoredTargetIsFoundOnlyWhileAvailable() {
        targets.update(List.of(target("a", 5070, 1, 1), target("b", 5071, 2, 1)));
        String aor = "sip:u1@example.com";
        assertThat(targets.select(aor, 0).target()).isEqualTo("a");
        assertThat(targets.availableLeg(aor, "b", 0).target()).as("b is up: an AOR registered there may stay").isEqualTo("b");
        health.get("a").downUntil(60_000);
        assertThat(targets.availableLeg(aor, "a", 1_000)).as("a is down: its AORs must move").isNull();
        assertThat(targets.select(aor, 1_000).target()).isEqualTo("b");
        assertThat(targets.availableLeg(aor, "a", 60_000).target()).isEqualTo("a");
        assertThat(targets.availableLeg(aor, "gone:5060", 0)).as("a target no longer configured").isNull();
        assertThat(targets.availableLeg(aor, "", 0)).as("records from before: no stored target").isNull();
    }

    @Test
    void aorsShareTargetsOfOnePriorityByWeightAndTheChoiceIsTheSameEveryTime() {
        targets.update(List.of(target("a", 5070, 1, 3), target("b", 5071, 1, 1)));
        Map<String, Integer> n = spread(0);
        assertThat(n.get("a")).as("weight 3 of 4").isBetween((int) (AORS * 0.70), (int) (AORS * 0.80));
        assertThat(n.get("b")).isBetween((int) (AORS * 0.20), (int) (AORS * 0.30));
        // Deterministic: a fresh instance (a restart) puts every AOR where it was.
        UpstreamTargets again = new UpstreamTargets(c -> new UpstreamLeg(new UpstreamRelay(null,
                new UpstreamTarget(TransportProtocol.UDP, c.address(), null, "x:1")), null));
        again.update(List.of(target("b", 5071, 1, 1), target("a", 5070, 1, 3)));
        for (int i = 0; i < AORS; i++) {
            String aor = "sip:u" + i + "@example.com";
            assertThat(again.targetOf(aor, 0)).isEqualTo(targets.targetOf(aor, 0));
        }
    }

    @Test
    void whenOneTargetFailsOnlyItsAorsMoveTheOthersStay() {
        targets.update(List.of(target("a", 5070, 1, 1), target("b", 5071, 1, 1), target("c", 5072, 1, 1)));
        Map<String, String> before = new HashMap<>();
        for (int i = 0; i < AORS; i++) before.put("sip:u" + i + "@example.com", targets.targetOf("sip:u" + i + "@example.com", 0));
        health.get("b").downUntil(10_000);
        int moved = 0;
        for (Map.Entry<String, String> e : before.entrySet()) {
            String now = targets.targetOf(e.getKey(), 5_000);
            if (e.getValue().equals("b")) {
                assertThat(now).isIn("a", "c");
                moved++;
            } else {
                assertThat(now).as("%s was on a healthy target", e.getKey()).isEqualTo(e.getValue());
            }
        }
        assertThat(moved).as("about a third were on b").isBetween(AORS / 4, AORS * 5 / 12);
        for (Map.Entry<String, String> e : before.entrySet()) {
            assertThat(targets.targetOf(e.getKey(), 10_000)).as("b is back").isEqualTo(e.getValue());
        }
    }

    @Test
    void weightZeroIsUsedOnlyWhenThePositiveWeightsOfItsPriorityAreOut() {
        targets.update(List.of(target("a", 5070, 1, 5), target("z", 5071, 1, 0)));
        assertThat(spread(0)).containsOnlyKeys("a");
        health.get("a").downUntil(1_000);
        assertThat(spread(0)).containsOnlyKeys("z");
    }

    @Test
    void withEveryTargetDownTheOneBackFirstIsChosen() {
        targets.update(List.of(target("a", 5070, 1, 1), target("b", 5071, 2, 1)));
        health.get("a").downUntil(90_000);
        health.get("b").downUntil(30_000);
        assertThat(spread(0)).containsOnlyKeys("b");
        assertThat(targets.targets(0)).extracting(TargetView::available).containsExactly(false, false);
    }

    @Test
    void anUpdateKeepsWhatAKnownTargetLearnedAndOpensOnlyNewOnes() {
        targets.update(List.of(target("a", 5070, 1, 1), target("b", 5071, 2, 1)));
        UpstreamLeg a = targets.legs().get(0);
        targets.update(List.of(target("a", 5070, 1, 1), target("c", 5072, 2, 1), target("a", 5070, 1, 1)));
        assertThat(opened).containsExactly("a", "b", "c");
        assertThat(targets.legs()).hasSize(2);
        assertThat(targets.legs().get(0)).isSameAs(a);
        assertThat(targets.targets(0)).extracting(TargetView::name).containsExactly("a", "c");
    }

    @Test
    void noTargetKnownSelectsNothing() {
        assertThat(targets.select("sip:u@example.com", 0)).isNull();
        targets.update(List.of());
        assertThat(targets.select("sip:u@example.com", 0)).isNull();
    }
}
