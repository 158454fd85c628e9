package io.midreg.nat.media.ng;

import io.midreg.sip.transaction.TimerScheduler;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The ng client's UDP socket: one datagram channel on one event loop of its own (epoll where the
 * platform has it, NIO otherwise), which also runs the retransmission timers. A query reply can
 * be several kilobytes, so the socket reads datagrams up to the largest UDP payload.
 */
final class NettyNgTransport implements NgDatagramSender, AutoCloseable {
    private static final int MAX_DATAGRAM = 65_535;

    private final EventLoopGroup group;
    private volatile Channel channel;

    private NettyNgTransport(EventLoopGroup group) {
        this.group = group;
    }

    static CompletableFuture<NgClient> open(NgClientConfig config) {
        boolean epoll = config.preferNativeTransport() && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ng-client", true), io);
        NettyNgTransport transport = new NettyNgTransport(group);
        EventLoop loop = group.next();
        NgClient client = new NgClient(transport, timers(loop), config, transport);
        Bootstrap bootstrap = new Bootstrap().group(loop)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(new Inbound(client));
        CompletableFuture<NgClient> opened = new CompletableFuture<>();
        bootstrap.bind(config.localAddress()).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                transport.channel = f.channel();
                opened.complete(client);
            } else {
                group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
                opened.completeExceptionally(f.cause());
            }
        });
        return opened;
    }

    private static TimerScheduler timers(EventLoop loop) {
        return (task, delay) -> {
            ScheduledFuture<?> f = loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }

    @Override
    public void send(InetSocketAddress to, byte[] datagram, Consumer<Throwable> onFailure) {
        Channel c = channel;
        if (c == null || !c.isActive()) {
            onFailure.accept(new IllegalStateException("the ng socket is closed"));
            return;
        }
        c.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(datagram), to)).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) onFailure.accept(f.cause());
        });
    }

    @Override
    public void close() {
        Channel c = channel;
        if (c != null) c.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Hands each datagram's bytes to the client (a copy: the buffer goes back to the pool). */
    private static final class Inbound extends SimpleChannelInboundHandler<DatagramPacket> {
        private final NgClient client;

        Inbound(NgClient client) {
            this.client = client;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            client.receive(packet.sender(), ByteBufUtil.getBytes(packet.content()));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // an ICMP error on an unconnected UDP socket, say: the request's own time-out handles it
        }
    }
}
