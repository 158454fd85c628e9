package io.midreg.sip.transport;

/** Why a stream (TCP/TLS) could not be cut into SIP messages; each one closes the connection. */
public enum FramingErrorReason {
    /** RFC 3261 §18.3: on a stream, Content-Length is mandatory. */
    MISSING_CONTENT_LENGTH("missing Content-Length"),
    /** Negative, non-numeric or overflowing Content-Length. */
    INVALID_CONTENT_LENGTH("invalid Content-Length"),
    /** Two Content-Length headers with different values. */
    CONFLICTING_CONTENT_LENGTH("conflicting Content-Length"),
    /** Header block, or header block plus declared body, over the configured maximum. */
    MESSAGE_TOO_LARGE("message too large"),
    /** A partial message stayed incomplete for longer than the configured timeout. */
    INCOMPLETE_MESSAGE_TIMEOUT("incomplete message timed out");

    private final String description;

    FramingErrorReason(String description) {
        this.description = description;
    }

    /** Short human-readable form, e.g. {@code "missing Content-Length"}. */
    public String description() {
        return description;
    }
}
