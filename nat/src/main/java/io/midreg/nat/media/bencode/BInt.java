package io.midreg.nat.media.bencode;

/** A bencode integer; the codec carries the range of a {@code long} and rejects anything wider. */
public record BInt(long value) implements BValue {
    public static BInt of(long value) {
        return new BInt(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
