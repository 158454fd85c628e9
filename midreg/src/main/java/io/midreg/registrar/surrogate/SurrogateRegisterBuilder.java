package io.midreg.registrar.surrogate;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageBuilder;
import io.midreg.sip.message.SipRequest;
import io.midreg.upstream.UpstreamContact;
import io.midreg.upstream.UpstreamRegisterBuilder;
import io.midreg.upstream.UpstreamTarget;

/**
 * Builds the REGISTERs midreg sends in its own name (surrogate registration, RFC 3261 §10.2):
 * From and To the AOR, midreg's Call-ID and CSeq, its token Contacts with per-contact lifetimes,
 * and, when answering a challenge, the Authorization (or Proxy-Authorization) header.
 */
public final class SurrogateRegisterBuilder {
    private SurrogateRegisterBuilder() {
    }

    /** The Request-URI: the target's, else the AOR's domain (RFC 3261 §10.2). */
    public static String requestUri(String aor, UpstreamTarget target) {
        if (target.requestUri() != null) return target.requestUri();
        int colon = aor.indexOf(':');
        int at = aor.indexOf('@');
        String scheme = colon > 0 ? aor.substring(0, colon) : "sip";
        return scheme + ":" + aor.substring(at >= 0 ? at + 1 : colon + 1);
    }

    /**
     * @param authHeader    Authorization or Proxy-Authorization, or null
     * @param authorization its value, or null
     */
    public static SipRequest build(SurrogateRequest r, UpstreamTarget target, String branch, String fromTag, String authHeader,
                                   String authorization) {
        MessageBuilder b = MessageBuilder.request("REGISTER", requestUri(r.aor(), target))
                .header(HeaderName.VIA, "SIP/2.0/" + target.protocol().viaToken() + " " + target.advertised() + ";branch=" + branch + ";rport")
                .header(HeaderName.MAX_FORWARDS, "70")
                .header(HeaderName.FROM, "<" + r.aor() + ">;tag=" + fromTag)
                .header(HeaderName.TO, "<" + r.aor() + ">")
                .header(HeaderName.CALL_ID, r.callId())
                .header(HeaderName.CSEQ, r.cseq() + " REGISTER");
        for (UpstreamContact c : r.contacts()) {
            b.header(HeaderName.CONTACT, "<" + UpstreamRegisterBuilder.tokenContactUri(c.token(), target) + ">;expires=" + c.expiresSeconds());
        }
        for (String uri : r.removedUris()) b.header(HeaderName.CONTACT, "<" + uri + ">;expires=0");
        if (authorization != null) b.header(authHeader, authorization);
        b.header("User-Agent", "midreg");
        try {
            return b.buildRequest();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("surrogate REGISTER for " + r.aor() + " does not parse: " + e.getMessage(), e);
        }
    }
}
