package io.midreg.sip.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP listener: one socket, or with SO_REUSEPORT several sockets on the same port, each on its
 * own event loop so the kernel spreads incoming datagrams over the cores. Every datagram is one
 * message. Replies go out of one of these sockets, so the peer sees them come from the address
 * it sent to.
 */
final class UdpListener {
    private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);
    /** Largest UDP payload there is: 65535 - 8 (IPv6; IPv4 loses 20 more to its header). */
    private static final int MAX_UDP_PAYLOAD = 65_527;

    private final ListenerConfig config;
    private final TransportConfig transportConfig;
    private final EventLoopFactory loops;
    private final TransportCounters counters;
    private final InboundDispatcher dispatcher;
    private final java.util.function.Supplier<NonSipDatagramHandler> nonSip;
    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    private volatile InetSocketAddress localAddress;

    UdpListener(ListenerConfig config, TransportConfig transportConfig, EventLoopFactory loops,
            TransportCounters counters, InboundDispatcher dispatcher,
            java.util.function.Supplier<NonSipDatagramHandler> nonSip) {
        this.config = config;
        this.nonSip = nonSip;
        this.transportConfig = transportConfig;
        this.loops = loops;
        this.counters = counters;
        this.dispatcher = dispatcher;
    }

    /**
     * Binds the first socket (learning the real port if the configuration said 0), then the
     * others on the same port.
     */
    CompletableFuture<Void> bind(EventLoopGroup group) {
        int sockets = loops.supportsReusePort() ? transportConfig.effectiveEventLoops() : 1;
        Bootstrap bootstrap = bootstrap(group);
        CompletableFuture<Void> done = new CompletableFuture<>();
        InetSocketAddress requested = new InetSocketAddress(config.host(), config.port());
        if (loops.supportsReusePort() && config.port() != 0) {
            try {
                probeFree(requested);
            } catch (java.io.IOException e) {
                done.completeExceptionally(e);
                return done;
            }
        }
        bootstrap.bind(requested).addListener((ChannelFuture first) -> {
            if (!first.isSuccess()) {
                done.completeExceptionally(first.cause());
                return;
            }
            channels.add(first.channel());
            InetSocketAddress bound = (InetSocketAddress) first.channel().localAddress();
            localAddress = bound;
            List<CompletableFuture<Void>> others = new ArrayList<>();
            for (int i = 1; i < sockets; i++) {
                CompletableFuture<Void> other = new CompletableFuture<>();
                others.add(other);
                bootstrap.bind(bound).addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        channels.add(f.channel());
                        other.complete(null);
                    } else {
                        other.completeExceptionally(f.cause());
                    }
                });
            }
            CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    done.complete(null);
                }
            });
        });
        return done;
    }

    /**
     * SO_REUSEPORT would let this process share a port another process (of the same user, say a
     * second midreg) already holds, and the kernel would split the traffic between the two. A
     * plain socket bound for a moment first fails as it should when the port is taken.
     */
    private static void probeFree(InetSocketAddress address) throws java.io.IOException {
        try (java.nio.channels.DatagramChannel probe = java.nio.channels.DatagramChannel.open()) {
            probe.bind(address);
        } catch (java.net.BindException e) {
            throw new java.net.BindException("UDP port already in use by another socket (" + e.getMessage() + ")");
        }
    }

    private Bootstrap bootstrap(EventLoopGroup group) {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(loops.datagramChannelType())
                // One byte over the limit per datagram, so an oversized datagram shows as such
                // instead of being silently truncated into something that looks whole; room for
                // udpReadBatch of them when epoll reads several per system call (recvmmsg).
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(datagramRoom() * readBatch()))
                .handler(new io.netty.channel.ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new UdpMessageHandler());
                    }
                });
        if (transportConfig.udpReceiveBufferBytes() > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, transportConfig.udpReceiveBufferBytes());
        }
        if (loops.supportsReusePort()) {
            bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
            // Each datagram lands in its own slice of datagramRoom() octets of the read buffer.
            if (readBatch() > 1) bootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, datagramRoom());
        }
        return bootstrap;
    }

    private int datagramRoom() {
        return Math.min(transportConfig.maxMessageSize(), MAX_UDP_PAYLOAD) + 1;
    }

    /** Datagrams per read: batching needs epoll (recvmmsg); NIO reads one at a time. */
    private int readBatch() {
        return loops.supportsReusePort() ? transportConfig.udpReadBatch() : 1;
    }

    ListenerConfig config() {
        return config;
    }

    /** The bound address; null before binding. */
    InetSocketAddress localAddress() {
        return localAddress;
    }

    int socketCount() {
        return channels.size();
    }

    boolean isOpen() {
        for (Channel channel : channels) {
            if (channel.isActive()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends one datagram. Prefers the socket whose event loop is the current thread (a reply
     * from the handler of a request then needs no thread hop); otherwise any of the sockets
     * bound to this address (they share it through SO_REUSEPORT, so the peer sees one source),
     * picked at random: spreading by peer would put every reply to one busy peer (an SBC, a
     * load generator) on one event loop. A reply written while its socket's event loop is in a
     * read batch is flushed with the batch (one sendmmsg for the lot), not one syscall each.
     */
    ChannelFuture send(InetSocketAddress remote, ByteBuf message) {
        Channel channel = pick();
        DatagramPacket packet = new DatagramPacket(message, remote);
        return flushNowOrWithBatch(channel) ? channel.writeAndFlush(packet) : channel.write(packet);
    }

    /** As {@link #send} with no promise to complete: a failure reaches the handler's exceptionCaught. */
    void sendAndForget(InetSocketAddress remote, ByteBuf message) {
        Channel channel = pick();
        DatagramPacket packet = new DatagramPacket(message, remote);
        if (flushNowOrWithBatch(channel)) channel.writeAndFlush(packet, channel.voidPromise());
        else channel.write(packet, channel.voidPromise());
    }

    private Channel pick() {
        List<Channel> snapshot = channels;
        for (Channel channel : snapshot) {
            if (channel.eventLoop().inEventLoop()) return channel;
        }
        return snapshot.get(snapshot.size() == 1 ? 0 : java.util.concurrent.ThreadLocalRandom.current().nextInt(snapshot.size()));
    }

    /** False when the channel's event loop is in a read batch: the write then leaves with the batch's flush. */
    private static boolean flushNowOrWithBatch(Channel channel) {
        if (!channel.eventLoop().inEventLoop()) return true;
        UdpMessageHandler reader = channel.pipeline().get(UdpMessageHandler.class);
        if (reader == null || !reader.inReadBatch) return true;
        reader.flushPending = true;
        return false;
    }

    List<ChannelFuture> close() {
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel channel : channels) {
            closing.add(channel.close());
        }
        return closing;
    }

    /**
     * Turns each datagram into one message for the layer above; one per socket. Its two flags
     * are only touched on the socket's event loop.
     */
    private final class UdpMessageHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        /** Between the first read of a batch and channelReadComplete. */
        boolean inReadBatch;
        /** Replies were written during this batch and wait for its flush. */
        boolean flushPending;

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            inReadBatch = false;
            if (flushPending) {
                flushPending = false;
                ctx.flush();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            inReadBatch = true;
            ByteBuf content = packet.content();
            int length = content.readableBytes();
            if (length == 0 || length > transportConfig.maxMessageSize()) {
                counters.datagramsDropped.increment();
                return;
            }
            if (onlyCrlf(content)) {
                counters.udpKeepAlives.increment(); // NAT keep-alive; nothing to answer on UDP
                return;
            }
            NonSipDatagramHandler other = NonSipDatagramHandler.isNonSip(content.getByte(content.readerIndex())) ? nonSip.get() : null;
            if (other != null) {
                handOver(ctx, other, content, packet.sender());
                return;
            }
            // Handed up as received, retained: the layer above copies what it keeps (the stack
            // copies every message into its own array at once), so a copy here would be a second one.
            counters.datagramsIn.increment();
            dispatcher.message(content.retain(), Flow.udp(localAddress, packet.sender()));
        }

        /** Gives a datagram that is not SIP to its handler and sends the handler's answer from this socket. */
        private void handOver(ChannelHandlerContext ctx, NonSipDatagramHandler handler, ByteBuf content,
                InetSocketAddress sender) {
            counters.nonSipDatagrams.increment();
            java.nio.ByteBuffer reply;
            try {
                reply = handler.onDatagram(content.nioBuffer().asReadOnlyBuffer(), Flow.udp(localAddress, sender));
            } catch (RuntimeException e) {
                LOG.warn("Handler of non-SIP datagrams failed on one from {}", sender, e);
                return;
            }
            if (reply == null || !reply.hasRemaining()) return;
            ctx.write(new DatagramPacket(io.netty.buffer.Unpooled.wrappedBuffer(reply), sender), ctx.voidPromise());
            flushPending = true; // leaves with the read batch's flush
            counters.datagramsOut.increment();
        }

        private boolean onlyCrlf(ByteBuf content) {
            return content.forEachByte(b -> b == '\r' || b == '\n') < 0;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and the like surface here; the socket itself stays usable.
            LOG.debug("UDP socket {} error: {}", ctx.channel().localAddress(), cause.toString());
        }
    }
}
