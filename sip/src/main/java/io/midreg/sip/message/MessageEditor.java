package io.midreg.sip.message;

import io.midreg.sip.syntax.Ascii;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives a new message from a received one: headers added, removed or replaced, a new
 * Request-URI or status, a new body. Every header line left alone is copied byte for byte;
 * only what changed is encoded. Content-Length is always written right for the body sent.
 *
 * <pre>{@code
 * ByteBuf out = MessageEditor.of(request)
 *     .addFirst(HeaderName.VIA, "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1")
 *     .replaceAll(HeaderName.CONTACT, "<sip:tok@192.0.2.1>")
 *     .decrementMaxForwards()
 *     .writeTo(alloc.buffer());
 * }</pre>
 */
public final class MessageEditor {
    private static final String REMOVED = new String("(removed)");

    private final SipMessage source;
    private final String[] replacements;
    private final List<List<String[]>> insertedBefore;
    private final List<String[]> appended = new ArrayList<>(2);
    private String requestUri;
    private byte[] body;
    private String contentType;

    private MessageEditor(SipMessage source) {
        this.source = source;
        this.replacements = new String[source.index.count()];
        this.insertedBefore = new ArrayList<>(source.index.count() + 1);
        for (int i = 0; i <= source.index.count(); i++) insertedBefore.add(null);
    }

    public static MessageEditor of(SipMessage source) {
        return new MessageEditor(source);
    }

    /** New Request-URI (requests only). */
    public MessageEditor requestUri(String uri) {
        if (!source.isRequest()) throw new IllegalStateException("a response has no Request-URI");
        for (int i = 0; i < uri.length(); i++) {
            if (uri.charAt(i) <= ' ') throw new IllegalArgumentException("whitespace in Request-URI");
        }
        this.requestUri = uri;
        return this;
    }

    public MessageEditor remove(int headerIndex) {
        replacements[headerIndex] = REMOVED;
        return this;
    }

    public MessageEditor removeAll(HeaderName name) {
        for (int i = source.indexOf(name); i >= 0; i = source.indexOf(name, i + 1)) replacements[i] = REMOVED;
        return this;
    }

    /** Replaces field {@code headerIndex}'s value (the name is written in its canonical form). */
    public MessageEditor replace(int headerIndex, String value) {
        replacements[headerIndex] = value;
        return this;
    }

    /** Replaces the first field of this name and removes the others; appends if there is none. */
    public MessageEditor replaceAll(HeaderName name, String value) {
        int first = source.indexOf(name);
        if (first < 0) return append(name.canonical(), value);
        replacements[first] = value;
        for (int i = source.indexOf(name, first + 1); i >= 0; i = source.indexOf(name, i + 1)) replacements[i] = REMOVED;
        return this;
    }

    /**
     * Removes the topmost Via value (a proxy relaying a response, RFC 3261 §16.7 step 3): the
     * whole first Via line when it holds one value, else that line without its first value.
     */
    public MessageEditor removeTopVia() {
        int i = source.indexOf(HeaderName.VIA);
        if (i < 0) return this;
        byte[] rest = source.viaLineAfterFirstValue(i);
        return rest == null ? remove(i) : replace(i, Ascii.string(rest, 0, rest.length));
    }

    /** Inserts before the first header field (e.g. a new top Via). */
    public MessageEditor addFirst(HeaderName name, String value) {
        return addBefore(0, name.canonical(), value);
    }

    /** Inserts before the first field of {@code anchor}, or at the end when there is none. */
    public MessageEditor addBefore(HeaderName anchor, String name, String value) {
        int i = source.indexOf(anchor);
        return i < 0 ? append(name, value) : addBefore(i, name, value);
    }

    public MessageEditor addBefore(int headerIndex, String name, String value) {
        List<String[]> l = insertedBefore.get(headerIndex);
        if (l == null) insertedBefore.set(headerIndex, l = new ArrayList<>(2));
        l.add(new String[] {name, value});
        return this;
    }

