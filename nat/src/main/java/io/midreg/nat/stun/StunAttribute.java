package io.midreg.nat.stun;

import java.util.Arrays;

/**
 * One attribute as it travels (RFC 5389 §15): its type and its value without the padding.
 *
 * @param type  the attribute type; below 0x8000 it is comprehension-required
 * @param value the value, copied in and out
 */
public record StunAttribute(int type, byte[] value) {
    public StunAttribute {
        if (type < 0 || type > 0xFFFF) throw new IllegalArgumentException("attribute type out of range: " + type);
        if (value.length > 0xFFFF) throw new IllegalArgumentException("attribute value too long: " + value.length);
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    /** Octets on the wire: the 4-byte header, the value, padding to a multiple of 4. */
    int encodedLength() {
        return 4 + ((value.length + 3) & ~3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StunAttribute a && a.type == type && Arrays.equals(a.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return String.format("0x%04x(%d bytes)", type, value.length);
    }
}
