package io.midreg.sip.transport;

/** A stream message whose header block or declared total size is over the configured maximum. */
public final class SipMessageTooLargeException extends SipFramingException {
    private static final long serialVersionUID = 1L;

    private final long size;
    private final int maxMessageSize;

    /**
     * @param size bytes seen or declared so far (a lower bound when the header block has no end yet)
     * @param maxMessageSize configured limit
     */
    public SipMessageTooLargeException(long size, int maxMessageSize) {
        super(FramingErrorReason.MESSAGE_TOO_LARGE, size + " bytes, limit " + maxMessageSize);
        this.size = size;
        this.maxMessageSize = maxMessageSize;
    }

    public long size() {
        return size;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }
}
