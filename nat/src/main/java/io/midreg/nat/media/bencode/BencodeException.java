package io.midreg.nat.media.bencode;

/**
 * Input that is not bencode as BEP 3 defines it, or exceeds the decoder's limits. The only
 * exception the decoder throws: every defect of the input, however odd, ends here with its reason
 * and the offset where it was found.
 */
public final class BencodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the input. */
    public enum Reason {
        /** The input ended inside a value. */
        TRUNCATED,
        /** A byte that cannot start or continue a value here. */
        UNEXPECTED_BYTE,
        /** An integer with no digits, a leading zero, {@code -0} or a non-digit. */
        INVALID_INTEGER,
        /** An integer beyond the range of a signed 64-bit value. */
        INTEGER_OVERFLOW,
        /** A byte string length that is malformed (leading zero, no digits) or longer than the input left. */
        INVALID_LENGTH,
        /** Lists and dictionaries nested deeper than the limit. */
        TOO_DEEP,
        /** Input longer than the limit. */
        TOO_LONG,
        /** A dictionary key that is not a byte string, or not valid UTF-8. */
        INVALID_KEY,
        /** A dictionary key given twice. */
        DUPLICATE_KEY,
        /** Bytes after the one top-level value. */
        TRAILING_BYTES
    }

    private final Reason reason;
    private final int offset;

    public BencodeException(Reason reason, int offset, String detail) {
        super(reason + " at offset " + offset + ": " + detail);
        this.reason = reason;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    /** Where in the input the defect was found, from the start of the decoded range. */
    public int offset() {
        return offset;
    }
}
