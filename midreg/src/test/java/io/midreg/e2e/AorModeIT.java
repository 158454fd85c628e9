package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.testing.TestDevice;
import org.junit.jupiter.api.Test;

/** aor mode: one upstream binding per AOR, held while any device is registered. */
class AorModeIT extends RegistrarEndToEnd {
    @Override
    String mode() {
        return "aor";
    }

    @Override
    long upstreamRegistersFor20Refreshes() {
        return 0;
    }

    @Test
    void oneDeviceLeavingIsAbsorbedTheLastLeavingDeregistersTheAor() throws Exception {
        String user = newUser();
        try (TestDevice a = device(user); TestDevice b = device(user)) {
            assertThat(a.registerWithAuth(60).status()).isEqualTo(200);
            assertThat(b.registerWithAuth(60).status()).isEqualTo(200);
            assertThat(kamailio.contactsOf(user + "@" + DOMAIN)).as("one upstream binding for two devices").hasSize(1);
            long before = kamailio.registerRequestsReceived();
            assertThat(a.register(0).status()).isEqualTo(200);
            assertThat(kamailio.registerRequestsReceived()).as("first device leaving stays local").isEqualTo(before);
            assertThat(stored(user).orElseThrow().bindings()).hasSize(1);
            assertThat(b.registerWithAuth(0).status()).isEqualTo(200);
            assertThat(kamailio.registerRequestsReceived()).isGreaterThan(before);
            assertThat(kamailio.contactsOf(user + "@" + DOMAIN)).isEmpty();
            assertThat(stored(user)).isEmpty();
        }
    }
}
