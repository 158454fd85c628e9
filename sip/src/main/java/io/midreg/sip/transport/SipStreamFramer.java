package io.midreg.sip.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Cuts a TCP/TLS byte stream into SIP messages (RFC 3261 §18.3) and emits each one as a
 * {@link ByteBuf} (a copy of exactly its header block and body).
 *
 * <ul>
 *   <li>Between messages, CRLFs are skipped. A double CRLF is an RFC 5626 §4.4.1 keep-alive ping:
 *       it is answered with a single CRLF and a {@link KeepAlivePingEvent} is fired; a lone CRLF
 *       is ignored (RFC 3261 §7.5).
 *   <li>The header block ends at the first CRLFCRLF (strict: no bare LF on a stream). Its
 *       Content-Length is mandatory and gives the body length.
 *   <li>Nothing is buffered past {@code maxMessageSize} and no buffer is sized from a declared
 *       length: a message waits for its bytes as they come.
 *   <li>A message still partial after {@code incompleteMessageTimeout} is an error; the check
 *       runs on the channel's event loop scheduler.
 * </ul>
 *
 * On any framing error the framer fires a {@link SipFramingException} through
 * {@code exceptionCaught}, discards everything it holds and receives afterwards, then closes the
 * channel once whatever was written during the exception handling (a 400, say) has been flushed.
 * Not sharable: one instance per connection.
 */
public final class SipStreamFramer extends ByteToMessageDecoder {
    private static final byte CR = '\r';
    private static final byte LF = '\n';
    /** Length of the CRLFCRLF that ends a header block. */
    private static final int HEADER_END_LENGTH = 4;

    private enum State { BETWEEN_MESSAGES, HEADERS, BODY, FAILED }

    private final int maxMessageSize;
    private final long incompleteTimeoutNanos;

    private State state = State.BETWEEN_MESSAGES;
    /** Between messages: a CR was consumed and its LF has not arrived yet. */
    private boolean crPending;
    /** Between messages: CRLFs seen since the last message or ping. */
    private int crlfCount;
    /** In HEADERS: offset from the reader index where the CRLFCRLF search resumes. */
    private int headerScanOffset;
    /** In BODY: header block plus body length of the current message. */
    private int messageLength;
    /** Ticker time at which the current partial message started. */
    private long messageStartNanos;
    private ScheduledFuture<?> timeoutCheck;

