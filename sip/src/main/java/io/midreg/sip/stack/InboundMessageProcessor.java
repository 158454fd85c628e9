package io.midreg.sip.stack;

import io.midreg.sip.header.Via;
import io.midreg.sip.message.MessageValidator;
import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.message.ResponseBuilder;
import io.midreg.sip.message.SipMessage;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipParseException;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.syntax.SipMethods;
import io.midreg.sip.transaction.ReceivedParameters;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.InboundHandler;
import io.midreg.sip.transport.SipTransport;
import io.netty.buffer.ByteBuf;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Between the transport and the transaction layer: parses each framed message, validates it,
 * answers a malformed request with the status its problem calls for (400, 505, 513) on the flow
 * it came in on, drops and counts what cannot be answered, and hands the rest to the sink.
 * Nothing thrown by a message escapes into the transport.
 */
public final class InboundMessageProcessor implements InboundHandler {
    private static final Logger log = LoggerFactory.getLogger(InboundMessageProcessor.class);

    private final SipMessageParser parser;
    private final SipMessageParser salvageParser;
    private final MessageSink sink;
    private final Supplier<SipTransport> transport;
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
        this.salvageParser = SipMessageParser.forErrorResponses(config);
        this.sink = sink;
        this.transport = transport;
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
            refuse(bytes, flow, e);
            return;
        } catch (RuntimeException e) {
            // A parser bug must not take the event loop down; the message is dropped and counted.
            counters.droppedMalformed.increment();
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
            refuse(bytes, flow, e);
            return;
        } catch (RuntimeException e) {
            counters.droppedMalformed.increment();
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

    /** Answers a refused request when enough of it can be read; anything else is dropped. */
    private void refuse(byte[] bytes, Flow flow, SipParseException problem) {
        SipRequest salvaged = salvage(bytes);
        if (salvaged == null || SipMethods.ACK.equals(salvaged.method())) {
            counters.droppedMalformed.increment();
            log.debug("dropped malformed message from {}: {}", flow.remote(), problem.reason());
            return;
        }
        try {
            Via top = topViaOrNull(salvaged);
            ResponseBuilder b = ResponseBuilder.of(salvaged, problem.status(), problem.reason()).toTag(Tags.random());
            if (top != null) b.topVia(ReceivedParameters.apply(top, flow));
            SipTransport t = transport.get();
            ByteBuf out = b.writeTo(io.netty.buffer.PooledByteBufAllocator.DEFAULT.buffer(512));
            t.send(flow, out);
            counters.rejected.increment();
            log.debug("answered {} {} to {}", problem.status(), problem.reason(), flow.remote());
        } catch (RuntimeException e) {
            counters.droppedMalformed.increment();
            log.debug("dropped malformed request from {} (cannot answer: {})", flow.remote(), e.toString());
        }
    }

    /** The parsed top Via, or null when it is itself malformed (the raw lines are echoed then). */
    private static Via topViaOrNull(SipRequest r) {
        try {
            return r.topVia();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The request as far as it can be read, when it has the headers a response must copy. */
    private SipRequest salvage(byte[] bytes) {
        try {
            SipMessage m = salvageParser.parse(bytes, bytes.length);
            if (!(m instanceof SipRequest r)) return null;
            if (r.indexOf(io.midreg.sip.message.HeaderName.VIA) < 0 || r.callId() == null || r.header(io.midreg.sip.message.HeaderName.CSEQ) == null
                    || r.header(io.midreg.sip.message.HeaderName.FROM) == null || r.header(io.midreg.sip.message.HeaderName.TO) == null) {
                return null;
            }
            return r;
        } catch (SipParseException | RuntimeException e) {
            return null;
        }
    }
}
