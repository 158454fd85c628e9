package io.midreg.upstream.targets;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.transport.TransportProtocol;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.UpstreamTarget;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one upstream router: the single target, or several with the holding target kept while it
 * is up and failover when it is down. Virtual clock (epoch ms passed in), health switched by hand.
 */
class HoldingTargetRouterTest {
    private static final String AOR = "sip:alice@example.com";
    private final Map<String, SwitchableHealth> health = new HashMap<>();
    private final UpstreamTargets targets = new UpstreamTargets(c -> new UpstreamLeg(new UpstreamRelay(null,
            new UpstreamTarget(TransportProtocol.UDP, c.address(), null, "127.0.0.1:5060"),
            health.computeIfAbsent(c.name(), n -> new SwitchableHealth())), null));
    private final UpstreamLeg single = new UpstreamLeg(new UpstreamRelay(null,
            new UpstreamTarget(TransportProtocol.UDP, new InetSocketAddress("127.0.0.1", 5060), null, "127.0.0.1:5060")), null);
    private final HoldingTargetRouter router = new HoldingTargetRouter(single);

    private void twoTargets() {
        targets.update(List.of(new Candidate("a:5070", new InetSocketAddress("127.0.0.1", 5070), 1, 1),
                new Candidate("b:5071", new InetSocketAddress("127.0.0.1", 5071), 2, 1)));
        router.useRoute(targets);
    }

    @Test
    void withTheSingleTargetEverythingGoesThereAndNothingMoves() {
        assertThat(router.current(AOR, 0)).isSameAs(single);
        assertThat(router.holding(AOR, "a:5070", 0)).isSameAs(single);
        assertThat(router.mustMove(AOR, "a:5070", single, 0)).isFalse();
        assertThat(router.route()).isNull();
        UpstreamLeg reloaded = new UpstreamLeg(single.relay(), null);
        router.single(reloaded);
        assertThat(router.current(AOR, 0)).isSameAs(reloaded);
    }

    @Test
    void theHoldingTargetKeepsItsAorWhileUpAndTheCurrentOneTakesOverWhenItIsDown() {
        twoTargets();
        assertThat(router.current(AOR, 0).target()).isEqualTo("a:5070");
        assertThat(router.holding(AOR, "b:5071", 0).target()).as("affinity: b holds it and is up").isEqualTo("b:5071");
        assertThat(router.holding(AOR, null, 0).target()).isEqualTo("a:5070");
        assertThat(router.holding(AOR, "", 0).target()).isEqualTo("a:5070");
        health.get("b:5071").downUntil(60_000);
        assertThat(router.holding(AOR, "b:5071", 1_000).target()).as("b is down: failover to the current").isEqualTo("a:5070");
        assertThat(router.holding(AOR, "gone:5080", 1_000).target()).as("no longer configured").isEqualTo("a:5070");
    }

    @Test
    void aRegistrationMovesOnlyWhenItsTargetIsDownAndTheCurrentOneIsUp() {
        twoTargets();
        UpstreamLeg a = router.current(AOR, 0);
        assertThat(router.mustMove(AOR, "b:5071", a, 0)).as("b is up (failback): stays until due").isFalse();
        assertThat(router.mustMove(AOR, "a:5070", a, 0)).as("held where it would go").isFalse();
        assertThat(router.mustMove(AOR, "", a, 0)).as("records from before").isFalse();
        health.get("b:5071").downUntil(60_000);
        assertThat(router.mustMove(AOR, "b:5071", a, 1_000)).isTrue();
        assertThat(router.mustMove(AOR, "gone:5080", a, 1_000)).isTrue();
        health.get("a:5070").downUntil(60_000);
        assertThat(router.mustMove(AOR, "b:5071", a, 1_000)).as("every target down: answered from the store, not moved").isFalse();
        assertThat(router.mustMove(AOR, "b:5071", null, 1_000)).isFalse();
    }

    @Test
    void theUpstreamsAreTheTargetsAddressesOnAnyPort() throws Exception {
        java.net.InetAddress loopback = java.net.InetAddress.getByName("127.0.0.1");
        java.net.InetAddress other = java.net.InetAddress.getByName("127.0.0.2");
        assertThat(router.isUpstream(loopback)).as("the single target").isTrue();
        assertThat(router.isUpstream(other)).isFalse();
        targets.update(List.of(new Candidate("c:5070", new InetSocketAddress("127.0.0.2", 5070), 1, 1)));
        router.useRoute(targets);
        assertThat(router.isUpstream(other)).isTrue();
        assertThat(router.isUpstream(loopback)).as("no longer a target").isFalse();
    }
}
