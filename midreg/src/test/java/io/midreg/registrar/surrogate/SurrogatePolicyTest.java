package io.midreg.registrar.surrogate;

import static org.assertj.core.api.Assertions.assertThat;
import io.midreg.registrar.RegisterRequest;
import io.midreg.registrar.RegistrarSettings;
import io.midreg.registrar.ThrottlingMode;
import io.midreg.registrar.ThrottlingPolicyTest;
import io.midreg.sip.transport.Flow;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.UpstreamState;
import io.midreg.store.UpstreamStatus;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;


/** What midreg does with a device REGISTER of a surrogate AOR, on its own (fixed clock). */
class SurrogatePolicyTest {
    static final long NOW = ThrottlingPolicyTest.NOW;
    static final Flow FLOW = ThrottlingPolicyTest.FLOW;
    private final SurrogatePolicy aor = new SurrogatePolicy(RegistrarSettings.defaults(ThrottlingMode.AOR));
    private final SurrogatePolicy contact = new SurrogatePolicy(RegistrarSettings.defaults(ThrottlingMode.CONTACT));

    /** aor mode: one device bound, the AOR registered upstream until {@code upstreamLeftSeconds} from now. */
    static AorRecord aorRegistered(long upstreamLeftSeconds) {
        UpstreamState up = new UpstreamState("tok", NOW + upstreamLeftSeconds * 1000, NOW - 1000, "midreg-cid", 7, UpstreamStatus.REGISTERED, 200, null,
                List.of(), List.of());
        Binding b = new Binding(ThrottlingPolicyTest.CONTACT, null, 0, "192.0.2.7", 40000, "udp", null, List.of(), "cid", 5, NOW + 30_000, -1, null,
                NOW - 60_000, NOW - 60_000, null);
        return new AorRecord(List.of(b), up);
    }

    @Test
    void aNewDeviceIsChallengedThenRegisteredUpstreamFirst() throws Exception {
        RegisterRequest first = ThrottlingPolicyTest.refresh("cid", 1, 60, FLOW);
        assertThat(aor.decide(first, null, NOW, false, false)).isEqualTo(new SurrogatePolicy.Challenge(false));
        assertThat(aor.decide(first, null, NOW, false, true)).isEqualTo(new SurrogatePolicy.Challenge(true));
        assertThat(aor.decide(first, null, NOW, true, false)).isInstanceOf(SurrogatePolicy.Register.class);
        assertThat(contact.decide(first, null, NOW, true, false)).isInstanceOf(SurrogatePolicy.Register.class);
    }

    @Test
    void aRefreshContinuingTheBindingIsAnsweredHereWithoutCredentials() throws Exception {
        SurrogatePolicy.Outcome o = aor.decide(ThrottlingPolicyTest.refresh("cid", 6, 60, FLOW), aorRegistered(3000), NOW, false, false);
        assertThat(o).isInstanceOf(SurrogatePolicy.Local.class);
        AorRecord after = ((SurrogatePolicy.Local) o).after();
        assertThat(after.bindings().get(0).cseq()).isEqualTo(6);
        assertThat(after.bindings().get(0).expiresAt()).isEqualTo(NOW + 60_000);
        assertThat(after.upstream()).as("the surrogate registration stays").isEqualTo(aorRegistered(3000).upstream());
    }

    @Test
    void anythingElseNeedsCredentials() throws Exception {
        Flow otherPort = Flow.udp(FLOW.local(), new InetSocketAddress("192.0.2.7", 40001));
        AorRecord r = aorRegistered(3000);
        assertThat(aor.decide(ThrottlingPolicyTest.refresh("cid", 6, 60, otherPort), r, NOW, false, false)).isInstanceOf(SurrogatePolicy.Challenge.class);
        assertThat(aor.decide(ThrottlingPolicyTest.refresh("other", 1, 60, FLOW), r, NOW, false, false)).isInstanceOf(SurrogatePolicy.Challenge.class);
        assertThat(aor.decide(ThrottlingPolicyTest.refresh("cid", 4, 60, FLOW), r, NOW, false, false)).isInstanceOf(SurrogatePolicy.Challenge.class);
        assertThat(aor.decide(ThrottlingPolicyTest.refresh("cid", 4, 60, FLOW), r, NOW, true, false))
                .isEqualTo(new SurrogatePolicy.Reject(((SurrogatePolicy.Reject) aor.decide(ThrottlingPolicyTest.refresh("cid", 4, 60, FLOW), r, NOW, true, false)).rejection()));
        // authenticated from another flow: accepted here, the AOR's upstream registration holds
        assertThat(aor.decide(ThrottlingPolicyTest.refresh("cid", 6, 60, otherPort), r, NOW, true, false)).isInstanceOf(SurrogatePolicy.Local.class);
    }

