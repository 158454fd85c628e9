package io.midreg.sip.transport;

import io.netty.buffer.ByteBuf;

/**
 * What the transport delivers to the layer above. Every method is called on the event loop of the
 * channel concerned and must not block it.
 */
public interface InboundHandler {

    /**
     * One complete message: a whole datagram on UDP (the parser deals with Content-Length and
     * trailing bytes there), exactly header block plus body on TCP/TLS.
     *
     * @param message the message bytes; ownership passes to the handler, which must release it
     *     (also when it throws). On UDP it is the receive buffer itself, sized for the largest
     *     datagram: a handler that keeps the bytes beyond the call copies them and releases it.
     * @param flow where it came from; pass it to {@link SipTransport#send(Flow, ByteBuf)} to answer
     */
    void onMessage(ByteBuf message, Flow flow);

    /**
     * A stream could not be framed (see {@link FramingErrorReason}). The transport closes the
     * connection when this returns, after flushing anything the handler wrote on the flow during
     * the call, so a handler may send a 400 first.
     */
    default void onFramingError(Flow flow, String reason) {
    }

    /** A TCP/TLS connection closed, for whatever reason; sending on {@code flow} now fails. */
    default void onFlowClosed(Flow flow) {
    }

    /**
     * A CRLFCRLF keep-alive ping arrived on {@code flow} and was answered with CRLF (RFC 5626
     * §4.4.1); layers above use this to refresh an Outbound flow.
     */
    default void onKeepAlive(Flow flow) {
    }
}
