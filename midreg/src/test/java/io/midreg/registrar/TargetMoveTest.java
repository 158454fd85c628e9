package io.midreg.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.UpstreamState;
import io.midreg.testing.TripAfterFailures;
import io.midreg.upstream.ContactToken;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.UpstreamTarget;
import io.midreg.upstream.targets.Candidate;
import io.midreg.upstream.targets.UpstreamTargets;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An upstream registration held by a target that went out of service moves with the device's
 * next refresh, paced; one held by a target that is up stays (affinity); old records and a
 * single target never move. Fixed clock; the targets' health is switched by hand.
 */
class TargetMoveTest {
    static final long NOW = ThrottlingPolicyTest.NOW;
    static final String AOR = ThrottlingPolicyTest.AOR;

    private final ChallengeTracker challenges = new ChallengeTracker(32_000, () -> NOW);
    private final ThrottlingPolicy contact = new ThrottlingPolicy(RegistrarSettings.defaults(ThrottlingMode.CONTACT), challenges);

    private final Map<String, TripAfterFailures> health = new HashMap<>();
    private final UpstreamTargets targets = new UpstreamTargets(c -> new io.midreg.upstream.targets.UpstreamLeg(new UpstreamRelay(null,
            new UpstreamTarget(TransportProtocol.UDP, c.address(), null, "127.0.0.1:5060"), health.computeIfAbsent(c.name(), n -> TripAfterFailures.switchedByHand())),
            null));

    TargetMoveTest() {
        // a is preferred, b the standby
        targets.update(List.of(new Candidate("a:5070", new InetSocketAddress("127.0.0.1", 5070), 1, 1),
                new Candidate("b:5071", new InetSocketAddress("127.0.0.1", 5071), 2, 1)));
    }

    /** A binding registered upstream at {@code target}, its upstream registration far from due. */
    static AorRecord heldAt(String target) {
        AorRecord r = ThrottlingPolicyTest.registered(3000);
        Binding b = r.bindings().get(0);
        return new AorRecord(List.of(b.withUpstream(b.upstream().withTarget(target))), null);
    }

    private TargetMove now(long at) {
        return TargetMove.of(targets, AOR, targets.select(AOR, at), at);
    }

    private static RegisterRequest refresh(long cseq) throws Exception {
        return ThrottlingPolicyTest.refresh("cid", cseq, 60, ThrottlingPolicyTest.FLOW);
    }

    @Test
    void aRefreshHeldAtAFailedTargetIsForwardedToTheCurrentOneWithAToken() throws Exception {
        health.get("a:5070").downUntil(NOW + 60_000);
        int[] tokens = new int[1];
        Decision d = contact.decide(refresh(6), heldAt("a:5070"), NOW, () -> ++tokens[0] > 0, now(NOW));
        assertThat(d).isInstanceOfSatisfying(Decision.Forward.class, f -> {
            assertThat(f.reason()).isEqualTo(ForwardReason.TARGET_MOVED);
            assertThat(f.tokenHeld()).as("sent at once, the token taken in the decision").isTrue();
        });
        assertThat(tokens[0]).isEqualTo(1);
    }

    @Test
    void withoutATokenItIsAbsorbedAsUsualAndTheNextRefreshTriesAgain() throws Exception {
        health.get("a:5070").downUntil(NOW + 60_000);
        int[] asked = new int[1];
        Decision d = contact.decide(refresh(6), heldAt("a:5070"), NOW, () -> ++asked[0] < 0, now(NOW));
        assertThat(d).isInstanceOfSatisfying(Decision.Absorb.class, a -> {
            assertThat(a.paced()).isTrue();
            assertThat(a.after().bindings().get(0).expiresAt()).isEqualTo(NOW + 60_000);
            assertThat(a.after().bindings().get(0).upstream().target()).as("still held at a until it moves").isEqualTo("a:5070");
        });
        assertThat(asked[0]).as("the pacer is asked once per REGISTER").isEqualTo(1);
        assertThat(contact.decide(refresh(7), heldAt("a:5070"), NOW + 1000, () -> true, now(NOW + 1000)))
                .isInstanceOfSatisfying(Decision.Forward.class, f -> assertThat(f.reason()).isEqualTo(ForwardReason.TARGET_MOVED));
    }

    @Test
    void aRefreshHeldAtAnAvailableTargetThatIsNotTheCurrentChoiceStays() throws Exception {
        // The AOR failed over to b, and a is back: a is the choice again, but b holds the registration and is up.
        Decision d = contact.decide(refresh(6), heldAt("b:5071"), NOW, () -> {
            throw new AssertionError("asked for a token");
        }, now(NOW));
        assertThat(d).isInstanceOfSatisfying(Decision.Absorb.class, a -> assertThat(a.paced()).isFalse());
        // ...until it is due: then it goes to the current choice like any due refresh.
        assertThat(contact.decide(refresh(6), ThrottlingPolicyTest.registered(400), NOW, () -> true, now(NOW)))
                .isInstanceOfSatisfying(Decision.Forward.class, f -> assertThat(f.reason()).isEqualTo(ForwardReason.UPSTREAM_DUE));
    }

