package io.midreg.sip.header;

import io.midreg.sip.syntax.Ascii;
import io.midreg.sip.syntax.Parameters;
import java.util.ArrayList;
import java.util.List;

/** via-parm = sent-protocol LWS sent-by *( SEMI via-params ), comma lists (RFC 3261 §20.42, §25.1). */
public final class ViaParser {
    private ViaParser() {
    }

    public static void parseList(byte[] d, int start, int end, List<Via> out) {
        List<int[]> parts = new ArrayList<>(2);
        ValueReader.split(d, start, end, "Via", parts);
        for (int[] p : parts) out.add(parseOne(d, p[0], p[1]));
    }

    /** Offsets [start, end) of each comma-separated value in a Via line. */
    public static void splitValues(byte[] d, int start, int end, List<int[]> out) {
        ValueReader.split(d, start, end, "Via", out);
    }

    public static Via parseOne(byte[] d, int start, int end) {
        ValueReader r = new ValueReader(d, start, end, "Via");
        r.skipLws();
        String protocol = r.token("protocol name");
        if (!r.consumeSeparator('/')) throw r.error("expected '/' after protocol name");
        String version = r.token("protocol version");
        if (!r.consumeSeparator('/')) throw r.error("expected '/' after protocol version");
        String transport = r.token("transport");
        int before = r.pos;
        r.skipLws();
        if (r.pos == before) throw r.error("expected whitespace before sent-by");
        int hs = r.pos;
        String host;
        if (r.peek() == '[') {
            int close = Ascii.indexOf(d, r.pos, end, ']');
            if (close < 0) throw r.error("unterminated IPv6 reference");
            for (int i = r.pos + 1; i < close; i++) {
                if (!Ascii.isHex(d[i]) && d[i] != ':' && d[i] != '.') throw r.error("bad IPv6 reference");
            }
            r.pos = close + 1;
        } else {
            while (r.pos < end && isHostChar(d[r.pos])) r.pos++;
            if (r.pos == hs) throw r.error("missing sent-by host");
        }
        host = Ascii.latin1(d, hs, r.pos);
        int port = -1;
        if (r.consumeSeparator(':')) {
            int ps = r.pos;
            while (r.pos < end && d[r.pos] >= '0' && d[r.pos] <= '9') r.pos++;
            port = (int) Ascii.parseBoundedDecimal(d, ps, r.pos, 65535);
            if (port < 0) throw r.error("bad sent-by port");
        }
        Parameters params = r.params();
        r.expectEnd();
        return new Via(protocol, version, transport, host, port, params);
    }

    private static boolean isHostChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    }
}
