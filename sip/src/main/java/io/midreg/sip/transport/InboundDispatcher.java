package io.midreg.sip.transport;

import io.netty.buffer.ByteBuf;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the {@link InboundHandler} so that a bug above cannot kill a channel or an event loop. */
final class InboundDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(InboundDispatcher.class);

    private final InboundHandler handler;

    InboundDispatcher(InboundHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    void message(ByteBuf message, Flow flow) {
        try {
            handler.onMessage(message, flow);
        } catch (RuntimeException e) {
            LOG.warn("Inbound handler failed on a message from {}", flow, e);
        }
    }

    void framingError(Flow flow, String reason) {
        try {
            handler.onFramingError(flow, reason);
        } catch (RuntimeException e) {
            LOG.warn("Inbound handler failed on a framing error on {}", flow, e);
        }
    }

    void flowClosed(Flow flow) {
        try {
            handler.onFlowClosed(flow);
        } catch (RuntimeException e) {
            LOG.warn("Inbound handler failed on the close of {}", flow, e);
        }
    }

    void keepAlive(Flow flow) {
        try {
            handler.onKeepAlive(flow);
        } catch (RuntimeException e) {
            LOG.warn("Inbound handler failed on a keep-alive on {}", flow, e);
        }
    }
}
