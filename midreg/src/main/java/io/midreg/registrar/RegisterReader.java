package io.midreg.registrar;

import io.midreg.sip.header.Contact;
import io.midreg.sip.header.InvalidHeaderException;
import io.midreg.sip.header.NameAddress;
import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.transport.Flow;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a REGISTER into a {@link RegisterRequest} and applies RFC 3261 §10.3: the To must be a
 * SIP AOR, {@code Contact: *} needs Expires: 0 and stands alone, lifetimes go through the expiry
 * policy (423 with Min-Expires when too brief).
 */
final class RegisterReader {
    private final AorNormalizer aors;
    private final ExpiryPolicy expiry;

    RegisterReader(AorNormalizer aors, ExpiryPolicy expiry) {
        this.aors = aors;
        this.expiry = expiry;
    }

    RegisterRequest read(SipRequest m, Flow flow) throws RejectedException {
        try {
            String aor = aors.aorOf(m.to().uri())
                    .orElseThrow(() -> new RejectedException(Rejection.of(400, "Bad Request (To is not a SIP AOR)", "bad-aor")));
            long headerExpires = m.expires();
            List<Contact> raw = m.contacts();
            boolean wildcard = false;
            for (Contact c : raw) wildcard |= c.isWildcard();
            if (wildcard) {
                if (raw.size() != 1) throw reject(400, "Bad Request (Contact: * must stand alone)", "bad-wildcard");
                if (headerExpires != 0) throw reject(400, "Bad Request (Contact: * needs Expires: 0)", "bad-wildcard");
                return new RegisterRequest(m, flow, aor, List.of(), true, m.callId(), m.cseq().number(), paths(m), m.userAgent());
            }
            List<RequestedContact> contacts = new ArrayList<>(raw.size());
            for (Contact c : raw) {
                ExpiryPolicy.Decision d = expiry.decide(c.expires(), headerExpires);
                if (d.tooBrief()) {
                    throw new RejectedException(new Rejection(423, "Interval Too Brief",
                            List.<String[]>of(new String[] {HeaderName.MIN_EXPIRES.canonical(), Long.toString(expiry.minSeconds())}), "too-brief"));
                }
                NameAddress a = c.address();
                String uri = a.uri().toString();
                String instance = c.instance();
                long regId = c.regId();
                String key = io.midreg.location.BindingKey.of(uri, instance, regId);
                contacts.add(new RequestedContact(uri, key, instance, regId > 0 ? (int) regId : 0, d.seconds(), c.qThousandths()));
            }
            return new RegisterRequest(m, flow, aor, contacts, false, m.callId(), m.cseq().number(), paths(m), m.userAgent());
        } catch (InvalidHeaderException e) {
            throw reject(400, io.midreg.sip.message.Sanitize.reason(e.getMessage()), "bad-header");
        }
    }

    private static List<String> paths(SipRequest m) {
        List<NameAddress> p = m.paths();
        if (p.isEmpty()) return List.of();
        List<String> out = new ArrayList<>(p.size());
        for (NameAddress a : p) out.add(a.toString());
        return out;
    }

    private static RejectedException reject(int status, String reason, String key) {
        return new RejectedException(Rejection.of(status, reason, key));
    }
}
