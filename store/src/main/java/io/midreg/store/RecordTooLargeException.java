package io.midreg.store;

/** The encoded record of an AOR exceeds the configured maximum; nothing was written. */
public final class RecordTooLargeException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final String aor;
    private final int encodedBytes;
    private final int maxBytes;

    public RecordTooLargeException(String aor, int encodedBytes, int maxBytes) {
        super("record of " + aor + " is " + (encodedBytes < 0 ? "too large for the store file" : encodedBytes
                + " bytes, over the maximum of " + maxBytes) + "; not stored");
        this.aor = aor;
        this.encodedBytes = encodedBytes;
        this.maxBytes = maxBytes;
    }

    public String aor() {
        return aor;
    }

    /** The encoded size, or {@code -1} when the file's own limit refused it. */
    public int encodedBytes() {
        return encodedBytes;
    }

    public int maxBytes() {
        return maxBytes;
    }
}
