package io.midreg.sip.transaction;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageBuilder;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.syntax.SipMethods;

/**
 * Builds the CANCEL for a pending INVITE (RFC 3261 §9.1): the same Request-URI, Call-ID, From,
 * To and CSeq number (method CANCEL), a single Via equal to the INVITE's top Via (same branch,
 * so it reaches the same server transaction), and the INVITE's Route headers.
 */
public final class CancelBuilder {
    private CancelBuilder() {
    }

    public static SipRequest forInvite(SipRequest invite) {
        if (!SipMethods.INVITE.equals(invite.method())) throw new IllegalArgumentException("only an INVITE can be cancelled");
        MessageBuilder b = MessageBuilder.request(SipMethods.CANCEL, invite.requestUriText())
                .header(HeaderName.VIA, invite.topVia().toString());
        for (String route : invite.headerLines(HeaderName.ROUTE)) b.header(HeaderName.ROUTE, route);
        return b.header(HeaderName.MAX_FORWARDS, 70)
                .header(HeaderName.FROM, invite.header(HeaderName.FROM))
                .header(HeaderName.TO, invite.header(HeaderName.TO))
                .header(HeaderName.CALL_ID, invite.callId())
                .header(HeaderName.CSEQ, invite.cseq().number() + " " + SipMethods.CANCEL)
                .buildRequest();
    }
}
