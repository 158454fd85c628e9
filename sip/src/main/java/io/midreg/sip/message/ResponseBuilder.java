package io.midreg.sip.message;

import io.midreg.sip.header.Via;
import io.midreg.sip.syntax.Ascii;
import io.netty.buffer.ByteBuf;

/**
 * Builds a response to a received request (RFC 3261 §8.2.6): Via, From, To, Call-ID and CSeq
 * are copied byte for byte, a To tag is added when the request's To has none (except for 100),
 * then any extra headers and the body.
 *
 * <pre>{@code
 * ByteBuf out = ResponseBuilder.of(request, 200, "OK").toTag(localTag)
 *     .header("Contact", "<sip:alice@192.0.2.4>;expires=3600")
 *     .writeTo(alloc.buffer());
 * }</pre>
 */
public final class ResponseBuilder {
    private static final String[] NO_HEADERS = new String[0];
    private static final byte[] SIP20 = {'S', 'I', 'P', '/', '2', '.', '0', ' '};

    private final SipRequest request;
    private final int status;
    private final String reason;
    /** name0, value0, name1, value1, ...; a plain array because a 200 OK usually adds one or two. */
    private String[] headers = NO_HEADERS;
    private int headerCount;
    private String toTag;
    private Via topVia;
    private byte[] body;
    private String contentType;

    private ResponseBuilder(SipRequest request, int status, String reason) {
        if (status < 100 || status > 699) throw new IllegalArgumentException("status " + status);
        this.request = request;
        this.status = status;
        this.reason = Sanitize.reason(reason);
    }

    public static ResponseBuilder of(SipRequest request, int status, String reason) {
        return new ResponseBuilder(request, status, reason);
    }

    public int status() {
        return status;
    }

    /** Tag to add to To when the request's To has none; ignored for 100 Trying. */
    public ResponseBuilder toTag(String tag) {
        this.toTag = tag;
        return this;
    }

    /** The top Via to write instead of the received one (RFC 3581 received/rport); the others are copied. */
    public ResponseBuilder topVia(Via via) {
        this.topVia = via;
        return this;
    }

    public ResponseBuilder header(String name, String value) {
        if (2 * headerCount == headers.length) headers = java.util.Arrays.copyOf(headers, Math.max(4, headers.length * 2));
        headers[2 * headerCount] = name;
        headers[2 * headerCount + 1] = value;
        headerCount++;
        return this;
    }

    public ResponseBuilder header(HeaderName name, String value) {
        return header(name.canonical(), value);
    }

    public ResponseBuilder body(byte[] b, String type) {
        this.body = b;
        this.contentType = type;
        return this;
    }

    public ByteBuf writeTo(ByteBuf out) {
        SipRequest r = request;
        out.writeBytes(SIP20);
        MessageWriter.decimal(out, status);
        out.writeByte(' ');
        MessageWriter.text(out, reason);
        out.writeBytes(MessageWriter.CRLF);
        HeaderIndex idx = r.index;
        int n = idx.count();
        boolean firstVia = true;
        for (int i = 0; i < n; i++) {
            HeaderName h = idx.name(i);
            if (h == HeaderName.VIA && firstVia && topVia != null) {
                firstVia = false;
                writeViaLineWithNewTop(out, r, i);
            } else if (h == HeaderName.VIA || h == HeaderName.FROM || h == HeaderName.CALL_ID || h == HeaderName.CSEQ) {
                MessageWriter.copyHeader(out, r, i);
            } else if (h == HeaderName.TO) {
                if (toTag != null && status > 100 && !hasToTag(r)) writeToWithTag(out, r, i);
                else MessageWriter.copyHeader(out, r, i);
            }
        }
        for (int i = 0; i < headerCount; i++) MessageWriter.header(out, headers[2 * i], headers[2 * i + 1]);
        MessageWriter.contentAndBody(out, contentType, body);
        return out;
    }

    public byte[] toBytes() {
        return MessageWriter.toArray(1024, this::writeTo);
    }

    public SipResponse toMessage() throws SipParseException {
        byte[] a = toBytes();
        return (SipResponse) new SipMessageParser().parse(a, a.length);
    }

    /**
     * Whether the To value carries a tag parameter, found by scanning the bytes after the URI
     * (after '>' in the name-addr form) instead of parsing the header: this runs for every response.
     */
    private static boolean hasToTag(SipRequest r) {
        int i = r.indexOf(HeaderName.TO);
        if (i < 0) return true;
        HeaderIndex idx = r.index;
        byte[] d = r.data;
        int s = idx.valueStart(i);
        int e = idx.valueEnd(i);
        for (int k = e - 1; k >= s; k--) {
            if (d[k] == '>') {
                s = k + 1;
                break;
            }
        }
        for (int k = s; k < e; k++) {
            if (d[k] != ';') continue;
            int n = Ascii.skipLws(d, k + 1, e);
            if (n + 3 <= e && Ascii.equalsLower(d, n, n + 3, "tag")) {
                int q = Ascii.skipLws(d, n + 3, e);
                if (q < e && d[q] == '=') return true;
            }
        }
        return false;
    }

    /** The first Via line with its first value replaced; further values on that line are kept. */
    private void writeViaLineWithNewTop(ByteBuf out, SipRequest r, int i) {
        MessageWriter.ascii(out, "Via: ");
        MessageWriter.text(out, topVia.toString());
        byte[] rest = r.viaLineAfterFirstValue(i);
        if (rest != null) {
            out.writeByte(',');
            out.writeBytes(rest);
        }
        out.writeBytes(MessageWriter.CRLF);
    }

    /** The To line as received with ";tag=..." appended to its value. */
    private void writeToWithTag(ByteBuf out, SipRequest r, int i) {
        HeaderIndex idx = r.index;
        MessageWriter.ascii(out, r.headerNameText(i));
        out.writeByte(':');
        out.writeByte(' ');
        if (idx.folded(i)) out.writeBytes(r.unfold(i));
        else out.writeBytes(r.data, idx.valueStart(i), idx.valueEnd(i) - idx.valueStart(i));
        MessageWriter.ascii(out, ";tag=");
        MessageWriter.ascii(out, toTag);
        out.writeBytes(MessageWriter.CRLF);
    }
}
