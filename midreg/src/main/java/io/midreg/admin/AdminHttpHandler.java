package io.midreg.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One admin HTTP connection: checks the bearer token on the event loop (cheap), copies the
 * request and hands it to the API, whose answer completes on the worker and is written back.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(AdminHttpHandler.class);

    private final BearerToken token;
    private final Function<AdminRequest, CompletableFuture<AdminResponse>> api;

    AdminHttpHandler(BearerToken token, Function<AdminRequest, CompletableFuture<AdminResponse>> api) {
        this.token = token;
        this.api = api;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            write(ctx, AdminResponse.error(400, "malformed HTTP request"), false);
            return;
        }
        if (!token.admits(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            log.info("admin request {} {} from {} refused: missing or wrong bearer token", req.method(), pathOnly(req.uri()), ctx.channel().remoteAddress());
            FullHttpResponse r = response(AdminResponse.error(401, "missing or wrong bearer token; send Authorization: Bearer <admin.token>"));
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"midreg\"");
            send(ctx, r, keepAlive);
            return;
        }
        QueryStringDecoder q = new QueryStringDecoder(req.uri());
        AdminRequest request = new AdminRequest(req.method().name(), q.rawPath(), q.parameters(), req.content().toString(StandardCharsets.UTF_8));
        api.apply(request).whenComplete((resp, err) -> write(ctx, err == null ? resp : AdminResponse.error(500, String.valueOf(err)), keepAlive));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("admin connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static void write(ChannelHandlerContext ctx, AdminResponse r, boolean keepAlive) {
        send(ctx, response(r), keepAlive);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
        HttpUtil.setContentLength(r, r.content().readableBytes());
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse response(AdminResponse r) {
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
        out.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        out.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return out;
    }

    private static String pathOnly(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
