package io.midreg.nat.media.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bencode byte string: raw bytes, not text. An SDP body travels as one, byte for byte; keys and
 * flags are ASCII and read with {@link #asString()}.
 */
public final class BBytes implements BValue {
    private final byte[] bytes;

    private BBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A byte string holding a copy of {@code bytes}. */
    public static BBytes of(byte[] bytes) {
        return new BBytes(bytes.clone());
    }

    /** A byte string holding {@code text} in UTF-8. */
    public static BBytes of(String text) {
        return new BBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Wraps without copying: only for arrays nobody else holds (the decoder's own copies). */
    static BBytes wrap(byte[] bytes) {
        return new BBytes(bytes);
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** The bytes read as UTF-8 (malformed sequences become U+FFFD). */
    public String asString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The bytes without a copy, for the encoder, which only reads them. */
    byte[] unsafeBytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BBytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return asString();
    }
}
