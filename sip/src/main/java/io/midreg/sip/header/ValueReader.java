package io.midreg.sip.header;

import io.midreg.sip.syntax.Ascii;
import io.midreg.sip.syntax.Parameters;
import io.midreg.sip.syntax.ParametersBuilder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A cursor over one header value's bytes with the small grammar pieces every header shares. */
final class ValueReader {
    final byte[] d;
    int pos;
    final int end;
    final String header;

    ValueReader(byte[] d, int start, int end, String header) {
        this.d = d;
        this.pos = start;
        this.end = end;
        this.header = header;
    }

    InvalidHeaderException error(String problem) {
        return new InvalidHeaderException(header, problem);
    }

    boolean atEnd() {
        return pos >= end;
    }

    int peek() {
        return pos < end ? d[pos] : -1;
    }

    void skipLws() {
        pos = Ascii.skipLws(d, pos, end);
    }

    boolean consume(int c) {
        if (pos < end && d[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** SWS c SWS, as in EQUAL, SEMI, SLASH. */
    boolean consumeSeparator(int c) {
        int save = pos;
        skipLws();
        if (consume(c)) {
            skipLws();
            return true;
        }
        pos = save;
        return false;
    }

    String token(String what) {
        int s = pos;
        while (pos < end && Ascii.isToken(d[pos])) pos++;
        if (pos == s) throw error("expected " + what);
        return Ascii.latin1(d, s, pos);
    }

    /** A quoted-string starting at pos; returns its content with quoted-pairs resolved. */
    String quotedString() {
        if (!consume('"')) throw error("expected quoted string");
        int s = pos;
        boolean escaped = false;
        while (pos < end) {
            int c = d[pos];
            if (c == '"') {
                String v = escaped ? unescape(s, pos) : Ascii.string(d, s, pos);
                pos++;
                return v;
            }
            if (c == '\\') {
                escaped = true;
                pos += 2;
                continue;
            }
            pos++;
        }
        throw error("unterminated quoted string");
    }

    private String unescape(int s, int e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(e - s);
        for (int i = s; i < e; i++) {
            if (d[i] == '\\' && i + 1 < e) i++;
            out.write(d[i]);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Generic header parameters: *( SEMI token [ EQUAL ( token / host / quoted-string ) ] ).
     * Stops before a top-level comma or the end. A quoted value keeps its quotes so the
     * parameter can be written back exactly.
     */
    Parameters params() {
        ParametersBuilder pairs = null;
        while (true) {
            int save = pos;
            skipLws();
            if (!consume(';')) {
                pos = save;
                break;
            }
            skipLws();
            String name = token("parameter name");
            String value = null;
            if (consumeSeparator('=')) {
                value = paramValue();
            }
            if (pairs == null) pairs = new ParametersBuilder();
            pairs.add(name, value);
        }
        return pairs == null ? Parameters.EMPTY : pairs.build();
    }

    private String paramValue() {
        if (peek() == '"') {
            int s = pos;
            quotedString();
            return Ascii.string(d, s, pos);
        }
        int s = pos;
        if (peek() == '[') {
            int close = Ascii.indexOf(d, pos, end, ']');
            if (close < 0) throw error("unterminated IPv6 reference in parameter");
            pos = close + 1;
            return Ascii.latin1(d, s, pos);
        }
        // token / host; a bare IPv6 address (RFC 5118 §4.5) brings colons, so take any
        // printable run up to the next separator.
        while (pos < end) {
            int c = d[pos];
            if (c == ';' || c == ',' || Ascii.isLws(c) || c == '"' || c == '<' || c == '>') break;
            if ((c & 0xff) < 0x21 || c == 0x7f) throw error("control character in parameter value");
            pos++;
        }
        if (pos == s) throw error("empty parameter value");
        return Ascii.latin1(d, s, pos);
    }

    void expectEnd() {
        skipLws();
        if (pos < end) throw error("unexpected '" + Sanitized.ch(d[pos]) + "'");
    }

    /** Splits a comma-separated list at top-level commas (outside quotes and angle brackets). */
    static void split(byte[] d, int start, int end, String header, List<int[]> out) {
        int s = start;
        boolean quoted = false;
        boolean angled = false;
        for (int i = start; i < end; i++) {
            int c = d[i];
            if (quoted) {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                angled = true;
            } else if (c == '>') {
                angled = false;
            } else if (c == ',' && !angled) {
                addElement(d, s, i, header, out);
                s = i + 1;
            }
        }
        if (quoted) throw new InvalidHeaderException(header, "unterminated quoted string");
        addElement(d, s, end, header, out);
    }

    private static void addElement(byte[] d, int s, int e, String header, List<int[]> out) {
        s = Ascii.skipLws(d, s, e);
        e = Ascii.trimLwsEnd(d, s, e);
        if (s >= e) throw new InvalidHeaderException(header, "empty list element");
        out.add(new int[] {s, e});
    }

    /** Helper to print one offending byte. */
    static final class Sanitized {
        private Sanitized() {
        }

        static String ch(byte b) {
            int c = b & 0xff;
            return c >= 0x21 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c);
        }
    }
}
