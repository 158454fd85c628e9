package io.midreg.sip.uri;

/** A URI that does not follow RFC 3261 §25.1 (or RFC 3986 for other schemes). No stack trace. */
public final class InvalidUriException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidUriException(String problem) {
        super(problem);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
