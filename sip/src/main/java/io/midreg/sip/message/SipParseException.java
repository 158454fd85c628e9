package io.midreg.sip.message;

/**
 * A message that cannot be accepted. Carries the status a server answers with (400 unless a
 * subclass says otherwise) and a reason phrase that says what is wrong. Stack traces are not
 * filled in: malformed input is routine, not exceptional, and must stay cheap.
 */
public class SipParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;

    public SipParseException(String reason) {
        this(400, reason);
    }

    public SipParseException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    /** The response status a server sends for this problem (e.g. 400, 505, 513). */
    public int status() {
        return status;
    }

    /** A reason phrase for the response: short, printable, no CR or LF. */
    public String reason() {
        return getMessage();
    }
}
