package io.midreg.sip.stack;

import io.midreg.sip.message.MessageValidator;
import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.message.SipMessage;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipParseException;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.InboundHandler;
import io.midreg.sip.transport.SipTransport;
import io.netty.buffer.ByteBuf;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the transport and the transaction layer: parses each framed message, validates it,
 * hands what it refuses to {@link MalformedMessages} (answered with 400, 505 or 513 when it can
 * be, else dropped; counted either way) and the rest to the sink. Nothing thrown by a message
 * escapes into the transport.
 */
public final class InboundMessageProcessor implements InboundHandler {
    private static final Logger log = LoggerFactory.getLogger(InboundMessageProcessor.class);

    private final SipMessageParser parser;
    private final MalformedMessages malformed;
    private final MessageSink sink;
    private final StackCounters counters;

    /**
     * Where validated messages are processed: chosen by Call-ID, so one transaction's and one
     * dialog's messages stay in order on one thread, while the work of a single busy flow (an
     * SBC, a load generator: one source port, hence one SO_REUSEPORT socket and one event loop)
     * still spreads over every worker. Null: process on the receiving event loop.
     */
    private final java.util.concurrent.Executor[] workers;
    private final MessageTaps taps;

    public InboundMessageProcessor(ParserConfig config, MessageSink sink, Supplier<SipTransport> transport, StackCounters counters) {
        this(config, sink, transport, counters, null);
    }

    public InboundMessageProcessor(ParserConfig config, MessageSink sink, Supplier<SipTransport> transport, StackCounters counters,
                                   java.util.concurrent.Executor[] workers) {
        this(config, sink, transport, counters, workers, new MessageTaps());
    }

    public InboundMessageProcessor(ParserConfig config, MessageSink sink, Supplier<SipTransport> transport, StackCounters counters,
                                   java.util.concurrent.Executor[] workers, MessageTaps taps) {
        this.taps = taps;
        this.parser = new SipMessageParser(config);
        this.malformed = new MalformedMessages(config, transport, counters, taps);
        this.sink = sink;
        this.counters = counters;
        this.workers = workers == null || workers.length == 0 ? null : workers.clone();
    }

    @Override
    public void onMessage(ByteBuf message, Flow flow) {
        byte[] bytes;
        try {
            bytes = new byte[message.readableBytes()];
            message.getBytes(message.readerIndex(), bytes);
        } finally {
            message.release();
        }
        SipMessage m;
        try {
            m = parser.parse(bytes, bytes.length);
        } catch (SipParseException e) {
            malformed.refuse(bytes, flow, e);
            return;
        } catch (RuntimeException e) {
            // A parser bug must not take the event loop down; the message is dropped and counted.
            malformed.drop(flow, "broke the parser: " + e);
            log.warn("dropped a message from {} that broke the parser: {}", flow.remote(), e.toString());
            return;
        }
        if (workers == null) {
            process(m, bytes, flow);
            return;
        }
        String callId = m.callId();
        int h = callId == null ? 0 : callId.hashCode();
        try {
            workers[Math.floorMod(h ^ (h >>> 16), workers.length)].execute(() -> process(m, bytes, flow));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            counters.droppedMalformed.increment(); // shutting down
        }
    }

    /** Validates and hands a parsed message up; on a worker when there are workers. */
    private void process(SipMessage m, byte[] bytes, Flow flow) {
        try {
            MessageValidator.validate(m);
        } catch (SipParseException e) {
            malformed.refuse(bytes, flow, e);
            return;
        } catch (RuntimeException e) {
            malformed.drop(flow, "broke the validator: " + e);
            log.warn("dropped a message from {} that broke the validator: {}", flow.remote(), e.toString());
            return;
        }
        MessageTap tap = taps.current();
        if (tap != null) tap.inbound(bytes, flow.remote());
        try {
            if (m instanceof SipRequest r) {
                counters.requests.increment();
                sink.onRequest(r, flow);
            } else {
                counters.responses.increment();
                sink.onResponse((SipResponse) m, flow);
            }
        } catch (RuntimeException e) {
            log.error("handler failed on {} from {}", m.startLine(), flow.remote(), e);
        }
    }

    @Override
    public void onFramingError(Flow flow, String reason) {
        counters.framingErrors.increment();
        log.debug("framing error on {}: {}", flow, reason);
    }

    @Override
    public void onFlowClosed(Flow flow) {
        sink.onFlowClosed(flow);
    }

    @Override
    public void onKeepAlive(Flow flow) {
        sink.onKeepAlive(flow);
    }
}
