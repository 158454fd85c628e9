package io.midreg.sip.message;

import io.midreg.sip.syntax.Ascii;
import io.midreg.sip.syntax.SipMethods;
import io.midreg.sip.uri.Uri;
import io.midreg.sip.uri.UriParser;

/** A request: method and Request-URI (parsed on first access) plus the common message parts. */
public final class SipRequest extends SipMessage {
    private final String method;
    private final int uriStart;
    private final int uriEnd;
    private Uri requestUri;

    SipRequest(byte[] data, String method, int uriStart, int uriEnd, int headersStart, HeaderIndex index,
               int headersEnd, int bodyStart, int bodyLength) {
        super(data, headersStart, index, headersEnd, bodyStart, bodyLength);
        this.method = method;
        this.uriStart = uriStart;
        this.uriEnd = uriEnd;
    }

    @Override
    public boolean isRequest() {
        return true;
    }

    /** The method; a {@link SipMethods} constant when known. */
    public String method() {
        return method;
    }

    public boolean isMethod(String m) {
        return method.equals(m);
    }

    /** The Request-URI text as written. */
    public String requestUriText() {
        return Ascii.string(data, uriStart, uriEnd);
    }

    /** The Request-URI; throws {@link io.midreg.sip.uri.InvalidUriException} when malformed. */
    public Uri requestUri() {
        Uri u = requestUri;
        if (u == null) requestUri = u = UriParser.parse(data, uriStart, uriEnd);
        return u;
    }

    int uriStart() {
        return uriStart;
    }

    int uriEnd() {
        return uriEnd;
    }

    @Override
    public String startLine() {
        return method + " " + requestUriText() + " SIP/2.0";
    }
}
