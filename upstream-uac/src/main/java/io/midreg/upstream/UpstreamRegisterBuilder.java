package io.midreg.upstream;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageBuilder;
import io.midreg.sip.message.MessageEditor;
import io.midreg.sip.message.SipMessage;
import io.midreg.sip.message.SipParseException;
import io.midreg.sip.message.SipRequest;
import java.util.List;

/**
 * Derives the REGISTER sent upstream from a device's: the device's Call-ID, CSeq, From tag,
 * To and Authorization stay (so the device's digest answer remains valid — Contact and Expires
 * are not covered by it); midreg's Via goes on top; the Contacts become midreg's own, each
 * carrying a signed token; Expires follows the upstream lifetime; the device's Path headers are
 * dropped (the Contact now points at midreg). A zero lifetime always stays zero.
 */
public final class UpstreamRegisterBuilder {
    private UpstreamRegisterBuilder() {
    }

    /**
     * RFC 3327 insertion: the device's Contacts stay (each with the lifetime given for it, in
     * request order), and midreg puts itself on top of the Path with a token that names the
     * AOR; {@code Supported: path} is added when the device did not say it, so the registrar
     * stores the Path and echoes it.
     */
    public static SipRequest buildWithPath(SipRequest device, UpstreamTarget target, String branch, String pathToken,
                                           List<Long> contactExpires, boolean wildcard) {
        MessageEditor e = relayed(device, target, branch);
        e.addBefore(HeaderName.PATH, HeaderName.PATH.canonical(), "<sip:" + pathToken + hostPart(target) + ";lr>");
        if (!device.supported().stream().anyMatch(t -> t.equalsIgnoreCase("path"))) e.append(HeaderName.SUPPORTED.canonical(), "path");
        if (!wildcard) {
            e.removeAll(HeaderName.CONTACT);
            List<io.midreg.sip.header.Contact> cs = device.contacts();
            long max = 0;
            for (int i = 0; i < cs.size(); i++) {
                long exp = contactExpires.get(i);
                max = Math.max(max, exp);
                e.append(HeaderName.CONTACT.canonical(), cs.get(i).address().withParam("expires", Long.toString(exp)).toString());
            }
            matchExpiresHeader(e, device, max);
        }
        return parsed(e);
    }

    /**
     * @param wildcard forward {@code Contact: *} (with Expires: 0) instead of {@code contacts}
     */
    public static SipRequest build(SipRequest device, UpstreamTarget target, String branch, List<UpstreamContact> contacts,
                                   boolean wildcard) {
        MessageEditor e = relayed(device, target, branch)
                .removeAll(HeaderName.CONTACT)
                .removeAll(HeaderName.PATH);
        if (wildcard) {
            e.append(HeaderName.CONTACT.canonical(), "*");
            e.replaceAll(HeaderName.EXPIRES, "0");
        } else {
            for (UpstreamContact c : contacts) {
                e.append(HeaderName.CONTACT.canonical(), "<sip:" + c.token() + hostPart(target) + ">;expires=" + c.expiresSeconds());
            }
            matchExpiresHeader(e, device, contacts.stream().mapToLong(UpstreamContact::expiresSeconds).max().orElse(0));
        }
        return parsed(e);
    }

    /**
     * A REGISTER midreg originates itself (an operator's de-registration): removes
     * {@code contactUris} of {@code aor} upstream with Expires: 0. It carries no credentials:
     * in relay modes midreg holds none, so a registrar that challenges will refuse it. A fresh
     * Call-ID removes the bindings whatever Call-ID registered them (RFC 3261 §10.3 step 7)
     * and leaves the devices' own CSeq sequence untouched.
     */
    public static SipRequest buildDeregistration(String aor, List<String> contactUris, UpstreamTarget target, String branch,
                                                 String callId, String fromTag) {
        String requestUri = target.requestUri() != null ? target.requestUri() : domainUri(aor);
        MessageBuilder b = MessageBuilder.request("REGISTER", requestUri)
                .header(HeaderName.VIA, "SIP/2.0/" + target.protocol().viaToken() + " " + target.advertised() + ";branch=" + branch + ";rport")
                .header(HeaderName.MAX_FORWARDS, "70")
                .header(HeaderName.FROM, "<" + aor + ">;tag=" + fromTag)
                .header(HeaderName.TO, "<" + aor + ">")
                .header(HeaderName.CALL_ID, callId)
                .header(HeaderName.CSEQ, "1 REGISTER");
        for (String uri : contactUris) b.header(HeaderName.CONTACT, "<" + uri + ">;expires=0");
        b.header(HeaderName.EXPIRES, "0");
        b.header("User-Agent", "midreg");
        try {
            return b.buildRequest();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("de-registration for " + aor + " does not parse: " + e.getMessage(), e);
        }
    }

    /** The Contact URI midreg registers upstream for {@code token}. */
    public static String tokenContactUri(String token, UpstreamTarget target) {
        return "sip:" + token + hostPart(target);
    }

    /** sip:domain of an AOR such as sip:alice@example.com (the Request-URI of a REGISTER, RFC 3261 §10.2). */
    private static String domainUri(String aor) {
        int colon = aor.indexOf(':');
        int at = aor.indexOf('@');
        String scheme = colon > 0 ? aor.substring(0, colon) : "sip";
        return scheme + ":" + aor.substring(at >= 0 ? at + 1 : colon + 1);
    }

    /** The device's REGISTER with midreg's Via on top, Max-Forwards lowered, and the target's Request-URI if it has one. */
    private static MessageEditor relayed(SipRequest device, UpstreamTarget target, String branch) {
        MessageEditor e = MessageEditor.of(device)
                .addFirst(HeaderName.VIA, "SIP/2.0/" + target.protocol().viaToken() + " " + target.advertised() + ";branch=" + branch + ";rport")
                .decrementMaxForwards();
        if (target.requestUri() != null) e.requestUri(target.requestUri());
        return e;
    }

    /** "@host:port" of midreg towards the target, with the transport parameter unless UDP. */
    private static String hostPart(UpstreamTarget target) {
        String transport = target.protocol() == io.midreg.sip.transport.TransportProtocol.UDP ? ""
                : ";transport=" + target.protocol().viaToken().toLowerCase(java.util.Locale.ROOT);
        return "@" + target.advertised() + transport;
    }

    /**
     * The Expires header, if the device sent one, must not contradict the per-contact lifetimes:
     * a peer that reads the header instead of the Contact's expires would take the wrong
     * lifetime (reported against OpenSIPS's mid_registrar, which left the two disagreeing).
     */
    private static void matchExpiresHeader(MessageEditor e, SipRequest device, long longestContactLifetime) {
        int expires = device.indexOf(HeaderName.EXPIRES);
        if (expires >= 0) e.replace(expires, Long.toString(longestContactLifetime));
    }

    private static SipRequest parsed(MessageEditor e) {
        try {
            return (SipRequest) e.toMessage();
        } catch (SipParseException ex) {
            throw new IllegalStateException("forwarded REGISTER does not parse: " + ex.reason(), ex);
        }
    }
}
