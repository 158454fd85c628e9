package io.midreg.sip.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of a TCP/TLS connection: gives the connection its {@link Flow}, keeps it in the
 * {@link ConnectionTable} while open, and hands framed messages, keep-alives, framing errors and
 * the close to the layer above. One instance per connection.
 */
final class StreamFlowHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(StreamFlowHandler.class);

    private final TransportProtocol protocol;
    private final ConnectionTable connections;
    private final TransportCounters counters;
    private final InboundDispatcher dispatcher;
    /** Device bindings that keep this connection open past the idle time-out; event loop only. */
    private final ConnectionHolds holds = new ConnectionHolds();
    private Flow flow;

    StreamFlowHandler(TransportProtocol protocol, ConnectionTable connections, TransportCounters counters,
            InboundDispatcher dispatcher) {
        this.protocol = protocol;
        this.connections = connections;
        this.counters = counters;
        this.dispatcher = dispatcher;
    }

    /**
     * The connection's flow, registering it on first call. Called from channelActive, and by the
     * connector as soon as a connect succeeds (Netty completes the connect promise before firing
     * channelActive, and the first message must find the flow). Event loop only.
     */
    Flow register(Channel channel) {
        if (flow == null) {
            flow = new Flow(protocol, (InetSocketAddress) channel.localAddress(),
                    (InetSocketAddress) channel.remoteAddress(), connections.nextId());
            connections.add(flow, channel);
            counters.connectionsOpened.increment();
            LOG.debug("Opened {}", flow);
        }
        return flow;
    }

    /** Holds the connection open for a binding (see {@link SipTransport#holdOpen}); event loop only. */
    void hold(String holder, long untilEpochMillis) {
        holds.hold(holder, untilEpochMillis);
    }

    /** Drops a binding's hold; the idle time-out applies again once none is left. Event loop only. */
    void release(String holder) {
        holds.release(holder);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        register(ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf message) || flow == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        counters.streamMessagesIn.increment();
        dispatcher.message(message, flow);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == KeepAlivePingEvent.INSTANCE) {
            counters.keepAlivesAnswered.increment();
            if (flow != null) {
                dispatcher.keepAlive(flow);
            }
        } else if (event instanceof IdleStateEvent) {
            if (holds.heldAt(System.currentTimeMillis())) {
                LOG.trace("Keeping idle {}: {} binding(s) registered on it", flow, holds.size());
                return; // the idle handler fires again after another idle period
            }
            LOG.debug("Closing idle {}", flow);
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof SipFramingException framingError) {
            counters.framingError(framingError.reason());
            LOG.debug("Framing error on {}: {}", flow, cause.getMessage());
            if (flow != null) {
                dispatcher.framingError(flow, cause.getMessage());
            }
            return; // the framer closes the connection once the handler's writes are flushed
        }
        // Resets, TLS handshake failures and the like: nothing to salvage on this connection.
        LOG.debug("Closing {} after error: {}", flow, cause.toString());
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (flow != null && connections.remove(flow.connectionId()) != null) {
            LOG.debug("Closed {}", flow);
            dispatcher.flowClosed(flow);
        }
        super.channelInactive(ctx);
    }
}
