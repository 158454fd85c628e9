package io.midreg.store;

/** A stored record does not decode; the store turns this into a {@link StoreCorruptException}. */
final class MalformedRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedRecordException(String message) {
        super(message);
    }
}
