package io.midreg.sip.header;

import io.midreg.sip.syntax.Ascii;
import java.util.List;

/**
 * One Contact value (RFC 3261 §20.10), or the wildcard {@code *}. Offers the registration
 * parameters: expires, q, +sip.instance (RFC 5626) and reg-id.
 */
public final class Contact {
    /** The {@code Contact: *} of a remove-all REGISTER. */
    public static final Contact WILDCARD = new Contact(null);

    private final NameAddress address;

    public Contact(NameAddress address) {
        this.address = address;
    }

    public static List<Contact> parseList(String value) {
        byte[] b = Ascii.bytes(value);
        List<Contact> out = new java.util.ArrayList<>(2);
        ContactParser.parseList(b, 0, b.length, out);
        return out;
    }

    public boolean isWildcard() { return address == null; }

    /** The name-addr; null for the wildcard. */
    public NameAddress address() { return address; }

    /** expires parameter: -1 when absent; values above 2^32-1 are an error. */
    public long expires() {
        String v = address.param("expires");
        if (v == null) return -1;
        long e = Ascii.parseBoundedDecimal(v, 0xFFFF_FFFFL);
        if (e < 0) throw new InvalidHeaderException("Contact", "bad expires parameter");
        return e;
    }

    /** q parameter in thousandths (0..1000); -1 when absent. */
    public int qThousandths() {
        String v = address.param("q");
        if (v == null) return -1;
        return QValue.parse(v);
    }

    /** +sip.instance without its quotes and angle brackets, or null. */
    public String instance() {
        String v = address.param("+sip.instance");
        if (v == null) return null;
        if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') v = v.substring(1, v.length() - 1);
        if (v.length() >= 2 && v.charAt(0) == '<' && v.charAt(v.length() - 1) == '>') v = v.substring(1, v.length() - 1);
        return v;
    }

    /** reg-id (RFC 5626), or -1. */
    public long regId() {
        String v = address.param("reg-id");
        return v == null ? -1 : Ascii.parseBoundedDecimal(v, 0xFFFF_FFFFL);
    }

    @Override
    public String toString() {
        return address == null ? "*" : address.toString();
    }
}
