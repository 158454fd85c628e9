package io.midreg.sip.message;

import io.midreg.sip.syntax.Ascii;
import io.midreg.sip.syntax.SipMethods;
import io.netty.buffer.ByteBuf;

/**
 * Turns one framed message into a {@link SipMessage}: the start line is parsed, header fields
 * are located (not decoded), the body is delimited by Content-Length. Typed header values are
 * left for lazy access; {@link MessageValidator} checks the ones every element needs.
 *
 * <p>Over a datagram transport a missing Content-Length means the body is the rest of the
 * datagram, and octets past a declared Content-Length are ignored (RFC 3261 §18.3). A
 * declared length larger than what arrived is an error.
 */
public final class SipMessageParser {
    private static final int INITIAL_HEADERS = 16;

    private final ParserConfig config;
    /** Salvage mode: read what can be read of a refused request so that an error response can be built. */
    private final boolean salvage;

    public SipMessageParser(ParserConfig config) {
        this(config, false);
    }

    private SipMessageParser(ParserConfig config, boolean salvage) {
        this.config = config;
        this.salvage = salvage;
    }

    /**
     * A parser for answering refused requests (RFC 3261 §8.2): it reads the method and skips
     * the rest of the Request-Line, skips malformed header lines and fields beyond the limit,
     * and ignores body framing and an unterminated header section, so that Via, From, To,
     * Call-ID and CSeq can be copied into a 400 or 505. Never use what it returns for anything else.
     */
    public static SipMessageParser forErrorResponses(ParserConfig config) {
        return new SipMessageParser(config, true);
    }

    public SipMessageParser() {
        this(ParserConfig.defaults());
    }

    /** Parses the readable bytes of {@code buf} (copied once into the message; the buffer is not released). */
    public SipMessage parse(ByteBuf buf) throws SipParseException {
        int n = buf.readableBytes();
        if (n > config.maxMessageSize()) throw new MessageTooLargeException(n, config.maxMessageSize());
        byte[] d = new byte[n];
        buf.getBytes(buf.readerIndex(), d);
        return parse(d, n);
    }

    /** Parses {@code d[0, length)}; the array becomes the message's own storage and must not change afterwards. */
    public SipMessage parse(byte[] d, int length) throws SipParseException {
        if (length > config.maxMessageSize()) throw new MessageTooLargeException(length, config.maxMessageSize());
        int pos = 0;
        // RFC 3261 §7.5: CRLFs before the start line are ignored.
        while (pos < length && (d[pos] == '\r' || d[pos] == '\n')) pos++;
        if (pos == length) throw new SipParseException("Bad Request (empty message)");
        int lf = Ascii.indexOf(d, pos, length, '\n');
        if (lf < 0) throw new SipParseException("Bad Request (start line not terminated)");
        int lineEnd = lf > pos && d[lf - 1] == '\r' ? lf - 1 : lf;
        int headersStart = lf + 1;
        if (lineEnd - pos >= 4 && Ascii.equalsExact(d, pos, pos + 4, "SIP/")) {
            return parseResponse(d, length, pos, lineEnd, headersStart);
        }
        return parseRequest(d, length, pos, lineEnd, headersStart);
    }

