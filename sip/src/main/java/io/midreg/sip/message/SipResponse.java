package io.midreg.sip.message;

import io.midreg.sip.syntax.Ascii;

/** A response: status code and reason phrase (UTF-8, may be empty) plus the common message parts. */
public final class SipResponse extends SipMessage {
    private final int status;
    private final int reasonStart;
    private final int reasonEnd;

    SipResponse(byte[] data, int status, int reasonStart, int reasonEnd, int headersStart, HeaderIndex index,
                int headersEnd, int bodyStart, int bodyLength) {
        super(data, headersStart, index, headersEnd, bodyStart, bodyLength);
        this.status = status;
        this.reasonStart = reasonStart;
        this.reasonEnd = reasonEnd;
    }

    @Override
    public boolean isRequest() {
        return false;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return Ascii.string(data, reasonStart, reasonEnd);
    }

    public boolean isProvisional() {
        return status < 200;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isFinal() {
        return status >= 200;
    }

    @Override
    public String startLine() {
        return "SIP/2.0 " + status + " " + reason();
    }
}
