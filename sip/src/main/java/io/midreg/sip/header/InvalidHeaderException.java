package io.midreg.sip.header;

/**
 * A header field value that does not follow its grammar. Unchecked because typed header access
 * is lazy. The message is the reason phrase a server answers with (RFC 3261 §8.2: a request it
 * cannot parse gets 400): it names the header and says what is wrong, like
 * {@code Malformed CSeq header (sequence number out of range)}. No stack trace: malformed input
 * is routine.
 */
public final class InvalidHeaderException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String header;

    public InvalidHeaderException(String header, String problem) {
        super("Malformed " + header + " header (" + problem + ")", null, false, false);
        this.header = header;
    }

    /** The header's name as the code knows it (canonical, e.g. {@code CSeq}). */
    public String header() {
        return header;
    }
}
