package io.midreg.nat.stun;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A STUN transaction id: 96 bits after the magic cookie (RFC 5389 §6), or 128 bits where an RFC
 * 3489 client sent no cookie (the cookie's place is then part of its id).
 */
public final class TransactionId {
    public static final int LENGTH = 12;
    public static final int CLASSIC_LENGTH = 16;

    private final byte[] bytes;

    private TransactionId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @param bytes 12 bytes (RFC 5389) or 16 (RFC 3489), copied */
    public static TransactionId of(byte[] bytes) {
        if (bytes.length != LENGTH && bytes.length != CLASSIC_LENGTH) {
            throw new IllegalArgumentException("a transaction id has 12 or 16 bytes, not " + bytes.length);
        }
        return new TransactionId(bytes.clone());
    }

    /** Whether this is an RFC 3489 id, from a message without the magic cookie. */
    public boolean classic() {
        return bytes.length == CLASSIC_LENGTH;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    byte at(int i) {
        return bytes[i];
    }

    int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionId t && Arrays.equals(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
