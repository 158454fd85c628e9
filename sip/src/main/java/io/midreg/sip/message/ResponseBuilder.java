package io.midreg.sip.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

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
    private static final byte[] SIP20 = {'S', 'I', 'P', '/', '2', '.', '0', ' '};

    private final SipRequest request;
    private final int status;
    private final String reason;
    private final List<String[]> headers = new ArrayList<>(4);
    private String toTag;
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

    /** Tag to add to To when the request's To has none; ignored for 100 Trying. */
    public ResponseBuilder toTag(String tag) {
        this.toTag = tag;
        return this;
    }

    public ResponseBuilder header(String name, String value) {
        headers.add(new String[] {name, value});
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
        for (int i = 0; i < n; i++) {
            HeaderName h = idx.name(i);
            if (h == HeaderName.VIA || h == HeaderName.FROM || h == HeaderName.CALL_ID || h == HeaderName.CSEQ) {
                MessageWriter.copyHeader(out, r, i);
            } else if (h == HeaderName.TO) {
                if (toTag != null && status > 100 && !hasToTag(r)) writeToWithTag(out, r, i);
                else MessageWriter.copyHeader(out, r, i);
            }
        }
        for (String[] h : headers) MessageWriter.header(out, h[0], h[1]);
        if (contentType != null) MessageWriter.header(out, "Content-Type", contentType);
        MessageWriter.ascii(out, "Content-Length: ");
        MessageWriter.decimal(out, body == null ? 0 : body.length);
        out.writeBytes(MessageWriter.CRLF);
        out.writeBytes(MessageWriter.CRLF);
        if (body != null) out.writeBytes(body);
        return out;
    }

    public byte[] toBytes() {
        ByteBuf b = Unpooled.buffer(512);
        try {
            writeTo(b);
            byte[] a = new byte[b.readableBytes()];
            b.readBytes(a);
            return a;
        } finally {
            b.release();
        }
    }

    public SipResponse toMessage() throws SipParseException {
        byte[] a = toBytes();
        return (SipResponse) new SipMessageParser().parse(a, a.length);
    }

    private static boolean hasToTag(SipRequest r) {
        try {
            return r.to() != null && r.to().tag() != null;
        } catch (RuntimeException e) {
            return true; // a malformed To is echoed untouched
        }
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
