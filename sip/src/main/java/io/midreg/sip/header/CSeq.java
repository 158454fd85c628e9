package io.midreg.sip.header;

import io.midreg.sip.syntax.Ascii;
import io.midreg.sip.syntax.SipMethods;

/** CSeq = 1*DIGIT LWS Method; the number must fit in 32 bits (RFC 3261 §8.1.1.5). */
public record CSeq(long number, String method) {
    public static final long MAX = 0xFFFF_FFFFL;

    public static CSeq parse(byte[] d, int start, int end) {
        ValueReader r = new ValueReader(d, start, end, "CSeq");
        r.skipLws();
        int ns = r.pos;
        while (r.pos < end && d[r.pos] >= '0' && d[r.pos] <= '9') r.pos++;
        if (r.pos == ns) throw r.error("missing sequence number");
        long n = Ascii.parseBoundedDecimal(d, ns, r.pos, MAX);
        if (n < 0) throw r.error("sequence number out of range");
        int ws = r.pos;
        r.skipLws();
        if (r.pos == ws) throw r.error("expected whitespace after sequence number");
        int ms = r.pos;
        while (r.pos < end && Ascii.isToken(d[r.pos])) r.pos++;
        if (r.pos == ms) throw r.error("missing method");
        int me = r.pos;
        r.expectEnd();
        return new CSeq(n, SipMethods.of(d, ms, me));
    }

    public static CSeq parse(String value) {
        byte[] b = Ascii.bytes(value);
        return parse(b, 0, b.length);
    }

    @Override
    public String toString() {
        return number + " " + method;
    }
}
