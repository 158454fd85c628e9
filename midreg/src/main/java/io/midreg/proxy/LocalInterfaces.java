package io.midreg.proxy;

import io.midreg.sip.header.Via;
import io.midreg.sip.uri.SipUri;
import io.midreg.sip.uri.Uri;
import java.util.List;

/**
 * Every listener of midreg: the answer to "is this URI, this Via, us?" that Route
 * pre-processing (RFC 3261 §16.4) and loop detection (§16.3 step 4) ask. Immutable.
 */
public record LocalInterfaces(List<ProxyInterface> all) {
    public LocalInterfaces {
        all = List.copyOf(all);
        if (all.isEmpty()) throw new IllegalArgumentException("at least one listener");
    }

    public static LocalInterfaces of(ProxyInterface... interfaces) {
        return new LocalInterfaces(List.of(interfaces));
    }

    /** Whether {@code uri} is a sip/sips URI naming one of our listeners. */
    public boolean isOurs(Uri uri) {
        if (!(uri instanceof SipUri s)) return false;
        for (ProxyInterface i : all) {
            if (i.names(s)) return true;
        }
        return false;
    }

    /** Whether this Via's sent-by is one of our listeners (a Via we wrote, §16.3 step 4). */
    public boolean wrote(Via via) {
        for (ProxyInterface i : all) {
            if (i.namesSentBy(via.host(), via.port())) return true;
        }
        return false;
    }
}
