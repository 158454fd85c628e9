package io.midreg.sip.message;

import io.midreg.sip.syntax.Ascii;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Low-level output helpers shared by the builders: CRLF lines into a ByteBuf. */
final class MessageWriter {
    static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON_SP = {':', ' '};

    private MessageWriter() {
    }

    /** Runs a writer into a heap buffer and returns exactly the bytes written. */
    static byte[] toArray(int sizeHint, java.util.function.Consumer<ByteBuf> writer) {
        // Pooled: the scratch buffer is returned, not left for the collector (this runs per response).
        ByteBuf b = io.netty.buffer.ByteBufAllocator.DEFAULT.heapBuffer(sizeHint);
        try {
            writer.accept(b);
            byte[] a = new byte[b.readableBytes()];
            b.readBytes(a);
            return a;
        } finally {
            b.release();
        }
    }

    /** Parses bytes this stack just wrote; a failure is a bug in the writer or its caller. */
    static SipMessage reparse(byte[] a) {
        try {
            return new SipMessageParser().parse(a, a.length);
        } catch (SipParseException e) {
            throw new IllegalArgumentException("built message does not parse: " + e.reason(), e);
        }
    }

    /** Content-Type (when there is a body type), Content-Length, the empty line and the body. */
    static void contentAndBody(ByteBuf out, String contentType, byte[] body) {
        if (contentType != null) header(out, "Content-Type", contentType);
        ascii(out, "Content-Length: ");
        decimal(out, body == null ? 0 : body.length);
        out.writeBytes(CRLF);
        out.writeBytes(CRLF);
        if (body != null) out.writeBytes(body);
    }

    static void header(ByteBuf out, String name, CharSequence value) {
        ascii(out, name);
        out.writeBytes(COLON_SP);
        text(out, value);
        out.writeBytes(CRLF);
    }

    static void ascii(ByteBuf out, CharSequence s) {
        out.writeCharSequence(s, StandardCharsets.ISO_8859_1);
    }

    static void text(ByteBuf out, CharSequence s) {
        // Header values are UTF-8; refuse to emit CR or LF from a caller-supplied value (header injection).
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n') throw new IllegalArgumentException("CR or LF in a header value");
        }
        out.writeCharSequence(s, StandardCharsets.UTF_8);
    }

    static void decimal(ByteBuf out, long v) {
        if (v == 0) {
            out.writeByte('0');
            return;
        }
        int start = out.writerIndex();
        long x = v;
        int digits = 0;
        while (x > 0) {
            digits++;
            x /= 10;
        }
        out.ensureWritable(digits);
        int idx = start + digits;
        x = v;
        while (x > 0) {
            out.setByte(--idx, (int) ('0' + x % 10));
            x /= 10;
        }
        out.writerIndex(start + digits);
    }

    /**
     * Copies header field {@code i} of {@code m} as it was received (folded lines and all),
     * normalising a bare-LF line end to CRLF.
     */
    static void copyHeader(ByteBuf out, SipMessage m, int i) {
        HeaderIndex idx = m.index;
        int s = idx.lineStart(i);
        int e = i + 1 < idx.count() ? idx.lineStart(i + 1) : m.headersEnd;
        byte[] d = m.data;
        // the raw bytes up to the next field are this one line only if no line lies between (a
        // request read for an error response skips its malformed lines)
        if (idx.folded(i) || e - s < 2 || d[e - 2] != '\r' || Ascii.indexOf(d, idx.valueEnd(i), e - 1, '\n') >= 0) {
            ascii(out, m.headerNameText(i));
            out.writeBytes(COLON_SP);
            byte[] v = idx.folded(i) ? m.unfold(i) : null;
            if (v != null) out.writeBytes(v);
            else out.writeBytes(d, idx.valueStart(i), idx.valueEnd(i) - idx.valueStart(i));
            out.writeBytes(CRLF);
        } else {
            out.writeBytes(d, s, e - s);
        }
    }
}
