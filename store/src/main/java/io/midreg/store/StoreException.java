package io.midreg.store;

/** Base of the store's typed failures. Unchecked: callers map them to SIP responses or exit codes. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
