package io.midreg.sip.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class HmacSha256Test {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** RFC 4231 §4.3, test case 2, in full and truncated as midreg's tokens use it. */
    @Test
    void matchesRfc4231TestCase2() {
        HmacSha256 h = new HmacSha256(ascii("Jefe"));
        byte[] data = ascii("what do ya want for nothing?");
        String expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assertThat(HexFormat.of().formatHex(h.truncated(data, 32))).isEqualTo(expected);
        assertThat(HexFormat.of().formatHex(h.truncated(data, 16))).isEqualTo(expected.substring(0, 32));
        // the per-thread Mac is reset between uses
        assertThat(HexFormat.of().formatHex(h.truncated(data, 32))).isEqualTo(expected);
    }

    @Test
    void givesTheSameMacOnEveryThread() throws Exception {
        HmacSha256 h = new HmacSha256(ascii("Jefe"));
        byte[] data = ascii("what do ya want for nothing?");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<byte[]> a = pool.submit(() -> h.truncated(data, 16));
            Future<byte[]> b = pool.submit(() -> h.truncated(data, 16));
            assertThat(a.get()).isEqualTo(b.get()).isEqualTo(h.truncated(data, 16));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEmptyKeyIsRefused() {
        assertThatThrownBy(() -> new HmacSha256(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
