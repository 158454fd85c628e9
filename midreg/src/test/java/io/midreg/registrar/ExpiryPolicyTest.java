package io.midreg.registrar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.midreg.sip.uri.Uri;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpiryPolicyTest {
    private final ExpiryPolicy policy = new ExpiryPolicy(3600, 60, 7200, false);

    @Test
    void contactParameterWinsOverHeaderWhichWinsOverDefault() {
        assertThat(policy.decide(120, 600).seconds()).isEqualTo(120);
        assertThat(policy.decide(-1, 600).seconds()).isEqualTo(600);
        assertThat(policy.decide(-1, -1).seconds()).isEqualTo(3600);
    }

    @Test
    void zeroStaysZeroWhateverTheBounds() {
        assertThat(policy.decide(0, 600)).isEqualTo(new ExpiryPolicy.Decision(0, false));
        assertThat(policy.decide(-1, 0)).isEqualTo(new ExpiryPolicy.Decision(0, false));
    }

    @Test
    void tooBriefIs423OrClamped() {
        assertThat(policy.decide(30, -1).tooBrief()).isTrue();
        assertThat(new ExpiryPolicy(3600, 60, 7200, true).decide(30, -1)).isEqualTo(new ExpiryPolicy.Decision(60, false));
        assertThat(policy.decide(99999, -1).seconds()).isEqualTo(7200);
    }

    @Test
    void inconsistentBoundsAreRefused() {
        assertThatThrownBy(() -> new ExpiryPolicy(30, 60, 7200, false)).hasMessageContaining("min");
    }

    @Test
    void aorIsNormalised() {
        AorNormalizer n = new AorNormalizer(Map.of("pbx.local", "example.com"));
        assertThat(n.aorOf(Uri.parse("sips:Al%69ce@EXAMPLE.com:5061;transport=tls"))).contains("sip:Alice@example.com");
        assertThat(n.aorOf(Uri.parse("sip:alice@pbx.local"))).contains("sip:alice@example.com");
        assertThat(n.aorOf(Uri.parse("sip:null-%00-null@example.com"))).contains("sip:null-%00-null@example.com");
        assertThat(n.aorOf(Uri.parse("isbn:2983792873"))).isEmpty();
    }
}
