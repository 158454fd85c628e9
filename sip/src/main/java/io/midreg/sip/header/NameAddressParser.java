package io.midreg.sip.header;

import io.midreg.sip.syntax.Ascii;
import io.midreg.sip.syntax.Parameters;
import io.midreg.sip.uri.InvalidUriException;
import io.midreg.sip.uri.Uri;
import io.midreg.sip.uri.UriParser;
import java.util.ArrayList;
import java.util.List;

/** ( name-addr / addr-spec ) *( SEMI generic-param ), singly or as a comma list. */
public final class NameAddressParser {
    private NameAddressParser() {
    }

    public static void parseList(byte[] d, int start, int end, String header, List<NameAddress> out) {
        List<int[]> parts = new ArrayList<>(2);
        ValueReader.split(d, start, end, header, parts);
        for (int[] p : parts) out.add(parse(d, p[0], p[1], header));
    }

    public static NameAddress parse(byte[] d, int start, int end, String header) {
        ValueReader r = new ValueReader(d, start, end, header);
        r.skipLws();
        String display = null;
        Uri uri;
        boolean bracketed;
        int c = r.peek();
        if (c == '"') {
            display = r.quotedString();
            r.skipLws();
            if (r.peek() != '<') throw r.error("expected '<' after display name");
        } else if (c != '<') {
            int tokensEnd = scanTokenDisplayName(r, d, r.pos, end);
            if (tokensEnd >= 0) {
                // RFC 4475 §3.1.1.6: a token display name may be glued to the '<'.
                display = Ascii.string(d, r.pos, Ascii.trimLwsEnd(d, r.pos, tokensEnd));
                if (display.isEmpty()) display = null;
                r.pos = tokensEnd;
            }
        }
        if (r.peek() == '<') {
            r.pos++;
            int close = Ascii.indexOf(d, r.pos, end, '>');
            if (close < 0) throw r.error("missing '>'");
            if (close == r.pos || Ascii.isLws(d[r.pos]) || Ascii.isLws(d[close - 1])) {
                throw r.error("whitespace or nothing inside '<>'");
            }
            uri = uri(r, d, r.pos, close);
            r.pos = close + 1;
            bracketed = true;
        } else {
            int s = r.pos;
            while (r.pos < end && d[r.pos] != ';' && !Ascii.isLws(d[r.pos])) {
                int x = d[r.pos];
                // RFC 3261 §20: a URI with a comma, question mark or semicolon must be in brackets.
                if (x == '?' || x == ',') throw r.error("URI with '" + (char) x + "' must be enclosed in '<>'");
                r.pos++;
            }
            if (r.pos == s) throw r.error("missing URI");
            uri = uri(r, d, s, r.pos);
            bracketed = false;
        }
        Parameters params = r.params();
        r.expectEnd();
        return new NameAddress(display, uri, params, bracketed);
    }

    /**
     * If the value is {@code *(token LWS) '<'}, returns the offset of '<'; -1 when it is an
     * addr-spec. A non-token character before '<' (such as RFC 4475's unquoted "Bell, Alexander")
     * is an error.
     */
    private static int scanTokenDisplayName(ValueReader r, byte[] d, int s, int end) {
        int lt = Ascii.indexOf(d, s, end, '<');
        if (lt < 0) return -1;
        int colon = Ascii.indexOf(d, s, lt, ':');
        boolean allToken = true;
        for (int i = s; i < lt; i++) {
            if (!Ascii.isToken(d[i]) && !Ascii.isLws(d[i])) {
                allToken = false;
                break;
            }
        }
        if (allToken) return lt;
        if (colon >= 0 && Ascii.indexOf(d, s, colon, ' ') < 0 && Ascii.indexOf(d, s, colon, ',') < 0) {
            return -1; // addr-spec whose later parameter happens to hold a '<'
        }
        throw r.error("unquoted display name with non-token characters");
    }

    private static Uri uri(ValueReader r, byte[] d, int s, int e) {
        try {
            return UriParser.parse(d, s, e);
        } catch (InvalidUriException ex) {
            throw r.error(ex.getMessage());
        }
    }
}
