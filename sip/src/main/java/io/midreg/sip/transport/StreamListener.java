package io.midreg.sip.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/** A TCP or TLS listener: accepts connections and gives each the stream pipeline. */
final class StreamListener {
    private final ListenerConfig config;
    private final EventLoopFactory loops;
    private final ChannelInitializer<Channel> childInitializer;
    private volatile Channel serverChannel;

    StreamListener(ListenerConfig config, EventLoopFactory loops, ChannelInitializer<Channel> childInitializer) {
        this.config = config;
        this.loops = loops;
        this.childInitializer = childInitializer;
    }

    CompletableFuture<Void> bind(EventLoopGroup group) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        new ServerBootstrap()
                .group(group)
                .channel(loops.serverChannelType())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                // SIP messages are small and latency matters more than packet count.
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(childInitializer)
                .bind(new InetSocketAddress(config.host(), config.port()))
                .addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        serverChannel = f.channel();
                        done.complete(null);
                    } else {
                        done.completeExceptionally(f.cause());
                    }
                });
        return done;
    }

    ListenerConfig config() {
        return config;
    }

    /** The bound address; null before binding. */
    InetSocketAddress localAddress() {
        Channel channel = serverChannel;
        return channel == null ? null : (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting; connections already accepted stay open. */
    ChannelFuture close() {
        Channel channel = serverChannel;
        return channel == null ? null : channel.close();
    }
}
