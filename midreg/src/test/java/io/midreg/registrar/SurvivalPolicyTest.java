package io.midreg.registrar;

import static io.midreg.registrar.ThrottlingPolicyTest.FLOW;
import static io.midreg.registrar.ThrottlingPolicyTest.NOW;
import static io.midreg.registrar.ThrottlingPolicyTest.refresh;
import static io.midreg.registrar.ThrottlingPolicyTest.registered;
import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.transport.Flow;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.upstream.health.AlwaysAvailable;
import io.midreg.upstream.health.BreakerSettings;
import io.midreg.upstream.health.CircuitBreaker;
import io.midreg.upstream.health.UpstreamFailure;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The throttling decision while the upstream target is down (known devices answered from the store, the rest refused with 503), on a fixed clock. */
class SurvivalPolicyTest {
    private final ChallengeTracker challenges = new ChallengeTracker(32_000, () -> NOW);
    private final ThrottlingPolicy contact = new ThrottlingPolicy(RegistrarSettings.defaults(ThrottlingMode.CONTACT), challenges);
    private final UpstreamView down = UpstreamView.downFor(17);

    private Decision decideDown(RegisterRequest req, AorRecord current) {
        return contact.decide(req, current, NOW, () -> {
            throw new AssertionError("no pacer token is asked for while the target is down");
        }, down);
    }

    @Test
    void aKnownDevicesDueRefreshIsAbsorbedWithTheSurvivalLifetime() throws Exception {
        Decision d = decideDown(refresh("cid", 6, 3600, FLOW), registered(400));
        assertThat(d).isInstanceOfSatisfying(Decision.Absorb.class, a -> {
            assertThat(a.survival()).isTrue();
            assertThat(a.paced()).isFalse();
            Binding b = a.after().bindings().get(0);
            assertThat(b.expiresAt()).as("capped by upstream.survival.expires (120 s)").isEqualTo(NOW + 120_000);
            assertThat(b.cseq()).isEqualTo(6);
            assertThat(b.upstream().expiresAt()).as("the upstream binding is not touched: the next refresh is due again").isEqualTo(NOW + 400_000);
        });
    }

    @Test
    void aShortDeviceLifetimeIsKeptBelowTheCap() throws Exception {
        Decision d = decideDown(refresh("cid", 6, 60, FLOW), registered(400));
        assertThat(((Decision.Absorb) d).after().bindings().get(0).expiresAt()).isEqualTo(NOW + 60_000);
    }

    @Test
    void aRefreshWhoseUpstreamBindingLapsedIsAbsorbedToo() throws Exception {
        Decision d = decideDown(refresh("cid", 6, 60, FLOW), registered(-30));
        assertThat(d).isInstanceOfSatisfying(Decision.Absorb.class, a -> assertThat(a.survival()).isTrue());
    }

    @Test
    void theFirstRefreshAfterTheTargetIsBackIsForwarded() throws Exception {
        Decision.Absorb survived = (Decision.Absorb) decideDown(refresh("cid", 6, 3600, FLOW), registered(5));
        Decision next = contact.decide(refresh("cid", 7, 3600, FLOW), survived.after(), NOW + 60_000, () -> true, UpstreamView.UP);
        assertThat(next).isInstanceOfSatisfying(Decision.Forward.class, f -> assertThat(f.reason()).isEqualTo(ForwardReason.UPSTREAM_DUE));
    }

    @Test
    void aRefreshNotDueIsAbsorbedAsUsualWithItsOwnLifetime() throws Exception {
        Decision d = decideDown(refresh("cid", 6, 60, FLOW), registered(3000));
        assertThat(d).isInstanceOfSatisfying(Decision.Absorb.class, a -> {
            assertThat(a.survival()).isFalse();
            assertThat(a.after().bindings().get(0).expiresAt()).isEqualTo(NOW + 60_000);
        });
    }

    @Test
    void everythingThatMustGoUpstreamGets503WithTheRetryAfter() throws Exception {
        Flow otherPort = Flow.udp(FLOW.local(), new InetSocketAddress("192.0.2.7", 40001));
        assertDown(decideDown(refresh("cid", 6, 60, FLOW), null));                       // new AOR
        assertDown(decideDown(refresh("other-cid", 6, 60, FLOW), registered(400)));      // new Call-ID (rebooted device)
        assertDown(decideDown(refresh("cid", 6, 60, otherPort), registered(400)));       // another flow
        assertDown(decideDown(refresh("cid", 6, 0, FLOW), registered(400)));             // removal
        AorRecord neverAccepted = new AorRecord(List.of(registered(3000).bindings().get(0).withUpstream(null)), null);
        assertDown(decideDown(refresh("cid", 6, 60, FLOW), neverAccepted));
    }

