package io.midreg.sip.auth;

import java.nio.charset.StandardCharsets;

/** Lower-case hex encoding and decoding of digests, writing into caller buffers where that avoids copies. */
final class Hex {

    private static final byte[] DIGITS = {
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
    };

    private Hex() {
    }

    /** Writes {@code 2 * length} lower-case hex digits of {@code src[from, from+length)} into {@code dst[dstOffset...]}. */
    static void encode(byte[] src, int from, int length, byte[] dst, int dstOffset) {
        for (int i = 0; i < length; i++) {
            int b = src[from + i] & 0xFF;
            dst[dstOffset + 2 * i] = DIGITS[b >>> 4];
            dst[dstOffset + 2 * i + 1] = DIGITS[b & 0x0F];
        }
    }

    /** Lower-case hex string of {@code bytes}. */
    static String encode(byte[] bytes) {
        byte[] out = new byte[bytes.length * 2];
        encode(bytes, 0, bytes.length, out, 0);
        // ISO-8859-1 maps bytes 1:1 to chars; with compact strings this is a single copy.
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** Decodes exactly {@code expectedBytes} bytes of hex (either case); null when the text is anything else. */
    static byte[] decode(CharSequence hex, int expectedBytes) {
        if (hex == null || hex.length() != expectedBytes * 2) {
            return null;
        }
        byte[] out = new byte[expectedBytes];
        for (int i = 0; i < expectedBytes; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0 || hex.charAt(2 * i) > 'f' || hex.charAt(2 * i + 1) > 'f') {
                return null; // Character.digit also accepts non-ASCII digits; the second test rejects them.
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /** {@code hex} in lower case if it is exactly {@code expectedBytes} bytes of hex, else null. */
    static String normalize(String hex, int expectedBytes) {
        byte[] bytes = decode(hex, expectedBytes);
        if (bytes == null) {
            return null;
        }
        for (int i = 0; i < hex.length(); i++) {
            if (hex.charAt(i) >= 'A' && hex.charAt(i) <= 'F') {
                return encode(bytes); // only re-encode when the caller's text was not lower case already
            }
        }
        return hex;
    }

    /** nc-value of RFC 7616: exactly 8 lower-case hex digits. */
    static String formatNonceCount(long nc) {
        byte[] out = new byte[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = DIGITS[(int) (nc & 0x0F)];
            nc >>>= 4;
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