    @Test
    void aRecordFromBeforeTheTargetWasStoredNeverMovesForThisReason() throws Exception {
        health.get("a:5070").downUntil(NOW + 60_000);
        Decision d = contact.decide(refresh(6), heldAt(""), NOW, () -> {
            throw new AssertionError("asked for a token");
        }, now(NOW));
        assertThat(d).isInstanceOf(Decision.Absorb.class);
    }

    @Test
    void aSingleTargetNeverMoves() throws Exception {
        assertThat(TargetMove.of(null, AOR, null, NOW).needed("a:5070")).isFalse();
        io.midreg.upstream.targets.UpstreamLeg unnamed = new io.midreg.upstream.targets.UpstreamLeg(targets.select(AOR, NOW).relay(), null);
        assertThat(TargetMove.of(targets, AOR, unnamed, NOW).needed("b:5071")).as("a leg without a name: the single target").isFalse();
        Decision d = contact.decide(refresh(6), heldAt("a:5070"), NOW, () -> true, TargetMove.NEVER);
        assertThat(d).isInstanceOf(Decision.Absorb.class);
    }

    @Test
    void nothingMovesWhileEveryTargetIsDown() throws Exception {
        health.get("a:5070").downUntil(NOW + 60_000);
        health.get("b:5071").downUntil(NOW + 30_000);
        assertThat(now(NOW).needed("a:5070")).isFalse();
        Decision d = contact.decide(refresh(6), heldAt("a:5070"), NOW, () -> {
            throw new AssertionError("asked for a token");
        }, now(NOW));
        assertThat(d).as("answered from the store, not sent to a target that is down").isInstanceOf(Decision.Absorb.class);
    }

    @Test
    void aTargetNoLongerConfiguredCountsAsGone() {
        assertThat(now(NOW).needed("old-registrar:5060")).isTrue();
        assertThat(now(NOW).needed("a:5070")).as("held where it would go anyway").isFalse();
    }

    @Test
    void aorModeMovesTheAorOnceWhileASiblingsMoveIsInFlight() throws Exception {
        AorRefreshesInFlight refreshing = new AorRefreshesInFlight();
        ThrottlingPolicy aor = new ThrottlingPolicy(RegistrarSettings.defaults(ThrottlingMode.AOR), challenges, refreshing);
        health.get("a:5070").downUntil(NOW + 60_000);
        AorRecord perBinding = heldAt("a:5070");
        UpstreamState up = perBinding.bindings().get(0).upstream();
        AorRecord record = new AorRecord(List.of(perBinding.bindings().get(0).withUpstream(null)), up);
        int[] tokens = new int[1];
        assertThat(aor.decide(refresh(6), record, NOW, () -> ++tokens[0] > 0, now(NOW)))
                .isInstanceOfSatisfying(Decision.Forward.class, f -> assertThat(f.reason()).isEqualTo(ForwardReason.TARGET_MOVED));
        assertThat(refreshing.inFlight(AOR, NOW)).isTrue();
        assertThat(aor.decide(refresh(7), record, NOW + 100, () -> ++tokens[0] > 0, now(NOW + 100))).isInstanceOf(Decision.Absorb.class);
        assertThat(tokens[0]).as("one REGISTER moves the AOR").isEqualTo(1);
    }

    @Test
    void theCommitRecordsTheTargetThatAccepted() throws Exception {
        Tokens tokens = new Tokens(new ContactToken("move-test-secret-1234".getBytes(StandardCharsets.UTF_8)));
        RegisterRequest req = refresh(6);
        String token = tokens.forBinding(req.aor(), ThrottlingPolicyTest.CONTACT);
        String text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.7;branch=z9hG4bK1\r\nFrom: <" + AOR + ">;tag=1\r\nTo: <" + AOR
                + ">;tag=2\r\nCall-ID: cid\r\nCSeq: 6 REGISTER\r\nContact: <sip:" + token + "@127.0.0.1:5060>;expires=3600\r\n\r\n";
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        UpstreamAcceptance ok = new UpstreamAcceptance((SipResponse) new SipMessageParser().parse(b, b.length));
        BindingCommit commit = new BindingCommit(RegistrarSettings.defaults(ThrottlingMode.CONTACT), tokens);
        AorRecord after = commit.apply(req, heldAt("a:5070"), ok, NOW, Map.of(token, 3600L), "b:5071");
        assertThat(after.bindings().get(0).upstream().target()).isEqualTo("b:5071");
        assertThat(commit.apply(req, null, ok, NOW, Map.of(token, 3600L)).bindings().get(0).upstream().target())
                .as("the single target").isEmpty();
        BindingCommit aorCommit = new BindingCommit(RegistrarSettings.defaults(ThrottlingMode.AOR), tokens);
        String aorToken = tokens.forAor(AOR);
        String aorText = text.replace(token, aorToken);
        byte[] ab = aorText.getBytes(StandardCharsets.US_ASCII);
        AorRecord aorAfter = aorCommit.apply(req, null, new UpstreamAcceptance((SipResponse) new SipMessageParser().parse(ab, ab.length)), NOW,
                Map.of(aorToken, 3600L), "b:5071");
        assertThat(aorAfter.upstream().target()).isEqualTo("b:5071");
    }
}
