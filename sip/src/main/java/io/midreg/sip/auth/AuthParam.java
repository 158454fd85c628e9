package io.midreg.sip.auth;

import java.util.Objects;

/**
 * One auth-param {@code name=value} of an authentication header. The value is unquoted and unescaped;
 * {@code quoted} records whether it arrived (or should be written) as a quoted-string.
 *
 * @param name   parameter name, a token; compared ignoring case
 * @param value  the value without quotes or escapes
 * @param quoted true to write it as a quoted-string (values that are not tokens are always quoted)
 */
public record AuthParam(String name, String value, boolean quoted) {

    /** Validates: the name is a token and the value has no control characters (no header injection when written). */
    public AuthParam {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (!isToken(name)) {
            throw new IllegalArgumentException("auth-param name is not a token");
        }
        requireNoControlCharacters(value, name);
    }

    /** True if this parameter's name equals {@code other} ignoring case. */
    public boolean hasName(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** True if {@code s} is a non-empty token (RFC 7230 tchar, a superset of RFC 3261 token characters). */
    public static boolean isToken(CharSequence s) {
        if (s == null || s.length() == 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isTokenChar(char c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** Rejects control characters (other than HTAB) in a value that will be written into a header. */
    static void requireNoControlCharacters(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw new IllegalArgumentException(what + " contains a control character at index " + i);
            }
        }
    }
}
