package io.midreg.registrar;

import io.midreg.sip.uri.InvalidUriException;
import io.midreg.sip.uri.SipUri;
import io.midreg.store.Binding;

/**
 * Finds the stored binding a requested contact refers to (RFC 3261 §10.3 step 7; RFC 5626 §6):
 * by +sip.instance and reg-id when the contact has an instance, else by URI equivalence.
 */
public final class BindingMatcher {
    private BindingMatcher() {
    }

    public static int indexOf(java.util.List<Binding> bindings, RequestedContact c) {
        for (int i = 0; i < bindings.size(); i++) {
            if (matches(bindings.get(i), c)) return i;
        }
        return -1;
    }

    static boolean matches(Binding b, RequestedContact c) {
        if (c.instance() != null || b.instanceId() != null) {
            return c.instance() != null && c.instance().equals(b.instanceId()) && c.regId() == b.regId();
        }
        if (b.contactUri().equals(c.uri())) return true;
        try {
            return SipUri.parse(b.contactUri()).equivalent(SipUri.parse(c.uri()));
        } catch (InvalidUriException e) {
            return false;
        }
    }

    /** The key of a stored binding, as {@link RegisterReader} computes it for requests. */
    public static String keyOf(Binding b) {
        return io.midreg.location.BindingKey.of(b);
    }
}
