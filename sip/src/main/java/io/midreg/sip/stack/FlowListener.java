package io.midreg.sip.stack;

import io.midreg.sip.transport.Flow;

/**
 * What happens to a flow besides messages, for the layers that keep state per flow: a
 * registration's keep-alives (RFC 5626 §4.4.1), a proxy routing to a device's connection. Called
 * on the transport's event loop of the flow concerned: a listener returns at once and never
 * blocks (hand heavier work to another thread).
 */
public interface FlowListener {

    /** A TCP/TLS connection closed, for whatever reason: sending on {@code flow} now fails. */
    default void onFlowClosed(Flow flow) {
    }

    /** A CRLFCRLF keep-alive ping arrived on {@code flow} (the transport has answered it with CRLF). */
    default void onKeepAlive(Flow flow) {
    }
}
