package io.midreg.sip.header;

/**
 * A header field value that does not follow its grammar. Unchecked because typed header access
 * is lazy; the server turns it into a 400 whose reason phrase is {@link #getMessage()}.
 * No stack trace: malformed input is routine.
 */
public final class InvalidHeaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidHeaderException(String header, String problem) {
        super("Bad " + header + ": " + problem, null, false, false);
    }
}
