package io.midreg.sip.message;

/**
 * A message that cannot be accepted. Carries the status a server answers with (400 unless a
 * subclass says otherwise) and a reason phrase that says what is wrong. Stack traces are not
 * filled in: malformed input is routine, not exceptional, and must stay cheap.
 */
public class SipParseException extends Exception {
    private static final long serialVersionUID = 1L;
    /** What a problem with a header line whose name cannot be read is counted under. */
    public static final String HEADER_LINE = "header-line";

    private final int status;
    private final String header;

    public SipParseException(String reason) {
        this(400, reason);
    }

    public SipParseException(int status, String reason) {
        this(status, reason, null);
    }

    /** A 400 for a problem in the header named {@code header} (canonical name, or {@link #HEADER_LINE}). */
    public static SipParseException inHeader(String header, String reason) {
        return new SipParseException(400, reason, header);
    }

    private SipParseException(int status, String reason, String header) {
        super(reason, null, false, false);
        this.status = status;
        this.header = header;
    }

    /** The response status a server sends for this problem (e.g. 400, 505, 513). */
    public int status() {
        return status;
    }

    /** The header at fault (a canonical name the code knows, never text from the wire), or null when the problem is elsewhere. */
    public String header() {
        return header;
    }

    /** A reason phrase for the response: short, printable, no CR or LF. */
    public String reason() {
        return getMessage();
    }
}
