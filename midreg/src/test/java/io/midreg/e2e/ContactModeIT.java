package io.midreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.location.Location;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.uri.SipUri;
import io.midreg.store.Binding;
import io.midreg.testing.ReceivedMessage;
import io.midreg.testing.TestDevice;
import java.net.InetSocketAddress;
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

    @Test
    void theTokenContactKamailioHoldsLeadsBackToTheDeviceAndItsFlowThroughTheLocationSeam() throws Exception {
        String user = newUser();
        try (TestDevice phone = device(user)) {
            assertThat(phone.registerWithAuth(60).status()).isEqualTo(200);
            var upstream = kamailio.contactsOf(user + "@" + DOMAIN);
            assertThat(upstream).hasSize(1);
            String token = SipUri.parse(upstream.get(0).uri().replaceAll("^<|>$", "")).user();
            long now = System.currentTimeMillis();
            Location.Named named = midreg.location().named(token, now).orElseThrow();
            assertThat(named.aor()).isEqualTo(aor(user));
            assertThat(named.bindings()).extracting(Binding::contactUri).containsExactly(phone.contact());
            Flow flow = midreg.location().flow(named.bindings().get(0)).orElseThrow();
            assertThat(flow.remote()).isEqualTo(new InetSocketAddress("127.0.0.1", phone.port()));
            char last = token.charAt(token.length() - 1);
            String altered = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
            assertThat(midreg.location().named(altered, now)).as("altered").isEmpty();
        }
    }
}
