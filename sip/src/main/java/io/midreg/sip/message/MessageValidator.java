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
 * layers above read anyway. Throws {@link SipParseException} with the status and reason to send;
 * a reason names the header at fault ({@code Malformed CSeq header (...)}, {@code Missing Call-ID
 * header}), as Kamailio's sanity checks do, so the sender's log says what to fix.
 */
public final class MessageValidator {
    private static final HeaderName[] EXACTLY_ONCE = {HeaderName.CALL_ID, HeaderName.CSEQ, HeaderName.FROM, HeaderName.TO};

    private MessageValidator() {
    }

    public static void validate(SipMessage m) throws SipParseException {
        try {
            for (HeaderName h : EXACTLY_ONCE) {
                int n = m.count(h);
                if (n == 0) throw SipParseException.inHeader(h.canonical(), "Missing " + h.canonical() + " header");
                if (n > 1) throw SipParseException.inHeader(h.canonical(), "More than one " + h.canonical() + " header");
            }
            if (m.count(HeaderName.MAX_FORWARDS) > 1) throw SipParseException.inHeader(HeaderName.MAX_FORWARDS.canonical(), "More than one Max-Forwards header");
            if (m.callId().isEmpty()) throw SipParseException.inHeader(HeaderName.CALL_ID.canonical(), "Malformed Call-ID header (empty)");
            if (m.from() == null || m.to() == null) throw SipParseException.inHeader(m.from() == null ? HeaderName.FROM.canonical() : HeaderName.TO.canonical(), "Missing From or To header");
            CSeq cseq = m.cseq();
            Via top = m.topVia();
            if (top == null) throw SipParseException.inHeader(HeaderName.VIA.canonical(), "Missing Via header");
            if (!"SIP".equalsIgnoreCase(top.protocol()) || !"2.0".equals(top.version())) {
                throw SipParseException.inHeader(HeaderName.VIA.canonical(), "Malformed Via header (protocol is not SIP/2.0)");
            }
            m.maxForwards();
            m.expires();
            if (m instanceof SipRequest r) {
                if (!cseq.method().equals(r.method())) throw SipParseException.inHeader(HeaderName.CSEQ.canonical(), "CSeq method does not match the Request-Line");
                Uri uri = r.requestUri();
                if (uri instanceof SipUri s && s.headers() != null) {
                    throw new SipParseException("Bad Request (Request-URI must not carry headers)");
                }
                m.contacts();
            }
        } catch (InvalidHeaderException e) {
            throw SipParseException.inHeader(e.header(), Sanitize.reason(e.getMessage()));
        } catch (InvalidUriException e) {
            throw new SipParseException(Sanitize.reason("Malformed Request-URI (" + e.getMessage() + ")"));
        }
    }
}
