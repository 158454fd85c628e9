package io.midreg.sip.transport;

import io.netty.handler.codec.CorruptedFrameException;
import java.util.Objects;

/**
 * A SIP stream could not be framed. Fired by {@link SipStreamFramer} through
 * {@code exceptionCaught} just before it closes the connection.
 */
public class SipFramingException extends CorruptedFrameException {
    private static final long serialVersionUID = 1L;

    private final FramingErrorReason reason;

    public SipFramingException(FramingErrorReason reason, String detail) {
        super(reason.description() + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The kind of framing error, for statistics and for choosing a response. */
    public FramingErrorReason reason() {
        return reason;
    }

    /** No stack trace: a peer can provoke these at will, and the frame is all that matters. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
