package io.midreg.sip.message;

import io.midreg.sip.syntax.Ascii;

/**
 * Header names the stack knows, with their compact forms (RFC 3261 §7.3.3 and extensions).
 * Anything else is {@link #OTHER} and is kept verbatim.
 */
public enum HeaderName {
    VIA("Via", 'v', true),
    FROM("From", 'f', false),
    TO("To", 't', false),
    CALL_ID("Call-ID", 'i', false),
    CSEQ("CSeq", (char) 0, false),
    CONTACT("Contact", 'm', true),
    EXPIRES("Expires", (char) 0, false),
    MIN_EXPIRES("Min-Expires", (char) 0, false),
    ROUTE("Route", (char) 0, true),
    RECORD_ROUTE("Record-Route", (char) 0, true),
    PATH("Path", (char) 0, true),
    SERVICE_ROUTE("Service-Route", (char) 0, true),
    SUPPORTED("Supported", 'k', true),
    REQUIRE("Require", (char) 0, true),
    PROXY_REQUIRE("Proxy-Require", (char) 0, true),
    UNSUPPORTED("Unsupported", (char) 0, true),
    ALLOW("Allow", (char) 0, true),
    AUTHORIZATION("Authorization", (char) 0, false),
    WWW_AUTHENTICATE("WWW-Authenticate", (char) 0, false),
    PROXY_AUTHENTICATE("Proxy-Authenticate", (char) 0, false),
    PROXY_AUTHORIZATION("Proxy-Authorization", (char) 0, false),
    CONTENT_LENGTH("Content-Length", 'l', false),
    CONTENT_TYPE("Content-Type", 'c', false),
    CONTENT_ENCODING("Content-Encoding", 'e', true),
    MAX_FORWARDS("Max-Forwards", (char) 0, false),
    USER_AGENT("User-Agent", (char) 0, false),
    SERVER("Server", (char) 0, false),
    SUBJECT("Subject", 's', false),
    EVENT("Event", 'o', false),
    ALLOW_EVENTS("Allow-Events", 'u', true),
    REFER_TO("Refer-To", 'r', false),
    RETRY_AFTER("Retry-After", (char) 0, false),
    P_ASSOCIATED_URI("P-Associated-URI", (char) 0, true),
    TIMESTAMP("Timestamp", (char) 0, false),
    DATE("Date", (char) 0, false),
    OTHER("", (char) 0, false);

    private static final HeaderName[] VALUES = values();

    private final String canonical;
    private final String lower;
    private final char compact;
    private final boolean commaList;

    HeaderName(String canonical, char compact, boolean commaList) {
        this.canonical = canonical;
        this.lower = canonical.toLowerCase(java.util.Locale.ROOT);
        this.compact = compact;
        this.commaList = commaList;
    }

    /** The long form as written by this stack. */
    public String canonical() {
        return canonical;
    }

    /** Whether several values may share one line, separated by commas (RFC 3261 §7.3.1). */
    public boolean commaList() {
        return commaList;
    }

    public char compact() {
        return compact;
    }

    /** Identifies a header name in {@code d[start, end)}, case-insensitively, long or compact. */
    public static HeaderName lookup(byte[] d, int start, int end) {
        int len = end - start;
        if (len == 1) {
            int c = Ascii.lower(d[start]);
            switch (c) {
                case 'v': return VIA;
                case 'f': return FROM;
                case 't': return TO;
                case 'i': return CALL_ID;
                case 'm': return CONTACT;
                case 'k': return SUPPORTED;
                case 'l': return CONTENT_LENGTH;
                case 'c': return CONTENT_TYPE;
                case 'e': return CONTENT_ENCODING;
                case 's': return SUBJECT;
                case 'o': return EVENT;
                case 'u': return ALLOW_EVENTS;
                case 'r': return REFER_TO;
                default: return OTHER;
            }
        }
        int first = Ascii.lower(d[start]);
        // Linear over ~35 names but cut by length and first letter: a few comparisons at most.
        for (HeaderName h : VALUES) {
            String l = h.lower;
            if (l.length() == len && l.charAt(0) == first && Ascii.equalsLower(d, start, end, l)) {
                return h;
            }
        }
        return OTHER;
    }

    /** Looks up a name given as text, e.g. from configuration or a caller. */
    public static HeaderName lookup(String name) {
        byte[] b = Ascii.bytes(name);
        return lookup(b, 0, b.length);
    }
}
