package io.midreg.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StringPackingTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "", "a", "udp", "0123456789abcdef0123456789abcdef", "0123456789ABCDEF012", "deadbeef1",
        "abcdefgh", "Zk9bQ2dVx1Lr7TqP0aWsE3yHcJ8nMuK4fGiOv6tBlD5eR2-_XzYwAb", "12345678",
        "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>",
        "urn:uuid:F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6", "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf",
        "<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "urn:uuid:f81d4fae+7dec-11d0-a765-00a0c91e6bf6",
        "sip:+4930123456@192.168.1.23:5060;transport=udp", "\u00e9t\u00e9 \ud83d\ude00 caf\u00e9"})
    void everyStringRoundTripsExactly(String s) {
        assertThat(roundTrip(s)).isEqualTo(s);
    }

    @Test
    void nullRoundTrips() {
        assertThat(roundTrip(null)).isNull();
    }

    @Test
    void identifiersArePackedDensely() {
        assertThat(encodedLength("0123456789abcdef0123456789abcdef")).isEqualTo(2 + 16);
        assertThat(encodedLength("<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>")).isEqualTo(1 + 16);
        String token60 = "Zk9bQ2dVx1Lr7TqP0aWsE3yHcJ8nMuK4fGiOv6tBlD5eR2-_XzYwAbCdEfGh";
        assertThat(token60).hasSize(60);
        assertThat(encodedLength(token60)).isEqualTo(2 + 45);
    }

    @Test
    void randomStringsOverThePackedAlphabetsRoundTrip() {
        Random random = new Random(42);
        String[] alphabets = {"0123456789abcdef", "0123456789ABCDEF",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", "abc.:;@ \u00e9"};
        for (int round = 0; round < 2000; round++) {
            String alphabet = alphabets[round % alphabets.length];
            int len = random.nextInt(70);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            assertThat(roundTrip(sb.toString())).isEqualTo(sb.toString());
        }
    }

    private static String roundTrip(String s) {
        ByteWriter w = new ByteWriter(4);
        w.writeString(s);
        w.writeByte(0x5A); // a sentinel proves the reader consumed exactly the string
        ByteReader r = new ByteReader(w.array(), 0, w.length());
        String out = r.readString();
        assertThat(r.readByte()).isEqualTo(0x5A);
        assertThat(r.atEnd()).isTrue();
        return out;
    }

    private static int encodedLength(String s) {
        ByteWriter w = new ByteWriter(4);
        w.writeString(s);
        return w.length();
    }
}
