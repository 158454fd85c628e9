package io.midreg.sip.message;

/** More header fields than the parser is configured to accept. */
public final class HeadersTooLargeException extends SipParseException {
    private static final long serialVersionUID = 1L;

    public HeadersTooLargeException(int max) {
        super(400, "Bad Request (more than " + max + " header fields)");
    }
}
