package io.midreg.sip.message;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a new message from nothing (a REGISTER midreg originates, an OPTIONS probe, an ACK
 * or CANCEL the transaction layer makes). Header order is kept; Content-Length is added.
 */
public final class MessageBuilder {
    private final String startLine;
    private final List<String[]> headers = new ArrayList<>(12);
    private byte[] body;
    private String contentType;

    private MessageBuilder(String startLine) {
        for (int i = 0; i < startLine.length(); i++) {
            char c = startLine.charAt(i);
            if (c == '\r' || c == '\n') throw new IllegalArgumentException("CR or LF in start line");
        }
        this.startLine = startLine;
    }

    public static MessageBuilder request(String method, String requestUri) {
        return new MessageBuilder(method + " " + requestUri + " SIP/2.0");
    }

    public static MessageBuilder response(int status, String reason) {
        return new MessageBuilder("SIP/2.0 " + status + " " + Sanitize.reason(reason));
    }

    public MessageBuilder header(HeaderName name, Object value) {
        return header(name.canonical(), value);
    }

    public MessageBuilder header(String name, Object value) {
        headers.add(new String[] {name, String.valueOf(value)});
        return this;
    }

    public MessageBuilder body(byte[] b, String type) {
        this.body = b;
        this.contentType = type;
        return this;
    }

    public ByteBuf writeTo(ByteBuf out) {
        MessageWriter.text(out, startLine);
        out.writeBytes(MessageWriter.CRLF);
        for (String[] h : headers) MessageWriter.header(out, h[0], h[1]);
        MessageWriter.contentAndBody(out, contentType, body);
        return out;
    }

    public byte[] toBytes() {
        return MessageWriter.toArray(512, this::writeTo);
    }

    /** Builds and parses; a builder misuse that yields an unparsable message is an IllegalArgumentException. */
    public SipMessage build() {
        return MessageWriter.reparse(toBytes());
    }

    public SipRequest buildRequest() {
        return (SipRequest) build();
    }

    public SipResponse buildResponse() {
        return (SipResponse) build();
    }
}
