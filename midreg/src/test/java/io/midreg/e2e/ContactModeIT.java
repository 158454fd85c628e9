package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.TestDevice;
import org.junit.jupiter.api.Test;

/** contact mode: each device has its own long-lived upstream binding; refreshes are absorbed. */
class ContactModeIT extends RegistrarEndToEnd {
    @Override
    String mode() {
        return "contact";
    }

    @Override
    long upstreamRegistersFor20Refreshes() {
        return 0;
    }

    @Test
    void deviceDeregistrationGoesUpstream() throws Exception {
        String user = newUser();
        try (TestDevice phone = device(user)) {
            assertThat(phone.registerWithAuth(60).status()).isEqualTo(200);
            long before = kamailio.registerRequestsReceived();
            ReceivedMessage r = phone.registerWithAuth(0);
            assertThat(r.status()).isEqualTo(200);
            assertThat(kamailio.registerRequestsReceived()).isGreaterThan(before);
            assertThat(kamailio.contactsOf(user + "@" + DOMAIN)).isEmpty();
            assertThat(stored(user)).isEmpty();
        }
    }
}
