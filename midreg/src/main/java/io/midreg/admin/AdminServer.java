package io.midreg.admin;

import io.midreg.config.AdminSettings;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API on its own small Netty event loop group (one thread: the admin API never
 * competes with SIP for event loops). Requests run on a separate worker pool with a bounded
 * queue, so a slow store scan never blocks the event loop; a full queue answers 503.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    private static final int MAX_BODY = 64 * 1024;
    private static final int WORKERS = 2;
    private static final int QUEUE = 64;

    private final AdminSettings settings;
    private final EventLoopGroup group;
    private final ThreadPoolExecutor worker;
    private final AdminApi api;
    private Channel channel;

    public AdminServer(AdminSettings settings, AdminBackend backend) {
        this.settings = settings;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("admin-http", true), NioIoHandler.newFactory());
        this.worker = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE),
                new DefaultThreadFactory("admin-worker", true));
        this.api = new AdminApi(backend, worker);
    }

    /** Binds the listen address; throws with what failed. */
    public void start() throws InterruptedException {
        BearerToken token = new BearerToken(settings.token());
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(60), new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY),
                                new AdminHttpHandler(token, api::handle));
                    }
                });
        try {
            channel = b.bind(settings.listen()).sync().channel();
        } catch (Exception e) { // BindException arrives unchecked through sync()
            close();
            throw new IllegalStateException("admin API cannot listen on " + settings.listen() + ": " + e.getMessage(), e);
        }
        // A trace past its time limit is switched off on time even when no message passes.
        group.scheduleAtFixedRate(() -> api.tracer().current(), 1, 1, TimeUnit.SECONDS);
        log.info("admin API on http://{} ({})", hostPort(address()), token.required() ? "bearer token required" : "open, loopback only");
    }

    /** The bound address (the real port when configured with port 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** http://host:port of the API, as a client on this machine reaches it. */
    public String url() {
        return "http://" + hostPort(address());
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    @Override
    public void close() {
        api.tracer().stop("midreg stopping");
        if (channel != null) channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        worker.shutdownNow();
    }
}
