package io.midreg.location;

import io.midreg.store.Binding;

/**
 * The key that names one device binding of an AOR in its contact token: the RFC 5626 instance
 * and reg-id when the device gave them (its identity across contact changes), else its Contact
 * URI. The registrar computes the same key for a REGISTER's contacts.
 */
public final class BindingKey {
    private BindingKey() {
    }

    public static String of(Binding b) {
        return of(b.contactUri(), b.instanceId(), b.regId());
    }

    /** The key of a contact with this URI, {@code +sip.instance} (or null) and reg-id (0 when absent). */
    public static String of(String contactUri, String instance, long regId) {
        if (instance == null) return contactUri;
        return regId > 0 ? instance + "#" + regId : instance;
    }
}
