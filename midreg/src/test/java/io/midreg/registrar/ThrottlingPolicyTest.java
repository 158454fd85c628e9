package io.midreg.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.UpstreamState;
import io.midreg.store.UpstreamStatus;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The absorb/forward decision on its own, with a fixed clock (the arithmetic of DESIGN.md). */
public class ThrottlingPolicyTest {
    public static final long NOW = 1_800_000_000_000L;
    static final String AOR = "sip:alice@example.com";
    public static final Flow FLOW = Flow.udp(new InetSocketAddress("127.0.0.1", 5060), new InetSocketAddress("192.0.2.7", 40000));
    public static final String CONTACT = "sip:alice@10.0.0.7:5060";

    private final ChallengeTracker challenges = new ChallengeTracker(32_000, () -> NOW);
    private final ThrottlingPolicy contact = new ThrottlingPolicy(RegistrarSettings.defaults(ThrottlingMode.CONTACT), challenges);

    public static RegisterRequest refresh(String callId, long cseq, long expires, Flow flow) throws Exception {
        String text = "REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.7;branch=z9hG4bK1\r\n"
                + "From: <" + AOR + ">;tag=1\r\nTo: <" + AOR + ">\r\nCall-ID: " + callId + "\r\nCSeq: " + cseq + " REGISTER\r\n"
                + "Contact: <" + CONTACT + ">\r\n\r\n";
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        SipRequest m = (SipRequest) new SipMessageParser().parse(b, b.length);
        return new RegisterRequest(m, flow, AOR, List.of(new RequestedContact(CONTACT, CONTACT, null, 0, expires, -1)), false, callId, cseq,
                List.of(), null);
    }

    /** (Also the surrogate policy test's fixtures.) A binding the upstream accepted, whose upstream registration ends {@code upstreamLeftSeconds} from now. */
    public static AorRecord registered(long upstreamLeftSeconds) {
        UpstreamState up = new UpstreamState("tok", NOW + upstreamLeftSeconds * 1000, NOW - 1000, "cid", 5, UpstreamStatus.REGISTERED, 200, null,
                List.of(), List.of());
        Binding b = new Binding(CONTACT, null, 0, "192.0.2.7", 40000, "udp", null, List.of(), "cid", 5, NOW + 30_000, -1, null, NOW - 60_000,
                NOW - 60_000, up);
        return new AorRecord(List.of(b), null);
    }

    @Test
    void refreshContinuingAnAcceptedRegistrationIsAbsorbed() throws Exception {
        Decision d = contact.decide(refresh("cid", 6, 60, FLOW), registered(3000), NOW);
        assertThat(d).isInstanceOf(Decision.Absorb.class);
        Binding b = ((Decision.Absorb) d).after().bindings().get(0);
        assertThat(b.cseq()).isEqualTo(6);
        assertThat(b.expiresAt()).isEqualTo(NOW + 60_000);
        assertThat(b.upstream()).isNotNull();
    }

    @Test
    void refreshIsForwardedOnceTheUpstreamBindingWouldNotOutliveTheNextRefreshByTheMargin() throws Exception {
        // margin = 10% of 3600 s = 360 s; device refresh 60 s: forward when less than 420 s are left,
        // plus the registration's spread (up to 5% of its lifetime: 22 s of 443 s here).
        assertThat(contact.decide(refresh("cid", 6, 60, FLOW), registered(443), NOW)).isInstanceOf(Decision.Absorb.class);
        assertThat(reason(contact.decide(refresh("cid", 6, 60, FLOW), registered(419), NOW))).isEqualTo(ForwardReason.UPSTREAM_DUE);
    }

