package io.midreg.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.transport.TransportProtocol;
import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.UpstreamState;
import io.midreg.upstream.UpstreamRelay;
import io.midreg.upstream.UpstreamTarget;
import io.midreg.upstream.targets.UpstreamLeg;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** De-registrations are addressed by the target that holds each registration (one job per target), and removals find it. */
class DeregistrationTargetTest {
    static final long NOW = ThrottlingPolicyTest.NOW;
    static final String AOR = ThrottlingPolicyTest.AOR;

    private static Binding heldAt(String contact, String token, String target) {
        UpstreamState up = ThrottlingPolicyTest.registered(3000).bindings().get(0).upstream();
        up = new UpstreamState(token, up.expiresAt(), up.lastRefreshAt(), up.callId(), up.cseq(), up.status(), up.lastStatusCode(), null,
                List.of(), List.of(), target);
        return new Binding(contact, null, 0, "192.0.2.7", 40000, "udp", null, List.of(), "cid", 5, NOW - 1, -1, null, NOW - 60_000,
                NOW - 60_000, up);
    }

    private static UpstreamLeg leg(String name) {
        return new UpstreamLeg(new UpstreamRelay(null, new UpstreamTarget(TransportProtocol.UDP, new InetSocketAddress("127.0.0.1", 5070),
                null, "127.0.0.1:5060")), null, name);
    }

    @Test
    void lapsedBindingsHeldAtTwoTargetsMakeOneDeRegistrationForEach() {
        List<String> asked = new ArrayList<>();
        UpstreamDeregistrar d = new UpstreamDeregistrar(null, (aor, held) -> {
            asked.add(held);
            return leg(held);
        }, () -> RegistrarSettings.defaults(ThrottlingMode.CONTACT), new RegistrarStats(), () -> NOW);
        d.lapsed(AOR, List.of(heldAt("sip:a1@h", "t1", "a:5070"), heldAt("sip:b1@h", "t2", "b:5071"), heldAt("sip:a2@h", "t3", "a:5070")),
                null, NOW);
        assertThat(asked).as("where each group is sent is asked with the target holding it").containsExactly("a:5070", "b:5071");
        assertThat(d.pending()).isEqualTo(2);
    }

    @Test
    void aRemovalFindsTheTargetHoldingWhatItRemoves() throws Exception {
        AorRecord r = new AorRecord(List.of(heldAt("sip:other@h", "t0", "a:5070"), heldAt(ThrottlingPolicyTest.CONTACT, "t1", "b:5071")), null);
        RegisterRequest removal = ThrottlingPolicyTest.refresh("cid", 6, 0, ThrottlingPolicyTest.FLOW);
        assertThat(HeldTarget.ofRemoval(removal, r)).isEqualTo("b:5071");
        assertThat(HeldTarget.ofRemoval(ThrottlingPolicyTest.refresh("cid", 6, 60, ThrottlingPolicyTest.FLOW), r))
                .as("not a removal of a held binding").isNull();
        assertThat(HeldTarget.ofRemoval(removal, null)).isNull();
        AorRecord aorMode = new AorRecord(List.of(heldAt(ThrottlingPolicyTest.CONTACT, "t1", "")),
                r.bindings().get(1).upstream().withTarget("c:5072"));
        assertThat(HeldTarget.ofRemoval(removal, aorMode)).as("aor mode: the AOR's registration").isEqualTo("c:5072");
    }
}