    private SipMessage parseRequest(byte[] d, int length, int s, int e, int headersStart) throws SipParseException {
        int sp1 = Ascii.indexOf(d, s, e, ' ');
        if (sp1 <= s) throw new SipParseException("Bad Request (malformed Request-Line)");
        if (!Ascii.isTokenRange(d, s, sp1)) throw new SipParseException("Bad Request (bad method)");
        if (salvage) return salvageRequest(d, length, s, sp1, e, headersStart);
        int uriStart = sp1 + 1;
        int sp2 = Ascii.indexOf(d, uriStart, e, ' ');
        if (sp2 < 0) throw new SipParseException("Bad Request (malformed Request-Line)");
        if (sp2 == uriStart) throw new SipParseException("Bad Request (extra whitespace in Request-Line)");
        for (int i = uriStart; i < sp2; i++) {
            if ((d[i] & 0xff) < 0x21 || d[i] == 0x7f) throw new SipParseException("Bad Request (control character in Request-URI)");
        }
        if (d[uriStart] == '<') throw new SipParseException("Bad Request (Request-URI in angle brackets)");
        if (!salvage) checkVersion(d, sp2 + 1, e);
        String method = SipMethods.of(d, s, sp1);
        HeaderIndex index = new HeaderIndex(INITIAL_HEADERS);
        int headersEnd = parseHeaders(d, length, headersStart, index);
        int bodyStart = bodyStart(d, headersEnd);
        int bodyLength = bodyLength(d, length, bodyStart, index);
        return new SipRequest(d, method, uriStart, sp2, headersStart, index, headersEnd, bodyStart, bodyLength);
    }

    /**
     * The Request-Line of a refused request as far as a response needs it: the method (an ACK
     * is never answered) and whatever follows as the Request-URI, which a response never copies.
     */
    private SipMessage salvageRequest(byte[] d, int length, int s, int sp1, int e, int headersStart) throws SipParseException {
        int uriStart = Ascii.skipLws(d, sp1, e);
        int uriEnd = Ascii.indexOf(d, uriStart, e, ' ');
        if (uriEnd < 0) uriEnd = e;
        HeaderIndex index = new HeaderIndex(INITIAL_HEADERS);
        int headersEnd = parseHeaders(d, length, headersStart, index);
        return new SipRequest(d, SipMethods.of(d, s, sp1), uriStart, uriEnd, headersStart, index, headersEnd, bodyStart(d, headersEnd), 0);
    }

    private SipMessage parseResponse(byte[] d, int length, int s, int e, int headersStart) throws SipParseException {
        int sp1 = Ascii.indexOf(d, s, e, ' ');
        if (sp1 < 0) throw new SipParseException("Bad Response (malformed Status-Line)");
        checkVersion(d, s, sp1);
        int cs = sp1 + 1;
        int ce = cs;
        while (ce < e && d[ce] >= '0' && d[ce] <= '9') ce++;
        if (ce - cs != 3) throw new SipParseException("Bad Response (status code is not 3 digits)");
        int status = (d[cs] - '0') * 100 + (d[cs + 1] - '0') * 10 + (d[cs + 2] - '0');
        if (status < 100 || status > 699) throw new SipParseException("Bad Response (status code out of range)");
        int rs = ce;
        if (rs < e) {
            if (d[rs] != ' ') throw new SipParseException("Bad Response (malformed Status-Line)");
            rs++;
        }
        HeaderIndex index = new HeaderIndex(INITIAL_HEADERS);
        int headersEnd = parseHeaders(d, length, headersStart, index);
        int bodyStart = bodyStart(d, headersEnd);
        int bodyLength = bodyLength(d, length, bodyStart, index);
        return new SipResponse(d, status, rs, e, headersStart, index, headersEnd, bodyStart, bodyLength);
    }

    /** Exactly "SIP/2.0"; another well-formed version is 505, anything else 400. */
    private static void checkVersion(byte[] d, int s, int e) throws SipParseException {
        if (Ascii.equalsExact(d, s, e, "SIP/2.0")) return;
        if (e - s > 4 && Ascii.equalsLower(d, s, s + 4, "sip/")) {
            int dot = Ascii.indexOf(d, s + 4, e, '.');
            if (dot > s + 4 && dot < e - 1 && digits(d, s + 4, dot) && digits(d, dot + 1, e)) {
                if (Ascii.equalsLower(d, s, e, "sip/2.0")) return;
                throw new UnsupportedVersionException(Ascii.latin1(d, s, e));
            }
        }
        throw new SipParseException("Bad Request (malformed SIP version)");
    }