    @Test
    void everythingThatIsNotAContinuationGoesUpstream() throws Exception {
        Flow otherPort = Flow.udp(FLOW.local(), new InetSocketAddress("192.0.2.7", 40001));
        assertThat(reason(contact.decide(refresh("cid", 6, 60, otherPort), registered(3000), NOW))).isEqualTo(ForwardReason.OTHER_FLOW);
        assertThat(reason(contact.decide(refresh("other-cid", 6, 60, FLOW), registered(3000), NOW))).isEqualTo(ForwardReason.NEW_CALL_ID);
        assertThat(reason(contact.decide(refresh("cid", 5, 60, FLOW), registered(3000), NOW))).isEqualTo(ForwardReason.REPEATED_CSEQ);
        assertThat(reason(contact.decide(refresh("cid", 6, 0, FLOW), registered(3000), NOW))).isEqualTo(ForwardReason.REMOVAL);
        assertThat(reason(contact.decide(refresh("cid", 6, 60, FLOW), null, NOW))).isEqualTo(ForwardReason.NEW_AOR);
        AorRecord failed = new AorRecord(List.of(registered(3000).bindings().get(0).withUpstream(null)), null);
        assertThat(reason(contact.decide(refresh("cid", 6, 60, FLOW), failed, NOW))).isEqualTo(ForwardReason.NOT_ACCEPTED_UPSTREAM);
        challenges.challenged(AOR, "cid");
        assertThat(reason(contact.decide(refresh("cid", 6, 60, FLOW), registered(3000), NOW))).isEqualTo(ForwardReason.CHALLENGE_IN_PROGRESS);
    }

    @Test
    void lowerCSeqOnTheSameCallIdIsRefused() throws Exception {
        Decision d = contact.decide(refresh("cid", 4, 60, FLOW), registered(3000), NOW);
        assertThat(d).isInstanceOf(Decision.Reject.class);
        assertThat(((Decision.Reject) d).rejection().status()).isEqualTo(400);
    }

    @Test
    void mirrorForwardsEverything() throws Exception {
        ThrottlingPolicy mirror = new ThrottlingPolicy(RegistrarSettings.defaults(ThrottlingMode.MIRROR), challenges);
        assertThat(reason(mirror.decide(refresh("cid", 6, 60, FLOW), registered(3000), NOW))).isEqualTo(ForwardReason.MIRROR_MODE);
    }

    @Test
    void aorModeUsesTheAorsUpstreamRegistration() throws Exception {
        ThrottlingPolicy aor = new ThrottlingPolicy(RegistrarSettings.defaults(ThrottlingMode.AOR), challenges);
        AorRecord perBinding = registered(3000);
        Binding b = perBinding.bindings().get(0).withUpstream(null);
        UpstreamState up = perBinding.bindings().get(0).upstream();
        assertThat(aor.decide(refresh("cid", 6, 60, FLOW), new AorRecord(List.of(b), up), NOW)).isInstanceOf(Decision.Absorb.class);
        assertThat(reason(aor.decide(refresh("cid", 6, 60, FLOW), new AorRecord(List.of(b), null), NOW)))
                .isEqualTo(ForwardReason.NOT_ACCEPTED_UPSTREAM);
        // The only device leaving: the AOR leaves upstream.
        assertThat(reason(aor.decide(refresh("cid", 6, 0, FLOW), new AorRecord(List.of(b), up), NOW))).isEqualTo(ForwardReason.REMOVAL);
    }

    private static ForwardReason reason(Decision d) {
        assertThat(d).isInstanceOf(Decision.Forward.class);
        return ((Decision.Forward) d).reason();
    }

    @Test
    void aDueRefreshTakesATokenWhenThereIsOne() throws Exception {
        Decision d = contact.decide(refresh("cid", 6, 60, FLOW), registered(400), NOW, () -> true);
        assertThat(d).isInstanceOfSatisfying(Decision.Forward.class, f -> {
            assertThat(f.reason()).isEqualTo(ForwardReason.UPSTREAM_DUE);
            assertThat(f.tokenHeld()).isTrue();
        });
    }

