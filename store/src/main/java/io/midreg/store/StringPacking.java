package io.midreg.store;

import java.nio.charset.StandardCharsets;

/**
 * Dense encodings for the identifier strings that dominate a record: hex (Call-IDs), base64url
 * (tokens, many Call-IDs and tags) and {@code urn:uuid:} instance ids. Each decodes back to the
 * exact original string.
 */
final class StringPacking {

    static final int KIND_UTF8 = 0;
    static final int KIND_HEX_LOWER = 1;
    static final int KIND_HEX_UPPER = 2;
    static final int KIND_UUID_URN = 3;
    static final int KIND_BASE64URL = 4;

    /** Shorter strings gain nothing from packing. */
    static final int MIN_PACKED_LENGTH = 8;

    private static final String URN_PREFIX = "urn:uuid:";
    private static final int UUID_TEXT_LENGTH = 36;
    private static final byte[] URN_PREFIX_BYTES = URN_PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_LOWER = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] B64 =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".getBytes(StandardCharsets.US_ASCII);

    private StringPacking() {
    }

    private static final int B64_CHAR = 1;
    private static final int LOWER_HEX_CHAR = 2;
    private static final int UPPER_HEX_CHAR = 4;
    /** Per ASCII character: which packed alphabets contain it (one AND per character to classify). */
    private static final byte[] ALPHABETS = new byte[128];

    static {
        for (char c = 0; c < 128; c++) {
            int bits = 0;
            if (b64Value(c) >= 0) {
                bits |= B64_CHAR;
            }
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) {
                bits |= LOWER_HEX_CHAR;
            }
            if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')) {
                bits |= UPPER_HEX_CHAR;
            }
            ALPHABETS[c] = (byte) bits;
        }
    }

    /** Which kind packs {@code s} best, or {@link #KIND_UTF8}. */
    static int classify(String s) {
        int bits = B64_CHAR | LOWER_HEX_CHAR | UPPER_HEX_CHAR;
        for (int i = 0, n = s.length(); i < n && bits != 0; i++) {
            char c = s.charAt(i);
            bits &= c < 128 ? ALPHABETS[c] : 0;
        }
        if ((bits & LOWER_HEX_CHAR) != 0) {
            return KIND_HEX_LOWER;
        }
        if ((bits & UPPER_HEX_CHAR) != 0) {
            return KIND_HEX_UPPER;
        }
        return (bits & B64_CHAR) != 0 ? KIND_BASE64URL : KIND_UTF8;
    }

    static int packedLength(int kind, int chars) {
        return kind == KIND_BASE64URL ? (chars * 6 + 7) / 8 : (chars + 1) / 2;
    }

    static int pack(String s, int kind, byte[] out, int pos) {
        return kind == KIND_BASE64URL ? packBase64(s, out, pos) : packHex(s, 0, s.length(), out, pos);
    }

    static String unpack(int kind, int chars, byte[] in, int pos) {
        byte[] out = new byte[chars];
        if (kind == KIND_BASE64URL) {
            long acc = 0;
            int bits = 0;
            int p = pos;
            for (int i = 0; i < chars; i++) {
                if (bits < 6) {
                    acc = (acc << 8) | (in[p++] & 0xFF);
                    bits += 8;
                }
                bits -= 6;
                out[i] = B64[(int) (acc >>> bits) & 0x3F];
            }
        } else {
            byte[] digits = kind == KIND_HEX_LOWER ? HEX_LOWER : HEX_UPPER;
            unpackHex(in, pos, chars, digits, out, 0);
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * {@code 0} for {@code urn:uuid:<lowercase uuid>}, {@code 1} for the same in angle brackets,
     * {@code -1} when {@code s} is neither (upper-case UUIDs stay UTF-8 so they round-trip).
     */
    static int uuidUrnForm(String s) {
        int n = s.length();
        int start;
        int form;
        if (n == URN_PREFIX.length() + UUID_TEXT_LENGTH) {
            start = 0;
            form = 0;
        } else if (n == URN_PREFIX.length() + UUID_TEXT_LENGTH + 2 && s.charAt(0) == '<' && s.charAt(n - 1) == '>') {
            start = 1;
            form = 1;
        } else {
            return -1;
        }
        if (!s.startsWith(URN_PREFIX, start)) {
            return -1;
        }
        int u = start + URN_PREFIX.length();
        for (int i = 0; i < UUID_TEXT_LENGTH; i++) {
            char c = s.charAt(u + i);
            boolean dashPosition = i == 8 || i == 13 || i == 18 || i == 23;
            if (dashPosition ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return -1;
            }
        }
        return form;
    }

    static int packUuid(String s, int form, byte[] out, int pos) {
        int u = (form == 1 ? 1 : 0) + URN_PREFIX.length();
        pos = packHex(s, u, u + 8, out, pos);
        pos = packHex(s, u + 9, u + 13, out, pos);
        pos = packHex(s, u + 14, u + 18, out, pos);
        pos = packHex(s, u + 19, u + 23, out, pos);
        return packHex(s, u + 24, u + 36, out, pos);
    }

    static String unpackUuid(int form, byte[] in, int pos) {
        byte[] out = new byte[(form == 1 ? 2 : 0) + URN_PREFIX.length() + UUID_TEXT_LENGTH];
        int o = 0;
        if (form == 1) {
            out[o++] = '<';
        }
        System.arraycopy(URN_PREFIX_BYTES, 0, out, o, URN_PREFIX_BYTES.length);
        o += URN_PREFIX_BYTES.length;
        int[] groups = {8, 4, 4, 4, 12};
        int p = pos;
        for (int g = 0; g < groups.length; g++) {
            if (g > 0) {
                out[o++] = '-';
            }
            unpackHex(in, p, groups[g], HEX_LOWER, out, o);
            p += groups[g] / 2;
            o += groups[g];
        }
        if (form == 1) {
            out[o] = '>';
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static int packHex(String s, int from, int to, byte[] out, int pos) {
        for (int i = from; i < to; i += 2) {
            int hi = hexValue(s.charAt(i));
            int lo = i + 1 < to ? hexValue(s.charAt(i + 1)) : 0;
            out[pos++] = (byte) ((hi << 4) | lo);
        }
        return pos;
    }

    private static void unpackHex(byte[] in, int pos, int chars, byte[] digits, byte[] out, int o) {
        for (int i = 0; i < chars; i++) {
            int b = in[pos + (i >> 1)];
            out[o + i] = digits[(i & 1) == 0 ? (b >> 4) & 0xF : b & 0xF];
        }
    }

    private static int packBase64(String s, byte[] out, int pos) {
        long acc = 0;
        int bits = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            acc = (acc << 6) | b64Value(s.charAt(i));
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[pos++] = (byte) (acc >>> bits);
            }
        }
        if (bits > 0) {
            out[pos++] = (byte) (acc << (8 - bits));
        }
        return pos;
    }

    private static int hexValue(char c) {
        if (c <= '9') {
            return c - '0';
        }
        return c >= 'a' ? c - 'a' + 10 : c - 'A' + 10;
    }

    private static int b64Value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '-') {
            return 62;
        }
        return c == '_' ? 63 : -1;
    }
}
