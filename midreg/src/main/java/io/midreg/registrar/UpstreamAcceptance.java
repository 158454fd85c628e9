package io.midreg.registrar;

import io.midreg.sip.header.Contact;
import io.midreg.sip.header.InvalidHeaderException;
import io.midreg.sip.header.NameAddress;
import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.uri.SipUri;
import io.midreg.store.HeaderField;
import java.util.ArrayList;
import java.util.List;

/**
 * What an upstream 2xx granted: the lifetime of each of midreg's Contacts (found by token in the
 * reply's Contacts, else the reply's Expires, else what was asked), and the headers to replay to
 * devices (Service-Route, P-Associated-URI).
 */
public final class UpstreamAcceptance {
    private final SipResponse response;
    private final List<Contact> contacts;

    public UpstreamAcceptance(SipResponse response) {
        this.response = response;
        List<Contact> c;
        try {
            c = response.contacts();
        } catch (InvalidHeaderException e) {
            c = List.of(); // a registrar's odd Contact must not lose the registration; fall back to Expires
        }
        this.contacts = c;
    }

    /** Seconds the upstream granted to {@code token} (midreg's Contact user part); {@code asked} when the reply does not say. */
    public long grantedSeconds(String token, long asked) {
        return granted(u -> u != null && token.equals(u.user()), asked);
    }

    /** Seconds the upstream granted to the device Contact {@code uri} (Path insertion); {@code asked} when the reply does not say. */
    long grantedSecondsForUri(String uri, long asked) {
        SipUri wanted;
        try {
            wanted = SipUri.parse(uri);
        } catch (IllegalArgumentException e) {
            wanted = null;
        }
        SipUri w = wanted;
        return granted(u -> u != null && (u.toString().equals(uri) || (w != null && u.equivalent(w))), asked);
    }

    /** The matching reply Contact's expires, else the reply's Expires header, else {@code asked}. */
    private long granted(java.util.function.Predicate<SipUri> matches, long asked) {
        for (Contact c : contacts) {
            if (c.isWildcard() || !matches.test(c.address().sipUri())) continue;
            try {
                long e = c.expires();
                if (e >= 0) return e;
            } catch (InvalidHeaderException ignored) {
                // fall through to the Expires header
            }
            break;
        }
        try {
            long e = response.expires();
            if (e >= 0) return e;
        } catch (InvalidHeaderException ignored) {
            // keep what was asked
        }
        return asked;
    }

    public List<String> serviceRoute() {
        try {
            List<NameAddress> sr = response.serviceRoutes();
            List<String> out = new ArrayList<>(sr.size());
            for (NameAddress a : sr) out.add(a.toString());
            return out;
        } catch (InvalidHeaderException e) {
            return List.of();
        }
    }

    public List<HeaderField> replayHeaders() {
        List<HeaderField> out = new ArrayList<>(1);
        for (String v : response.headerLines(HeaderName.P_ASSOCIATED_URI)) out.add(new HeaderField("P-Associated-URI", v));
        return out;
    }

    public int status() {
        return response.status();
    }
}
