package io.midreg.sip.uri;

import io.midreg.sip.syntax.Ascii;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** %HH escapes in SIP URIs (RFC 3261 §19.1.2, §25.1 "escaped"). */
public final class PercentCodec {
    private PercentCodec() {
    }

    /** Decodes %HH escapes; an escaped NUL stays a NUL character and does not end the string. */
    public static String decode(String s) {
        if (s == null || s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '%' && i + 2 < b.length && Ascii.isHex(b[i + 1]) && Ascii.isHex(b[i + 2])) {
                out.write(Ascii.hexValue(b[i + 1]) * 16 + Ascii.hexValue(b[i + 2]));
                i += 2;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Escapes every octet that is not in {@code allowed} (a predicate over unreserved-style classes). */
    public static String encode(String s, CharClass allowed) {
        StringBuilder sb = null;
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            int c = b[i] & 0xff;
            if (allowed.test(c)) {
                if (sb != null) sb.append((char) c);
            } else {
                if (sb == null) {
                    sb = new StringBuilder(b.length + 8);
                    for (int k = 0; k < i; k++) sb.append((char) (b[k] & 0xff));
                }
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** Character classes of the SIP URI grammar. */
    public enum CharClass {
        /** user = 1*( unreserved / escaped / user-unreserved ) */
        USER("&=+$,;?/"),
        /** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) */
        PASSWORD("&=+$,"),
        /** paramchar = param-unreserved / unreserved / escaped */
        PARAM("[]/:&+$"),
        /** hvalue / hname = *( hnv-unreserved / unreserved / escaped ) */
        HEADER("[]/?:+$");

        private final boolean[] allowed = new boolean[256];

        CharClass(String extra) {
            for (int c = '0'; c <= '9'; c++) allowed[c] = true;
            for (int c = 'a'; c <= 'z'; c++) allowed[c] = true;
            for (int c = 'A'; c <= 'Z'; c++) allowed[c] = true;
            for (char c : "-_.!~*'()".toCharArray()) allowed[c] = true;
            for (char c : extra.toCharArray()) allowed[c] = true;
        }

        public boolean test(int c) {
            return allowed[c & 0xff];
        }
    }
}