    @Test
    void mirrorModeAbsorbsAKnownDevicesRefreshWithTheSurvivalLifetimeAndRefusesTheRest() throws Exception {
        ThrottlingPolicy mirror = new ThrottlingPolicy(RegistrarSettings.defaults(ThrottlingMode.MIRROR), challenges);
        java.util.function.BooleanSupplier noToken = () -> {
            throw new AssertionError("no pacer token is asked for while the target is down");
        };
        Decision d = mirror.decide(refresh("cid", 6, 3600, FLOW), registered(3000), NOW, noToken, down);
        assertThat(d).isInstanceOfSatisfying(Decision.Absorb.class, a -> {
            assertThat(a.survival()).isTrue();
            Binding b = a.after().bindings().get(0);
            assertThat(b.expiresAt()).as("capped by upstream.survival.expires, even when not due upstream").isEqualTo(NOW + 120_000);
            assertThat(b.cseq()).isEqualTo(6);
        });
        assertThat(((Decision.Absorb) mirror.decide(refresh("cid", 6, 30, FLOW), registered(3000), NOW, noToken, down)).after()
                .bindings().get(0).expiresAt()).isEqualTo(NOW + 30_000);
        Flow otherPort = Flow.udp(FLOW.local(), new InetSocketAddress("192.0.2.7", 40001));
        assertDown(mirror.decide(refresh("cid", 6, 60, FLOW), null, NOW, noToken, down));
        assertDown(mirror.decide(refresh("other-cid", 6, 60, FLOW), registered(400), NOW, noToken, down));
        assertDown(mirror.decide(refresh("cid", 6, 60, otherPort), registered(400), NOW, noToken, down));
        assertDown(mirror.decide(refresh("cid", 6, 0, FLOW), registered(400), NOW, noToken, down));
        assertDown(mirror.decide(refresh("cid", 5, 60, FLOW), registered(400), NOW, noToken, down)); // CSeq not higher
        AorRecord neverAccepted = new AorRecord(List.of(registered(3000).bindings().get(0).withUpstream(null)), null);
        assertDown(mirror.decide(refresh("cid", 6, 60, FLOW), neverAccepted, NOW, noToken, down));
        assertThat(mirror.decide(refresh("cid", 6, 60, FLOW), registered(400), NOW, () -> true, UpstreamView.UP))
                .isInstanceOfSatisfying(Decision.Forward.class, f -> assertThat(f.reason()).isEqualTo(ForwardReason.MIRROR_MODE));
    }

    @Test
    void aLowerCSeqIsStill400() throws Exception {
        Decision d = decideDown(refresh("cid", 4, 60, FLOW), registered(400));
        assertThat(((Decision.Reject) d).rejection().status()).isEqualTo(400);
    }

    @Test
    void theViewReadsTheBreakerOnce() {
        assertThat(UpstreamView.of(new AlwaysAvailable(), NOW)).isEqualTo(UpstreamView.UP);
        CircuitBreaker b = new CircuitBreaker("t", new BreakerSettings(1, Duration.ofSeconds(2), Duration.ofSeconds(8), Duration.ZERO),
                () -> NOW, len -> 0);
        b.failed(UpstreamFailure.serverError(503, 42));
        UpstreamView v = UpstreamView.of(b, NOW);
        assertThat(v.down()).isTrue();
        assertThat(v.retryAfterSeconds()).isEqualTo(42);
        assertThat(UpstreamView.downFor(0).retryAfterSeconds()).as("at least 1").isEqualTo(1);
    }

    private void assertDown(Decision d) {
        assertThat(d).isInstanceOfSatisfying(Decision.Reject.class, r -> {
            assertThat(r.rejection().status()).isEqualTo(503);
            assertThat(r.rejection().counterKey()).isEqualTo(UpstreamView.REJECTED_WHILE_DOWN);
            assertThat(r.rejection().headers()).anySatisfy(h -> {
                assertThat(h[0]).isEqualTo("Retry-After");
                assertThat(h[1]).isEqualTo("17");
            });
        });
    }
}
