package io.midreg.sip.message;

/** The message is larger than the configured maximum (answered 513 Message Too Large). */
public final class MessageTooLargeException extends SipParseException {
    private static final long serialVersionUID = 1L;

    public MessageTooLargeException(int size, int max) {
        super(513, "Message Too Large (" + size + " > " + max + " octets)");
    }
}
