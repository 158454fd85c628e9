package io.midreg.sip.syntax;

import java.nio.charset.StandardCharsets;

/** Byte-level character classes and helpers for the SIP grammar (RFC 3261 §25.1). */
public final class Ascii {
    private static final boolean[] TOKEN = new boolean[256];
    private static final boolean[] HEX = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) { TOKEN[c] = true; HEX[c] = true; }
        for (int c = 'a'; c <= 'z'; c++) { TOKEN[c] = true; }
        for (int c = 'A'; c <= 'Z'; c++) { TOKEN[c] = true; }
        for (char c : "-.!%*_+`'~".toCharArray()) { TOKEN[c] = true; }
        for (int c = 'a'; c <= 'f'; c++) { HEX[c] = true; HEX[c - 32] = true; }
    }

    private Ascii() {
    }

    /** RFC 3261 token character. */
    public static boolean isToken(int b) {
        return TOKEN[b & 0xff];
    }

    public static boolean isHex(int b) {
        return HEX[b & 0xff];
    }

    public static int hexValue(int b) {
        if (b >= '0' && b <= '9') return b - '0';
        if (b >= 'a' && b <= 'f') return b - 'a' + 10;
        if (b >= 'A' && b <= 'F') return b - 'A' + 10;
        return -1;
    }

    public static boolean isWsp(int b) {
        return b == ' ' || b == '\t';
    }

    /** Whitespace inside a header value, including what remains of folded lines. */
    public static boolean isLws(int b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    public static int lower(int b) {
        return (b >= 'A' && b <= 'Z') ? b + 32 : b;
    }

    public static boolean isTokenRange(byte[] d, int start, int end) {
        if (start >= end) return false;
        for (int i = start; i < end; i++) {
            if (!TOKEN[d[i] & 0xff]) return false;
        }
        return true;
    }

    /** Case-insensitive compare of a byte range with an all-lower-case ASCII string. */
    public static boolean equalsLower(byte[] d, int start, int end, String lower) {
        int n = lower.length();
        if (end - start != n) return false;
        for (int i = 0; i < n; i++) {
            if (lower(d[start + i]) != lower.charAt(i)) return false;
        }
        return true;
    }

    public static boolean equalsExact(byte[] d, int start, int end, String s) {
        int n = s.length();
        if (end - start != n) return false;
        for (int i = 0; i < n; i++) {
            if (d[start + i] != s.charAt(i)) return false;
        }
        return true;
    }

    public static int skipLws(byte[] d, int i, int end) {
        while (i < end && isLws(d[i])) i++;
        return i;
    }

    public static int trimLwsEnd(byte[] d, int start, int end) {
        while (end > start && isLws(d[end - 1])) end--;
        return end;
    }

    public static int indexOf(byte[] d, int start, int end, int b) {
        for (int i = start; i < end; i++) {
            if (d[i] == b) return i;
        }
        return -1;
    }

    /** Text of a range; values are UTF-8 (RFC 3261 §7.3.1), and pure ASCII decodes on the JDK's fast path. */
    public static String string(byte[] d, int start, int end) {
        return new String(d, start, end - start, StandardCharsets.UTF_8);
    }

    public static String latin1(byte[] d, int start, int end) {
        return new String(d, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * Parses a run of decimal digits as an unsigned value no larger than {@code max}.
     * Returns -1 for anything else (empty, non-digit, overflow), so huge values such as
     * RFC 4475's 36893488147419103232 never wrap.
     */
    public static long parseBoundedDecimal(byte[] d, int start, int end, long max) {
        if (start >= end) return -1;
        long v = 0;
        for (int i = start; i < end; i++) {
            int c = d[i];
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
            if (v > max) return -1;
        }
        return v;
    }

    public static long parseBoundedDecimal(CharSequence s, long max) {
        int n = s.length();
        if (n == 0) return -1;
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
            if (v > max) return -1;
        }
        return v;
    }

    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
