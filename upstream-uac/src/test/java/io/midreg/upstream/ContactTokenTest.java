package io.midreg.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContactTokenTest {
    private final ContactToken tokens = new ContactToken("0123456789abcdef-secret".getBytes(StandardCharsets.UTF_8));

    @Test
    void roundTrip() {
        String t = tokens.encode("sip:alice@example.com", "urn:uuid:00000000-0000-1000-8000-000A95A0E128");
        assertThat(t).matches("[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+");
        ContactToken.Subject s = tokens.decode(t).orElseThrow();
        assertThat(s.aor()).isEqualTo("sip:alice@example.com");
        assertThat(s.bindingKey()).isEqualTo("urn:uuid:00000000-0000-1000-8000-000A95A0E128");
        assertThat(tokens.decode(tokens.encode("sip:bob@example.com", "")).orElseThrow().bindingKey()).isEmpty();
    }

    @Test
    void tamperedOrForgedTokensMatchNothing() {
        String t = tokens.encode("sip:alice@example.com", "sip:alice@192.0.2.1");
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            String altered = t.substring(0, i) + (c == 'A' ? 'B' : 'A') + t.substring(i + 1);
            assertThat(tokens.decode(altered)).as("altered at %d", i).isEmpty();
        }
        ContactToken other = new ContactToken("another-secret-of-16+".getBytes(StandardCharsets.UTF_8));
        assertThat(tokens.decode(other.encode("sip:alice@example.com", "x"))).isEmpty();
        assertThat(tokens.decode("")).isEmpty();
        assertThat(tokens.decode(".")).isEmpty();
        assertThat(tokens.decode("abc")).isEmpty();
        assertThat(tokens.decode("!!!.???")).isEmpty();
        assertThat(tokens.decode(null)).isEmpty();
    }
}
