package io.midreg.sip.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test handler placed after {@link SipStreamFramer}: keeps a copy of each framed message (and
 * releases it at once, so leaks show), the framing errors and the keep-alive events.
 */
final class FramerRecorder extends ChannelInboundHandlerAdapter {
    final List<byte[]> messages = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();
    int keepAlives;
    /** If set, written back on the channel while handling a framing error (a "400"). */
    String replyOnError;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        try {
            messages.add(ByteBufUtil.getBytes(buf));
        } finally {
            buf.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        errors.add(cause);
        if (replyOnError != null) {
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(replyOnError.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == KeepAlivePingEvent.INSTANCE) {
            keepAlives++;
        }
    }

    List<String> messageTexts() {
        List<String> texts = new ArrayList<>();
        for (byte[] message : messages) {
            texts.add(new String(message, StandardCharsets.ISO_8859_1));
        }
        return texts;
    }

    FramingErrorReason onlyErrorReason() {
        if (errors.size() != 1 || !(errors.get(0) instanceof SipFramingException e)) {
            throw new AssertionError("expected exactly one SipFramingException, got " + errors);
        }
        return e.reason();
    }
}
