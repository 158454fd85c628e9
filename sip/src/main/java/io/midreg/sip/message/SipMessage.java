package io.midreg.sip.message;

import io.midreg.sip.header.CSeq;
import io.midreg.sip.header.Contact;
import io.midreg.sip.header.ContactParser;
import io.midreg.sip.header.InvalidHeaderException;
import io.midreg.sip.header.NameAddress;
import io.midreg.sip.header.NameAddressParser;
import io.midreg.sip.header.Via;
import io.midreg.sip.header.ViaParser;
import io.midreg.sip.syntax.Ascii;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A received SIP message: its bytes and an index of where each header field sits. Typed values
 * are parsed on first access and cached; a malformed value throws {@link InvalidHeaderException}
 * when asked for. Immutable once built; the lazy caches are idempotent, so a message may be read
 * from several threads after it has been handed over safely.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {
    final byte[] data;
    /** Offset just past the CRLF (or LF) ending the start line. */
    final int headersStart;
    final HeaderIndex index;
    /** Offset of the empty line that ends the header section. */
    final int headersEnd;
    final int bodyStart;
    final int bodyLength;

    private List<Via> vias;
    private NameAddress from;
    private NameAddress to;
    private CSeq cseq;
    private String callId;
    private List<Contact> contacts;

    SipMessage(byte[] data, int headersStart, HeaderIndex index, int headersEnd, int bodyStart, int bodyLength) {
        this.data = data;
        this.headersStart = headersStart;
        this.index = index;
        this.headersEnd = headersEnd;
        this.bodyStart = bodyStart;
        this.bodyLength = bodyLength;
    }

    public abstract boolean isRequest();

    /** The start line without its line end. */
    public abstract String startLine();

    // ---- generic header access ----

    public int headerCount() {
        return index.count();
    }

    public HeaderName headerName(int i) {
        return index.name(i);
    }

    /** The header name as written (compact or long, original case). */
    public String headerNameText(int i) {
        return Ascii.latin1(data, index.nameStart(i), index.nameEnd(i));
    }

    /** Value of field {@code i}, folded lines joined with a single space. */
    public String headerValue(int i) {
        if (!index.folded(i)) return Ascii.string(data, index.valueStart(i), index.valueEnd(i));
        byte[] u = unfold(i);
        return Ascii.string(u, 0, u.length);
    }

    /** First field of this name, or -1. */
    public int indexOf(HeaderName name) {
        return index.indexOf(name, 0);
    }

    public int indexOf(HeaderName name, int from) {
        return index.indexOf(name, from);
    }

    /** First field whose name matches, for headers without a {@link HeaderName} of their own. */
    public int indexOf(String name) {
        HeaderName h = HeaderName.lookup(name);
        if (h != HeaderName.OTHER) return indexOf(h);
        for (int i = 0; i < index.count(); i++) {
            if (index.name(i) == HeaderName.OTHER
                    && Ascii.equalsLower(data, index.nameStart(i), index.nameEnd(i), name.toLowerCase(java.util.Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }

    public int count(HeaderName name) {
        int n = 0;
        for (int i = index.indexOf(name, 0); i >= 0; i = index.indexOf(name, i + 1)) n++;
        return n;
    }

    public boolean has(HeaderName name) {
        return indexOf(name) >= 0;
    }

    /** Value of the first field of this name, or null. */
    public String header(HeaderName name) {
        int i = indexOf(name);
        return i < 0 ? null : headerValue(i);
    }

    /** Value of the first field of this name (any header, long or compact name), or null. */
    public String header(String name) {
        int i = indexOf(name);
        return i < 0 ? null : headerValue(i);
    }

    /** Every field of this name in order, one entry per line (comma lists are not split). */
    public List<String> headerLines(HeaderName name) {
        List<String> out = new ArrayList<>(2);
        for (int i = index.indexOf(name, 0); i >= 0; i = index.indexOf(name, i + 1)) out.add(headerValue(i));
        return out;
    }

    /** Every value of a comma-list header (Supported, Require, Allow, ...), trimmed, across all lines. */
    public List<String> tokenList(HeaderName name) {
        List<String> out = new ArrayList<>(4);
        for (String line : headerLines(name)) {
            for (String t : line.split(",")) {
                String v = t.trim();
                if (!v.isEmpty()) out.add(v);
            }
        }
        return out;
    }

    // ---- typed access ----

    /** All Via values in order, across lines and comma lists. */
    public List<Via> vias() {
        List<Via> v = vias;
        if (v == null) {
            v = new ArrayList<>(2);
            for (int i = index.indexOf(HeaderName.VIA, 0); i >= 0; i = index.indexOf(HeaderName.VIA, i + 1)) {
                if (index.folded(i)) {
                    byte[] u = unfold(i);
                    ViaParser.parseList(u, 0, u.length, v);
                } else {
                    ViaParser.parseList(data, index.valueStart(i), index.valueEnd(i), v);
                }
            }
            vias = v = Collections.unmodifiableList(v);
        }
        return v;
    }

    /** The top Via, or null when there is none. */
    public Via topVia() {
        List<Via> v = vias();
        return v.isEmpty() ? null : v.get(0);
    }

    public NameAddress from() {
        NameAddress f = from;
        if (f == null) from = f = single(HeaderName.FROM);
        return f;
    }

    public NameAddress to() {
        NameAddress t = to;
        if (t == null) to = t = single(HeaderName.TO);
        return t;
    }

    public String callId() {
        String c = callId;
        if (c == null) {
            int i = indexOf(HeaderName.CALL_ID);
            if (i < 0) return null;
            callId = c = headerValue(i);
        }
        return c;
    }

    public CSeq cseq() {
        CSeq c = cseq;
        if (c == null) {
            int i = indexOf(HeaderName.CSEQ);
            if (i < 0) return null;
            cseq = c = index.folded(i) ? parseCSeqFolded(i) : CSeq.parse(data, index.valueStart(i), index.valueEnd(i));
        }
        return c;
    }

    private CSeq parseCSeqFolded(int i) {
        byte[] u = unfold(i);
        return CSeq.parse(u, 0, u.length);
    }

    /** Contact values across all Contact lines; a wildcard is {@link Contact#WILDCARD}. */
    public List<Contact> contacts() {
        List<Contact> c = contacts;
        if (c == null) {
            c = new ArrayList<>(2);
            for (int i = index.indexOf(HeaderName.CONTACT, 0); i >= 0; i = index.indexOf(HeaderName.CONTACT, i + 1)) {
                if (index.folded(i)) {
                    byte[] u = unfold(i);
                    ContactParser.parseList(u, 0, u.length, c);
                } else {
                    ContactParser.parseList(data, index.valueStart(i), index.valueEnd(i), c);
                }
            }
            contacts = c = Collections.unmodifiableList(c);
        }
        return c;
    }

    public List<NameAddress> routes() {
        return nameAddresses(HeaderName.ROUTE);
    }

    public List<NameAddress> recordRoutes() {
        return nameAddresses(HeaderName.RECORD_ROUTE);
    }

    public List<NameAddress> paths() {
        return nameAddresses(HeaderName.PATH);
    }

    public List<NameAddress> serviceRoutes() {
        return nameAddresses(HeaderName.SERVICE_ROUTE);
    }

    public List<NameAddress> pAssociatedUris() {
        return nameAddresses(HeaderName.P_ASSOCIATED_URI);
    }

    /** Every value of a header whose grammar is a comma list of name-addrs. */
    public List<NameAddress> nameAddresses(HeaderName name) {
        List<NameAddress> out = new ArrayList<>(2);
        for (int i = index.indexOf(name, 0); i >= 0; i = index.indexOf(name, i + 1)) {
            if (index.folded(i)) {
                byte[] u = unfold(i);
                NameAddressParser.parseList(u, 0, u.length, name.canonical(), out);
            } else {
                NameAddressParser.parseList(data, index.valueStart(i), index.valueEnd(i), name.canonical(), out);
            }
        }
        return out;
    }

    /** Expires header in seconds; -1 when absent; values beyond 2^32-1 or not numeric are an error. */
    public long expires() {
        return boundedNumber(HeaderName.EXPIRES, 0xFFFF_FFFFL);
    }

    public long minExpires() {
        return boundedNumber(HeaderName.MIN_EXPIRES, 0xFFFF_FFFFL);
    }

    /** Max-Forwards (0..255), -1 when absent. */
    public int maxForwards() {
        return (int) boundedNumber(HeaderName.MAX_FORWARDS, 255);
    }

    /** Content-Length as declared, -1 when absent. */
    public int contentLength() {
        return (int) boundedNumber(HeaderName.CONTENT_LENGTH, Integer.MAX_VALUE);
    }

    public List<String> supported() {
        return tokenList(HeaderName.SUPPORTED);
    }

    public List<String> require() {
        return tokenList(HeaderName.REQUIRE);
    }

    public List<String> proxyRequire() {
        return tokenList(HeaderName.PROXY_REQUIRE);
    }

    /** Authorization values, one per line (credentials are not comma-split). */
    public List<String> authorizations() {
        return headerLines(HeaderName.AUTHORIZATION);
    }

    public List<String> proxyAuthorizations() {
        return headerLines(HeaderName.PROXY_AUTHORIZATION);
    }

    public List<String> wwwAuthenticates() {
        return headerLines(HeaderName.WWW_AUTHENTICATE);
    }

    public List<String> proxyAuthenticates() {
        return headerLines(HeaderName.PROXY_AUTHENTICATE);
    }

    public String contentType() {
        return header(HeaderName.CONTENT_TYPE);
    }

    public String userAgent() {
        return header(HeaderName.USER_AGENT);
    }

    // ---- body and bytes ----

    public int bodyLength() {
        return bodyLength;
    }

    /** A copy of the body octets, exactly as received. */
    public byte[] body() {
        return java.util.Arrays.copyOfRange(data, bodyStart, bodyStart + bodyLength);
    }

    /** The whole message (start line, headers, empty line, body) as one byte array copy. */
    public byte[] toBytes() {
        return java.util.Arrays.copyOfRange(data, 0, bodyStart + bodyLength);
    }

    /** Message size in octets. */
    public int size() {
        return bodyStart + bodyLength;
    }

    @Override
    public String toString() {
        return startLine();
    }

    // ---- helpers ----

    private NameAddress single(HeaderName name) {
        int i = indexOf(name);
        if (i < 0) return null;
        if (index.folded(i)) {
            byte[] u = unfold(i);
            return NameAddressParser.parse(u, 0, u.length, name.canonical());
        }
        return NameAddressParser.parse(data, index.valueStart(i), index.valueEnd(i), name.canonical());
    }

    private long boundedNumber(HeaderName name, long max) {
        int i = indexOf(name);
        if (i < 0) return -1;
        int s = Ascii.skipLws(data, index.valueStart(i), index.valueEnd(i));
        int e = Ascii.trimLwsEnd(data, s, index.valueEnd(i));
        long v = Ascii.parseBoundedDecimal(data, s, e, max);
        if (v < 0) throw new InvalidHeaderException(name.canonical(), "not a number within 0.." + max);
        return v;
    }

    /**
     * What follows the first value of Via line {@code i} (its further comma-separated values, as
     * written), or null when the line holds one value: a proxy removing or replacing the top Via
     * keeps the rest of that line.
     */
    byte[] viaLineAfterFirstValue(int i) {
        byte[] d = index.folded(i) ? unfold(i) : data;
        int s = index.folded(i) ? 0 : index.valueStart(i);
        int e = index.folded(i) ? d.length : index.valueEnd(i);
        List<int[]> parts = new ArrayList<>(2);
        io.midreg.sip.header.ViaParser.splitValues(d, s, e, parts);
        return parts.size() <= 1 ? null : java.util.Arrays.copyOfRange(d, parts.get(1)[0], e);
    }

    /** Joins folded lines: each CRLF/LF followed by whitespace becomes one space. */
    byte[] unfold(int i) {
        int s = index.valueStart(i);
        int e = index.valueEnd(i);
        byte[] out = new byte[e - s];
        int n = 0;
        for (int k = s; k < e; k++) {
            byte b = data[k];
            if (b == '\r' || b == '\n') {
                while (k + 1 < e && Ascii.isLws(data[k + 1])) k++;
                if (n > 0 && out[n - 1] != ' ') out[n++] = ' ';
                continue;
            }
            out[n++] = b;
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
