package io.midreg.registrar;

/** Carries a {@link Rejection} out of request reading. No stack trace: refusals are routine. */
final class RejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Rejection rejection;

    RejectedException(Rejection rejection) {
        super(rejection.reason(), null, false, false);
        this.rejection = rejection;
    }

    Rejection rejection() {
        return rejection;
    }
}
