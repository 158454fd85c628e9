package io.midreg.sip.uri;

import io.midreg.sip.syntax.Ascii;
import io.midreg.sip.syntax.Parameters;
import io.midreg.sip.syntax.ParametersBuilder;
import java.util.Locale;

/** Parses URIs from message bytes or text. Strict about what a SIP URI may contain; no LWS anywhere. */
public final class UriParser {
    private UriParser() {
    }

    public static Uri parse(String text) {
        byte[] b = Ascii.bytes(text);
        return parse(b, 0, b.length);
    }

    public static Uri parse(byte[] d, int start, int end) {
        int colon = -1;
        for (int i = start; i < end; i++) {
            int c = d[i];
            if (c == ':') {
                colon = i;
                break;
            }
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > start && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
            if (!ok) throw new InvalidUriException("bad character in URI scheme");
        }
        if (colon <= start) throw new InvalidUriException("URI without scheme");
        String raw = Ascii.string(d, start, end);
        if (Ascii.equalsLower(d, start, colon, "sip")) return parseSip(d, colon + 1, end, false, raw);
        if (Ascii.equalsLower(d, start, colon, "sips")) return parseSip(d, colon + 1, end, true, raw);
        if (colon + 1 >= end) throw new InvalidUriException("empty URI after scheme");
        for (int i = colon + 1; i < end; i++) {
            int c = d[i] & 0xff;
            if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"') throw new InvalidUriException("bad character in URI");
        }
        return new GenericUri(Ascii.latin1(d, start, colon).toLowerCase(Locale.ROOT), Ascii.string(d, colon + 1, end), raw);
    }

    private static SipUri parseSip(byte[] d, int i, int end, boolean secure, String raw) {
        String user = null;
        String password = null;
        int at = Ascii.indexOf(d, i, end, '@');
        if (at >= 0) {
            int pw = Ascii.indexOf(d, i, at, ':');
            int userEnd = pw >= 0 ? pw : at;
            if (userEnd == i) throw new InvalidUriException("empty user part");
            check(d, i, userEnd, PercentCodec.CharClass.USER, "user part");
            user = Ascii.latin1(d, i, userEnd);
            if (pw >= 0) {
                check(d, pw + 1, at, PercentCodec.CharClass.PASSWORD, "password");
                password = Ascii.latin1(d, pw + 1, at);
            }
            i = at + 1;
        }
        int hostStart = i;
        if (i < end && d[i] == '[') {
            int close = Ascii.indexOf(d, i, end, ']');
            if (close < 0) throw new InvalidUriException("unterminated IPv6 reference");
            checkIpv6(d, i + 1, close);
            i = close + 1;
        } else {
            while (i < end && isHostChar(d[i])) i++;
            if (i == hostStart) throw new InvalidUriException("empty host");
        }
        String host = Ascii.latin1(d, hostStart, i);
        int port = -1;
        if (i < end && d[i] == ':') {
            int ps = ++i;
            while (i < end && d[i] >= '0' && d[i] <= '9') i++;
            port = (int) Ascii.parseBoundedDecimal(d, ps, i, 65535);
            if (port < 0 || (i < end && d[i] != ';' && d[i] != '?')) throw new InvalidUriException("bad port");
        }
        ParametersBuilder params = null;
        while (i < end && d[i] == ';') {
            int ns = ++i;
            while (i < end && d[i] != '=' && d[i] != ';' && d[i] != '?') i++;
            int ne = i;
            if (ne == ns) throw new InvalidUriException("empty URI parameter");
            check(d, ns, ne, PercentCodec.CharClass.PARAM, "URI parameter");
            String value = null;
            if (i < end && d[i] == '=') {
                int vs = ++i;
                while (i < end && d[i] != ';' && d[i] != '?') i++;
                if (i == vs) throw new InvalidUriException("empty URI parameter value");
                check(d, vs, i, PercentCodec.CharClass.PARAM, "URI parameter value");
                value = PercentCodec.decode(Ascii.latin1(d, vs, i));
            }
            if (params == null) params = new ParametersBuilder();
            params.add(PercentCodec.decode(Ascii.latin1(d, ns, ne)), value);
        }
        String headers = null;
        if (i < end && d[i] == '?') {
            int hs = ++i;
            for (; i < end; i++) {
                int c = d[i];
                if (c != '=' && c != '&' && !PercentCodec.CharClass.HEADER.test(c) && !isEscape(d, i, end)) {
                    throw new InvalidUriException("bad character in URI headers");
                }
            }
            if (i == hs) throw new InvalidUriException("empty URI headers");
            headers = Ascii.latin1(d, hs, i);
        }
        if (i != end) throw new InvalidUriException("unexpected character in URI");
        return new SipUri(raw, secure, user, password, host, port, params == null ? Parameters.EMPTY : params.build(), headers);
    }

    private static boolean isHostChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
    }

    /** Hex digits, colons and dots; RFC 5118 §4.10 asks to tolerate the three-colon form RFC 3261's ABNF admits. */
    private static void checkIpv6(byte[] d, int s, int e) {
        boolean colon = false;
        for (int i = s; i < e; i++) {
            int c = d[i];
            if (c == ':') colon = true;
            else if (!Ascii.isHex(c) && c != '.') throw new InvalidUriException("bad IPv6 reference");
        }
        if (!colon) throw new InvalidUriException("bad IPv6 reference");
    }

    private static boolean isEscape(byte[] d, int i, int end) {
        return d[i] == '%' && i + 2 < end && Ascii.isHex(d[i + 1]) && Ascii.isHex(d[i + 2]);
    }

    private static void check(byte[] d, int s, int e, PercentCodec.CharClass cls, String what) {
        for (int i = s; i < e; i++) {
            int c = d[i];
            if (c == '%') {
                if (!isEscape(d, i, e)) throw new InvalidUriException("bad escape in " + what);
                i += 2;
            } else if (!cls.test(c)) {
                throw new InvalidUriException("bad character in " + what);
            }
        }
    }
}
