package io.midreg.sip.auth;

import io.midreg.sip.auth.DigestParseException.Reason;
import java.util.ArrayList;
import java.util.List;

/**
 * Single-pass scanner for {@link AuthParams}. Every read is bounds-checked, so garbage ends in a
 * {@link DigestParseException} naming the problem and its index, never in a runtime exception.
 */
final class AuthParamParser {

    private static final int END = -1;

    private final String input;
    private int pos;

    AuthParamParser(String input) {
        this.input = input;
    }

    String scheme() throws DigestParseException {
        if (input == null) {
            throw new DigestParseException(Reason.MALFORMED, "header value is missing");
        }
        if (input.length() > AuthParams.MAX_LENGTH) {
            throw new DigestParseException(Reason.TOO_LONG, "header value is " + input.length()
                    + " characters long, more than " + AuthParams.MAX_LENGTH);
        }
        skipWhitespace();
        if (peek() == END) {
            throw new DigestParseException(Reason.MALFORMED, "header value is empty");
        }
        return token("auth-scheme");
    }

    AuthParams parse() throws DigestParseException {
        String scheme = scheme();
        if (peek() != END && !isWhitespace(peek())) {
            throw unexpected("whitespace after the auth-scheme");
        }
        List<AuthParam> params = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (peek() == END) {
                break;
            }
            if (peek() == ',') { // empty list element, allowed by the #rule
                pos++;
                continue;
            }
            AuthParam param = param();
            for (AuthParam earlier : params) {
                if (earlier.hasName(param.name())) {
                    throw new DigestParseException(Reason.MALFORMED, "duplicate parameter '" + param.name() + "'");
                }
            }
            params.add(param);
            skipWhitespace();
            if (peek() == END) {
                break;
            }
            if (peek() != ',') {
                throw unexpected("',' after parameter '" + param.name() + "'");
            }
            pos++;
        }
        return new AuthParams(scheme, params);
    }

    private AuthParam param() throws DigestParseException {
        String name = token("parameter name");
        skipWhitespace();
        if (peek() != '=') {
            throw unexpected("'=' after parameter name '" + name + "'");
        }
        pos++;
        skipWhitespace();
        if (peek() == '"') {
            return new AuthParam(name, quotedString(name), true);
        }
        return new AuthParam(name, unquotedValue(name), false);
    }

    private String token(String what) throws DigestParseException {
        int start = pos;
        while (peek() != END && AuthParam.isTokenChar((char) peek())) {
            pos++;
        }
        if (pos == start) {
            throw unexpected(what);
        }
        return input.substring(start, pos);
    }

    /**
     * A bare value. Lenient beyond token (some UAs send e.g. {@code uri=sip:host} unquoted): anything up to
     * whitespace or ',' except control characters and '"'.
     */
    private String unquotedValue(String name) throws DigestParseException {
        int start = pos;
        while (peek() != END && peek() != ',' && !isWhitespace(peek())) {
            int c = peek();
            if (c == '"' || isControl(c)) {
                throw unexpected("value of parameter '" + name + "'");
            }
            pos++;
        }
        if (pos == start) {
            throw unexpected("value of parameter '" + name + "'");
        }
        return input.substring(start, pos);
    }

    /** quoted-string with quoted-pair; folded line breaks inside count as one space (RFC 3261 §25.1). */
    private String quotedString(String name) throws DigestParseException {
        int open = pos++;
        StringBuilder unescaped = null; // only allocated when the value has escapes or folds
        int runStart = pos;
        while (true) {
            int c = peek();
            if (c == END) {
                throw new DigestParseException(Reason.MALFORMED, "unterminated quoted-string in parameter '"
                        + name + "' starting at index " + open);
            }
            if (c == '"') {
                String value = unescaped == null
                        ? input.substring(runStart, pos)
                        : unescaped.append(input, runStart, pos).toString();
                pos++;
                return value;
            }
            if (c == '\\' || c == '\r' || c == '\n') {
                if (unescaped == null) {
                    unescaped = new StringBuilder(pos - runStart + 16);
                }
                unescaped.append(input, runStart, pos);
                if (c == '\\') {
                    pos++;
                    int escaped = peek();
                    if (escaped == END) {
                        throw new DigestParseException(Reason.MALFORMED, "unterminated quoted-string in parameter '"
                                + name + "' starting at index " + open);
                    }
                    if (isControl(escaped) && escaped != '\t') {
                        throw unexpected("escaped character in parameter '" + name + "'");
                    }
                    unescaped.append((char) escaped);
                    pos++;
                } else {
                    skipFold(name);
                    unescaped.append(' ');
                }
                runStart = pos;
                continue;
            }
            if (isControl(c) && c != '\t') {
                throw unexpected("character in quoted value of parameter '" + name + "'");
            }
            pos++;
        }
    }

    /** Consumes CRLF (or bare LF) plus the following whitespace; a line break not followed by whitespace is an error. */
    private void skipFold(String name) throws DigestParseException {
        if (peek() == '\r') {
            pos++;
        }
        if (peek() == '\n') {
            pos++;
        }
        if (peek() != ' ' && peek() != '\t') {
            throw new DigestParseException(Reason.MALFORMED,
                    "line break inside the quoted value of parameter '" + name + "' at index " + pos);
        }
        while (peek() == ' ' || peek() == '\t') {
            pos++;
        }
    }

    private void skipWhitespace() {
        while (peek() != END && isWhitespace(peek())) {
            pos++;
        }
    }

    private int peek() {
        return pos < input.length() ? input.charAt(pos) : END;
    }

    private DigestParseException unexpected(String expected) {
        int c = peek();
        String found;
        if (c == END) {
            found = "end of value";
        } else if (c > 0x20 && c < 0x7F) {
            found = "'" + (char) c + "'";
        } else {
            found = String.format("character U+%04X", c);
        }
        return new DigestParseException(Reason.MALFORMED,
                "expected " + expected + " at index " + pos + " but found " + found);
    }

    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isControl(int c) {
        return c < 0x20 || c == 0x7F;
    }
}
