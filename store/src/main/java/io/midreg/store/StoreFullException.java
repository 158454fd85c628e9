package io.midreg.store;

/**
 * The store holds its configured number of AORs (or its file has no room left) and refuses a new
 * one. Existing AORs keep working. The registrar answers 503.
 */
public final class StoreFullException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final String aor;

    public StoreFullException(String aor, String detail) {
        super("store full, " + aor + " not stored: " + detail);
        this.aor = aor;
    }

    public StoreFullException(String aor, String detail, Throwable cause) {
        super("store full, " + aor + " not stored: " + detail, cause);
        this.aor = aor;
    }

    public String aor() {
        return aor;
    }
}
