package io.midreg.sip.transaction;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageBuilder;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.syntax.SipMethods;

/**
 * The ACK an INVITE client transaction sends for a 300-699 final response (RFC 3261 §17.1.1.3):
 * Request-URI, Call-ID, From and the top Via of the INVITE (so it matches the same server
 * transaction), its Route headers, the To of the response (with the callee's tag), CSeq number
 * of the INVITE with method ACK.
 */
final class AckBuilder {
    private AckBuilder() {
    }

    static byte[] forNon2xx(SipRequest invite, SipResponse response) {
        MessageBuilder b = MessageBuilder.request(SipMethods.ACK, invite.requestUriText())
                .header(HeaderName.VIA, invite.topVia().toString());
        for (String route : invite.headerLines(HeaderName.ROUTE)) b.header(HeaderName.ROUTE, route);
        return b.header(HeaderName.MAX_FORWARDS, 70)
                .header(HeaderName.FROM, invite.header(HeaderName.FROM))
                .header(HeaderName.TO, response.header(HeaderName.TO))
                .header(HeaderName.CALL_ID, invite.callId())
                .header(HeaderName.CSEQ, invite.cseq().number() + " " + SipMethods.ACK)
                .toBytes();
    }
}
