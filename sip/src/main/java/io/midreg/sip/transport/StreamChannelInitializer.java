package io.midreg.sip.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Pipeline of a TCP/TLS connection, accepted or opened: [TLS] → [idle timeout] → framer → flow.
 */
final class StreamChannelInitializer extends ChannelInitializer<Channel> {
    private final TransportProtocol protocol;
    private final SslContext sslContext;
    private final InetSocketAddress tlsPeer;
    private final TransportConfig config;
    private final ConnectionTable connections;
    private final TransportCounters counters;
    private final InboundDispatcher dispatcher;

    /**
     * @param sslContext null for TCP
     * @param tlsPeer for a client-side TLS connection, the peer whose certificate is checked; null
     *     on the server side
     */
    StreamChannelInitializer(TransportProtocol protocol, SslContext sslContext, InetSocketAddress tlsPeer,
            TransportConfig config, ConnectionTable connections, TransportCounters counters,
            InboundDispatcher dispatcher) {
        this.protocol = protocol;
        this.sslContext = sslContext;
        this.tlsPeer = tlsPeer;
        this.config = config;
        this.connections = connections;
        this.counters = counters;
        this.dispatcher = dispatcher;
    }

    @Override
    protected void initChannel(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (sslContext != null) {
            pipeline.addLast("tls", tlsPeer == null
                    ? sslContext.newHandler(channel.alloc())
                    : sslContext.newHandler(channel.alloc(), tlsPeer.getHostString(), tlsPeer.getPort()));
        }
        long idleNanos = config.idleConnectionTimeout().toNanos();
        if (idleNanos > 0) {
            pipeline.addLast("idle", new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS));
        }
        pipeline.addLast("framer", new SipStreamFramer(StreamFramerConfig.from(config)));
        pipeline.addLast("flow", new StreamFlowHandler(protocol, connections, counters, dispatcher));
    }
}