    private static boolean digits(byte[] d, int s, int e) {
        for (int i = s; i < e; i++) {
            if (d[i] < '0' || d[i] > '9') return false;
        }
        return s < e;
    }

    /** Indexes header fields up to the empty line; returns the offset of the empty line. */
    private int parseHeaders(byte[] d, int length, int pos, HeaderIndex index) throws SipParseException {
        boolean skippedLast = false;
        while (true) {
            int lf = pos >= length ? -1 : Ascii.indexOf(d, pos, length, '\n');
            if (lf < 0) {
                if (salvage && pos >= length) return length;
                throw new SipParseException("Bad Request (header section not terminated by an empty line)");
            }
            int e = lf > pos && d[lf - 1] == '\r' ? lf - 1 : lf;
            if (e == pos) return pos;
            String problem = null;
            if (Ascii.isWsp(d[pos])) {
                if (index.count() == 0) {
                    problem = "Malformed header line (continuation before any header)";
                } else {
                    int ve = Ascii.trimLwsEnd(d, pos, e);
                    if (ve > pos && !skippedLast) index.extendLast(ve);
                }
            } else {
                int colon = Ascii.indexOf(d, pos, e, ':');
                int ne = colon;
                while (ne > pos && Ascii.isWsp(d[ne - 1])) ne--;
                if (colon < 0) {
                    problem = "Malformed header line \"" + excerpt(d, pos, e) + "\" (no ':')";
                } else if (!Ascii.isTokenRange(d, pos, ne)) {
                    problem = "Malformed header name \"" + excerpt(d, pos, ne) + "\"";
                } else if (index.count() >= config.maxHeaders()) {
                    if (!salvage) throw new HeadersTooLargeException(config.maxHeaders());
                    problem = "header field beyond the limit";
                } else {
                    int vs = colon + 1;
                    while (vs < e && Ascii.isWsp(d[vs])) vs++;
                    int ve = Ascii.trimLwsEnd(d, vs, e);
                    index.add(HeaderName.lookup(d, pos, ne), pos, ne, vs, ve);
                }
            }
            // A refused request is read past its bad lines, so the response can still copy the good ones.
            if (problem != null && !salvage) throw SipParseException.inHeader(SipParseException.HEADER_LINE, problem);
            if (!Ascii.isWsp(d[pos])) skippedLast = problem != null;
            pos = lf + 1;
        }
    }

    /** The start of a bad line for a reason phrase: at most 20 characters (the phrase is sanitised where it is written). */
    private static String excerpt(byte[] d, int s, int e) {
        return Ascii.latin1(d, s, Math.min(e, s + 20));
    }

    private static int bodyStart(byte[] d, int headersEnd) {
        if (headersEnd >= d.length) return headersEnd;
        return d[headersEnd] == '\r' ? headersEnd + 2 : headersEnd + 1;
    }

    private int bodyLength(byte[] d, int length, int bodyStart, HeaderIndex index) throws SipParseException {
        if (salvage) return 0;
        int available = length - bodyStart;
        long declared = -1;
        for (int i = index.indexOf(HeaderName.CONTENT_LENGTH, 0); i >= 0; i = index.indexOf(HeaderName.CONTENT_LENGTH, i + 1)) {
            long v = Ascii.parseBoundedDecimal(d, index.valueStart(i), index.valueEnd(i), ParserConfig.ABSOLUTE_MAX_MESSAGE_SIZE);
            if (v < 0) {
                throw SipParseException.inHeader(HeaderName.CONTENT_LENGTH.canonical(), "Malformed Content-Length header");
            }
            if (declared >= 0 && v != declared) throw SipParseException.inHeader(HeaderName.CONTENT_LENGTH.canonical(), "Conflicting Content-Length headers");
            declared = v;
        }
        if (declared < 0) return available;
        if (declared > available) throw SipParseException.inHeader(HeaderName.CONTENT_LENGTH.canonical(), "Content-Length larger than the message");
        return (int) declared;
    }
}
