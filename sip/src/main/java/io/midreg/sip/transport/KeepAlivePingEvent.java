package io.midreg.sip.transport;

/**
 * User event fired by {@link SipStreamFramer} after it answered a CRLFCRLF keep-alive ping with a
 * CRLF pong (RFC 5626 §4.4.1), so that the layers above can refresh the flow.
 */
public final class KeepAlivePingEvent {
    /** The only instance: the event carries nothing, the channel says which flow it was. */
    public static final KeepAlivePingEvent INSTANCE = new KeepAlivePingEvent();

    private KeepAlivePingEvent() {
    }

    @Override
    public String toString() {
        return "KeepAlivePingEvent";
    }
}
