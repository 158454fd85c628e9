package io.midreg.sip.message;

import io.midreg.sip.header.CSeq;
import io.midreg.sip.header.InvalidHeaderException;
import io.midreg.sip.header.Via;
import io.midreg.sip.uri.InvalidUriException;
import io.midreg.sip.uri.SipUri;
import io.midreg.sip.uri.Uri;

/**
 * Checks what every SIP element needs before acting on a message (RFC 3261 §8.2, §16.3):
 * the mandatory headers are present once and well formed, CSeq agrees with the method, the
 * Request-URI is valid and carries no headers. Parses (and so caches) those headers, which the
 * layers above read anyway. Throws {@link SipParseException} with the status and reason to send.
 */
public final class MessageValidator {
    private static final HeaderName[] EXACTLY_ONCE = {HeaderName.CALL_ID, HeaderName.CSEQ, HeaderName.FROM, HeaderName.TO};

    private MessageValidator() {
    }

    public static void validate(SipMessage m) throws SipParseException {
        try {
            for (HeaderName h : EXACTLY_ONCE) {
                int n = m.count(h);
                if (n == 0) throw new SipParseException("Bad Request (missing " + h.canonical() + ")");
                if (n > 1) throw new SipParseException("Bad Request (more than one " + h.canonical() + ")");
            }
            if (m.count(HeaderName.MAX_FORWARDS) > 1) throw new SipParseException("Bad Request (more than one Max-Forwards)");
            if (m.callId().isEmpty()) throw new SipParseException("Bad Request (empty Call-ID)");
            if (m.from() == null || m.to() == null) throw new SipParseException("Bad Request (missing From or To)");
            CSeq cseq = m.cseq();
            Via top = m.topVia();
            if (top == null) throw new SipParseException("Bad Request (missing Via)");
            if (!"SIP".equalsIgnoreCase(top.protocol()) || !"2.0".equals(top.version())) {
                throw new SipParseException("Bad Request (Via protocol is not SIP/2.0)");
            }
            m.maxForwards();
            m.expires();
            if (m instanceof SipRequest r) {
                if (!cseq.method().equals(r.method())) throw new SipParseException("Bad Request (CSeq method does not match the Request-Line)");
                Uri uri = r.requestUri();
                if (uri instanceof SipUri s && s.headers() != null) {
                    throw new SipParseException("Bad Request (Request-URI must not carry headers)");
                }
                m.contacts();
            }
        } catch (InvalidHeaderException | InvalidUriException e) {
            throw new SipParseException("Bad Request (" + Sanitize.reason(e.getMessage()) + ")");
        }
    }
}