    public MessageEditor append(String name, String value) {
        appended.add(new String[] {name, value});
        return this;
    }

    /** Replaces the body; Content-Type is replaced too when given. */
    public MessageEditor body(byte[] newBody, String newContentType) {
        this.body = newBody;
        this.contentType = newContentType;
        return this;
    }

    /** Max-Forwards minus one, or 70 inserted when absent (RFC 3261 §16.6 step 3). */
    public MessageEditor decrementMaxForwards() {
        int i = source.indexOf(HeaderName.MAX_FORWARDS);
        if (i < 0) return append(HeaderName.MAX_FORWARDS.canonical(), "70");
        int mf = source.maxForwards();
        return replace(i, Integer.toString(Math.max(0, mf - 1)));
    }

    /** Writes the derived message into {@code out} and returns it. */
    public ByteBuf writeTo(ByteBuf out) {
        SipMessage m = source;
        byte[] d = m.data;
        if (requestUri != null) {
            SipRequest r = (SipRequest) m;
            MessageWriter.ascii(out, r.method());
            out.writeByte(' ');
            MessageWriter.text(out, requestUri);
            out.writeBytes(" SIP/2.0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } else {
            int s = 0;
            while (d[s] == '\r' || d[s] == '\n') s++;
            int lf = m.headersStart - 1;
            int e = lf > s && d[lf - 1] == '\r' ? lf - 1 : lf;
            out.writeBytes(d, s, e - s);
            out.writeBytes(MessageWriter.CRLF);
        }
        int n = m.index.count();
        boolean wroteLength = false;
        byte[] outBody = body;
        String ct = contentType;
        for (int i = 0; i < n; i++) {
            writeInserted(out, insertedBefore.get(i));
            String rep = replacements[i];
            HeaderName h = m.index.name(i);
            if (h == HeaderName.CONTENT_LENGTH) {
                // written once, at its first place, with the length of what is sent
                if (!wroteLength) {
                    writeContentLength(out, outBody == null ? m.bodyLength : outBody.length);
                    wroteLength = true;
                }
                continue;
            }
            if (h == HeaderName.CONTENT_TYPE && ct != null) {
                if (rep != REMOVED) MessageWriter.header(out, "Content-Type", ct);
                ct = null;
                continue;
            }
            if (rep == REMOVED) continue;
            if (rep != null) MessageWriter.header(out, canonicalName(m, i), rep);
            else MessageWriter.copyHeader(out, m, i);
        }
        writeInserted(out, insertedBefore.get(n));
        writeInserted(out, appended);
        if (ct != null) MessageWriter.header(out, "Content-Type", ct);
        if (!wroteLength) writeContentLength(out, outBody == null ? m.bodyLength : outBody.length);
        out.writeBytes(MessageWriter.CRLF);
        if (outBody != null) out.writeBytes(outBody);
        else out.writeBytes(d, m.bodyStart, m.bodyLength);
        return out;
    }

    /** The derived message as bytes. */
    public byte[] toBytes() {
        return MessageWriter.toArray(source.size() + 256, this::writeTo);
    }

    /** The derived message, parsed again (for handing to code that reads messages). */
    public SipMessage toMessage() throws SipParseException {
        byte[] a = toBytes();
        return new SipMessageParser().parse(a, a.length);
    }

    private static String canonicalName(SipMessage m, int i) {
        HeaderName h = m.index.name(i);
        return h == HeaderName.OTHER ? m.headerNameText(i) : h.canonical();
    }

    private static void writeInserted(ByteBuf out, List<String[]> lines) {
        if (lines == null) return;
        for (String[] l : lines) MessageWriter.header(out, l[0], l[1]);
    }

    private static void writeContentLength(ByteBuf out, int length) {
        MessageWriter.ascii(out, "Content-Length: ");
        MessageWriter.decimal(out, length);
        out.writeBytes(MessageWriter.CRLF);
    }
}