    @Test
    void aDueRefreshWithoutATokenIsAbsorbedWhileTheUpstreamBindingLastsCutToItsLifetime() throws Exception {
        Decision d = contact.decide(refresh("cid", 6, 60, FLOW), registered(40), NOW, () -> false);
        assertThat(d).isInstanceOfSatisfying(Decision.Absorb.class, a -> {
            assertThat(a.paced()).isTrue();
            assertThat(a.after().bindings().get(0).expiresAt()).isEqualTo(NOW + 40_000);
            assertThat(a.after().bindings().get(0).cseq()).isEqualTo(6);
        });
        Decision plenty = contact.decide(refresh("cid", 6, 60, FLOW), registered(400), NOW, () -> false);
        assertThat(((Decision.Absorb) plenty).after().bindings().get(0).expiresAt()).isEqualTo(NOW + 60_000);
    }

    @Test
    void aDueRefreshIsForwardedWhenTheUpstreamBindingIsAboutToEndEvenWithoutAToken() throws Exception {
        boolean[] asked = new boolean[1];
        Decision d = contact.decide(refresh("cid", 6, 60, FLOW), registered(9), NOW, () -> asked[0] = true);
        assertThat(d).isInstanceOfSatisfying(Decision.Forward.class, f -> assertThat(f.tokenHeld()).isFalse());
        assertThat(asked[0]).as("no token taken: it waits in the pacer's queue").isFalse();
    }

    @Test
    void aNewDeviceNeverTakesATokenInTheDecision() throws Exception {
        Decision d = contact.decide(refresh("cid", 6, 60, FLOW), null, NOW, () -> {
            throw new AssertionError("asked for a token");
        });
        assertThat(d).isInstanceOfSatisfying(Decision.Forward.class, f -> assertThat(f.tokenHeld()).isFalse());
    }

    @Test
    void anAbsorbableRefreshNeverTakesAToken() throws Exception {
        Decision d = contact.decide(refresh("cid", 6, 60, FLOW), registered(3000), NOW, () -> {
            throw new AssertionError("asked for a token");
        });
        assertThat(d).isInstanceOfSatisfying(Decision.Absorb.class, a -> assertThat(a.paced()).isFalse());
    }

    @Test
    void aorModeSendsADueAorUpOnceWhileItsRefreshIsInFlight() throws Exception {
        AorRefreshesInFlight refreshing = new AorRefreshesInFlight();
        ThrottlingPolicy aor = new ThrottlingPolicy(RegistrarSettings.defaults(ThrottlingMode.AOR), challenges, refreshing);
        AorRecord perBinding = registered(40);
        UpstreamState up = perBinding.bindings().get(0).upstream();
        AorRecord record = new AorRecord(List.of(perBinding.bindings().get(0).withUpstream(null)), up);
        int[] tokens = new int[1];
        Decision first = aor.decide(refresh("cid", 6, 60, FLOW), record, NOW, () -> ++tokens[0] > 0);
        assertThat(first).isInstanceOfSatisfying(Decision.Forward.class, f -> assertThat(f.tokenHeld()).isTrue());
        assertThat(refreshing.inFlight(AOR, NOW)).isTrue();
        // a sibling's (here: the next) due refresh while the AOR's refresh is upstream: answered here, no token
        Decision second = aor.decide(refresh("cid", 7, 60, FLOW), record, NOW + 100, () -> ++tokens[0] > 0);
        assertThat(second).isInstanceOfSatisfying(Decision.Absorb.class,
                a -> assertThat(a.after().bindings().get(0).expiresAt()).isEqualTo(NOW + 40_000));
        assertThat(tokens[0]).isEqualTo(1);
        // answered: the next due refresh goes up again; an answer that never came stops holding after 32 s
        refreshing.release(AOR);
        assertThat(aor.decide(refresh("cid", 8, 60, FLOW), record, NOW + 200, () -> true)).isInstanceOf(Decision.Forward.class);
        assertThat(refreshing.inFlight(AOR, NOW + 200 + AorRefreshesInFlight.STALE_AFTER_MILLIS)).isFalse();
    }
}
