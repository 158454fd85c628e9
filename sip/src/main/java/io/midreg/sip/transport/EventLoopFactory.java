package io.midreg.sip.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses between native epoll and NIO, and makes the matching event loop group and channel
 * types. Epoll is used when asked for and loadable; it is what makes SO_REUSEPORT available, so
 * several UDP sockets can share one port and spread receive work over cores.
 */
final class EventLoopFactory {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoopFactory.class);

    private final boolean nativeEpoll;

    private EventLoopFactory(boolean nativeEpoll) {
        this.nativeEpoll = nativeEpoll;
    }

    /** Epoll if {@code preferNative} and the platform has it, NIO otherwise. */
    static EventLoopFactory choose(boolean preferNative) {
        if (preferNative) {
            if (Epoll.isAvailable()) {
                return new EventLoopFactory(true);
            }
            LOG.info("Native epoll transport unavailable, using NIO: {}", String.valueOf(Epoll.unavailabilityCause()));
        }
        return new EventLoopFactory(false);
    }

    /** True for native epoll, false for NIO. */
    boolean isNative() {
        return nativeEpoll;
    }

    /** Whether several UDP sockets may bind the same port (SO_REUSEPORT, epoll only). */
    boolean supportsReusePort() {
        return nativeEpoll;
    }

    EventLoopGroup newGroup(int threads, String threadNamePrefix) {
        IoHandlerFactory ioHandlers = nativeEpoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadNamePrefix, true), ioHandlers);
    }

    Class<? extends ServerChannel> serverChannelType() {
        return nativeEpoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    Class<? extends SocketChannel> socketChannelType() {
        return nativeEpoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    Class<? extends DatagramChannel> datagramChannelType() {
        return nativeEpoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }
}
