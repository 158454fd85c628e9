package io.midreg.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorActionsTest {
    private final RegistrarSettings aliased = new RegistrarSettings(ThrottlingMode.CONTACT, new ExpiryPolicy(3600, 60, 7200, false),
            Map.of("old.example.com", "example.com"), 10, false, 3600, 0.1, 0.05, java.time.Duration.ofSeconds(32), false);
    private final OperatorActions ops = new OperatorActions(null, () -> null, null, () -> aliased);

    @Test
    void whatAnOperatorTypesBecomesTheStoreKey() {
        assertThat(ops.normalize("alice@example.com")).isEqualTo("sip:alice@example.com");
        assertThat(ops.normalize(" sip:alice@EXAMPLE.com ")).isEqualTo("sip:alice@example.com");
        assertThat(ops.normalize("SIPS:alice@example.com")).isEqualTo("sip:alice@example.com");
        assertThat(ops.normalize("sip:alice@example.com;transport=tcp")).isEqualTo("sip:alice@example.com");
        assertThat(ops.normalize("alice@old.example.com")).as("domain aliases apply").isEqualTo("sip:alice@example.com");
        assertThat(ops.normalize("Alice@example.com")).as("the user part keeps its case").isEqualTo("sip:Alice@example.com");
    }
}