    public SipStreamFramer(StreamFramerConfig config) {
        Objects.requireNonNull(config, "config");
        this.maxMessageSize = config.maxMessageSize();
        this.incompleteTimeoutNanos = config.incompleteMessageTimeout().toNanos();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.FAILED) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (state == State.BETWEEN_MESSAGES) {
            if (!skipKeepAlives(ctx, in)) {
                return;
            }
            startMessage(ctx);
        }
        if (state == State.HEADERS && !readHeaderBlock(ctx, in)) {
            return;
        }
        if (state == State.BODY && in.readableBytes() >= messageLength) {
            // One message per call: the decoder loop fires it before asking for the next, so a
            // later framing error is always reported after the messages that preceded it.
            // A copy, not a slice: the layer above may keep a message for a transaction's life,
            // and a slice would pin the whole (much larger) cumulation buffer that long.
            out.add(in.readBytes(messageLength));
            state = State.BETWEEN_MESSAGES;
        }
    }

    /**
     * Consumes CRLFs between messages, answering each CRLFCRLF ping.
     *
     * @return true when a message starts at the reader index, false when the input ran out
     */
    private boolean skipKeepAlives(ChannelHandlerContext ctx, ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (crPending) {
                crPending = false;
                if (b != LF) {
                    crlfCount = 0; // a stray CR: let the message start at this byte
                    return true;
                }
                in.skipBytes(1);
                if (++crlfCount == 2) {
                    crlfCount = 0;
                    answerPing(ctx);
                }
            } else if (b == CR) {
                in.skipBytes(1);
                crPending = true;
            } else {
                crlfCount = 0;
                return true;
            }
        }
        return false;
    }

    private void answerPing(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(ctx.alloc().buffer(2).writeByte(CR).writeByte(LF));
        ctx.fireUserEventTriggered(KeepAlivePingEvent.INSTANCE);
    }

    private void startMessage(ChannelHandlerContext ctx) {
        state = State.HEADERS;
        headerScanOffset = 0;
        messageStartNanos = ctx.executor().ticker().nanoTime();
        if (timeoutCheck == null) {
            // One pending check per connection, rescheduled only while a message stays partial:
            // no timer churn for connections that send whole messages.
            scheduleTimeoutCheck(ctx, incompleteTimeoutNanos);
        }
    }

    /** @return true when the header block is complete and the message length known */
    private boolean readHeaderBlock(ChannelHandlerContext ctx, ByteBuf in) {
        int readable = in.readableBytes();
        int searchLimit = Math.min(readable, maxMessageSize);
        int headerLength = findHeaderEnd(in, headerScanOffset, searchLimit);
        if (headerLength < 0) {
            if (readable >= maxMessageSize) {
                fail(ctx, in, new SipMessageTooLargeException(readable, maxMessageSize));
            } else {
                headerScanOffset = readable;
            }
            return false;
        }
        long contentLength;
        try {
            int start = in.readerIndex();
            // The block's last line keeps its CRLF; the empty line's CRLF is left out.
            contentLength = ContentLengthScanner.scan(in, start, start + headerLength - 2);
        } catch (SipFramingException e) {
            fail(ctx, in, e);
            return false;
        }
        if (contentLength == ContentLengthScanner.ABSENT) {
            fail(ctx, in, new SipFramingException(FramingErrorReason.MISSING_CONTENT_LENGTH,
                    "required on a stream transport"));
            return false;
        }
        long total = headerLength + contentLength;
        if (total > maxMessageSize) {
            fail(ctx, in, new SipMessageTooLargeException(total, maxMessageSize));
            return false;
        }
        messageLength = (int) total;
        state = State.BODY;
        return true;
    }

    /**
     * Searches {@code [reader index + from, reader index + limit)} for CRLFCRLF.
     *
     * @return the header block length including the CRLFCRLF, or -1
     */
    private static int findHeaderEnd(ByteBuf in, int from, int limit) {
        int start = in.readerIndex();
        int end = start + limit;
        // The LF closing CRLFCRLF is at least 3 bytes in; earlier LFs were checked last time.
        int i = start + Math.max(from, HEADER_END_LENGTH - 1);
        while (i < end) {
            int lf = in.indexOf(i, end, LF);
            if (lf < 0) {
                return -1;
            }
            if (in.getByte(lf - 1) == CR && in.getByte(lf - 2) == LF && in.getByte(lf - 3) == CR) {
                return lf + 1 - start;
            }
            i = lf + 1;
        }
        return -1;
    }

    private void scheduleTimeoutCheck(ChannelHandlerContext ctx, long delayNanos) {
        timeoutCheck = ctx.executor().schedule(() -> checkIncompleteMessage(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void checkIncompleteMessage(ChannelHandlerContext ctx) {
        timeoutCheck = null;
        if (state != State.HEADERS && state != State.BODY || ctx.isRemoved()) {
            return;
        }
        long age = ctx.executor().ticker().nanoTime() - messageStartNanos;
        if (age < incompleteTimeoutNanos) {
            scheduleTimeoutCheck(ctx, incompleteTimeoutNanos - age);
            return;
        }
        ByteBuf held = internalBuffer();
        fail(ctx, held, new SipFramingException(FramingErrorReason.INCOMPLETE_MESSAGE_TIMEOUT,
                held.readableBytes() + " bytes buffered after "
                        + TimeUnit.NANOSECONDS.toMillis(age) + " ms"));
    }

    private void fail(ChannelHandlerContext ctx, ByteBuf in, SipFramingException error) {
        state = State.FAILED;
        cancelTimeoutCheck();
        in.skipBytes(in.readableBytes());
        ctx.fireExceptionCaught(error);
        // Close only after what the handlers wrote while handling the error (a 400) is flushed.
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void cancelTimeoutCheck() {
        if (timeoutCheck != null) {
            timeoutCheck.cancel(false);
            timeoutCheck = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelTimeoutCheck();
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelTimeoutCheck();
    }
}
