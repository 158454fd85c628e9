package io.midreg.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.UpstreamState;
import io.midreg.store.UpstreamStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class BindingReaperTest {
    private static final long NOW = 1_000_000_000L;

    private static UpstreamState upstream(String token, long endsAt) {
        return new UpstreamState(token, endsAt, NOW - 1000, "cid", 5, UpstreamStatus.REGISTERED, 200, null, List.of(), List.of());
    }

    private static Binding binding(String contact, long expiresAt, UpstreamState up) {
        return new Binding(contact, null, 0, "192.0.2.7", 40000, "udp", null, List.of(), "cid", 5, expiresAt, -1, null, NOW - 60_000,
                NOW - 60_000, up);
    }

    @Test
    void aSilentDeviceWhoseUpstreamBindingIsStillValidIsHandedOverForDeRegistration() {
        Binding silent = binding("sip:a@192.0.2.7", NOW - 1, upstream("tok-a", NOW + 3_000_000));
        Binding alive = binding("sip:b@192.0.2.7", NOW + 30_000, upstream("tok-b", NOW + 3_000_000));
        BindingReaper.Pruned p = BindingReaper.prune(new AorRecord(List.of(silent, alive), null), NOW);
        assertThat(p.after().bindings()).containsExactly(alive);
        assertThat(p.dropped()).containsExactly(silent);
        assertThat(p.aorUpstream()).isNull();
    }

    @Test
    void aSilentDeviceWhoseUpstreamBindingLapsedTooNeedsNoDeRegistration() {
        Binding silent = binding("sip:a@192.0.2.7", NOW - 1, upstream("tok-a", NOW - 1));
        BindingReaper.Pruned p = BindingReaper.prune(new AorRecord(List.of(silent), null), NOW);
        assertThat(p.after()).isNull();
        assertThat(p.dropped()).isEmpty();
    }

    @Test
    void inAorModeTheLastSilentDeviceTakesTheAorsUpstreamRegistrationWithIt() {
        UpstreamState aor = upstream("tok-aor", NOW + 3_000_000);
        BindingReaper.Pruned p = BindingReaper.prune(new AorRecord(List.of(binding("sip:a@192.0.2.7", NOW - 1, null)), aor), NOW);
        assertThat(p.after()).as("the AOR leaves the store").isNull();
        assertThat(p.aorUpstream()).isEqualTo(aor);
    }

    @Test
    void inAorModeTheAorStaysWhileADeviceIsLeft() {
        UpstreamState aor = upstream("tok-aor", NOW + 3_000_000);
        Binding alive = binding("sip:b@192.0.2.7", NOW + 30_000, null);
        BindingReaper.Pruned p = BindingReaper.prune(new AorRecord(List.of(binding("sip:a@192.0.2.7", NOW - 1, null), alive), aor), NOW);
        assertThat(p.after()).isEqualTo(new AorRecord(List.of(alive), aor));
        assertThat(p.aorUpstream()).isNull();
        assertThat(p.dropped()).isEmpty();
    }

    @Test
    void retriesBackOffExponentiallyWithJitterAndACap() {
        for (int i = 0; i < 50; i++) {
            assertThat(UpstreamDeregistrar.backoffMillis(0)).isBetween(500L, 1000L);
            assertThat(UpstreamDeregistrar.backoffMillis(2)).isBetween(2000L, 4000L);
            assertThat(UpstreamDeregistrar.backoffMillis(30)).isBetween(30_000L, 60_000L);
        }
    }
}