    @Test
    void aLapsedUpstreamRegistrationIsRegisteredAgainBeforeAnswering() throws Exception {
        assertThat(aor.decide(ThrottlingPolicyTest.refresh("cid", 6, 60, FLOW), aorRegistered(-1), NOW, false, false))
                .isInstanceOf(SurrogatePolicy.Register.class);
    }

    @Test
    void theLastDeviceLeavingTakesTheAorUpstreamRegistrationWithIt() throws Exception {
        SurrogatePolicy.Outcome o = aor.decide(ThrottlingPolicyTest.refresh("cid", 6, 0, FLOW), aorRegistered(3000), NOW, false, false);
        assertThat(o).isEqualTo(new SurrogatePolicy.Local(null, List.of(), aorRegistered(3000).upstream()));
    }

    @Test
    void contactModeDeRegistersTheBindingThatLeaves() throws Exception {
        AorRecord r = ThrottlingPolicyTest.registered(3000);
        SurrogatePolicy.Outcome o = contact.decide(ThrottlingPolicyTest.refresh("cid", 6, 0, FLOW), r, NOW, false, false);
        assertThat(o).isEqualTo(new SurrogatePolicy.Local(null, List.of(r.bindings().get(0)), null));
    }

    @Test
    void aPendingRegistrationLetsDevicesBeAnsweredHereOnlyInProvisionalMode() throws Exception {
        UpstreamState owed = new UpstreamState("tok", 0, NOW - 1000, "midreg-cid", 9, UpstreamStatus.REGISTERING, 0, "no answer", List.of(), List.of());
        AorRecord r = new AorRecord(aorRegistered(3000).bindings(), owed);
        RegisterRequest refresh = ThrottlingPolicyTest.refresh("cid", 6, 60, FLOW);
        assertThat(new SurrogatePolicy(RegistrarSettings.defaults(ThrottlingMode.AOR), true).decide(refresh, r, NOW, false, false))
                .isInstanceOf(SurrogatePolicy.Local.class);
        assertThat(aor.decide(refresh, r, NOW, false, false)).isInstanceOf(SurrogatePolicy.Register.class);
        assertThat(SurrogateSchedule.nextRefresh(r, 0.1, NOW)).as("retried 5 s after the acceptance").isEqualTo(NOW + 4000);
        assertThat(SurrogateSchedule.hasPending(r)).isTrue();
    }

    @Test
    void refreshesStartBeforeExpiryByTheMarginOrAtHalfLifeForShortLifetimes() {
        UpstreamState hour = new UpstreamState("t", NOW + 3_600_000, NOW, "c", 1, UpstreamStatus.REGISTERED, 200, null, List.of(), List.of());
        assertThat(SurrogateSchedule.refreshAt(hour, 0.1)).isEqualTo(NOW + 3_240_000);
        UpstreamState brief = new UpstreamState("t", NOW + 10_000, NOW, "c", 1, UpstreamStatus.REGISTERED, 200, null, List.of(), List.of());
        assertThat(SurrogateSchedule.refreshAt(brief, 0.1)).isEqualTo(NOW + 5_000);
        UpstreamState minute = new UpstreamState("t", NOW + 60_000, NOW, "c", 1, UpstreamStatus.REGISTERED, 200, null, List.of(), List.of());
        assertThat(SurrogateSchedule.refreshAt(minute, 0.1)).isEqualTo(NOW + 30_000);
        UpstreamState tenMinutes = new UpstreamState("t", NOW + 600_000, NOW, "c", 1, UpstreamStatus.REGISTERED, 200, null, List.of(), List.of());
        assertThat(SurrogateSchedule.refreshAt(tenMinutes, 0.1)).isEqualTo(NOW + 540_000);
        assertThat(SurrogateSchedule.nextRefresh(aorRegistered(3000), 0.1, NOW)).isLessThan(NOW + 3_000_000);
        assertThat(SurrogateSchedule.nextRefresh(aorRegistered(-1), 0.1, NOW)).isEqualTo(Long.MAX_VALUE);
    }
}
