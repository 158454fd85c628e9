package io.midreg.sip.stack;

import io.midreg.sip.header.Via;
import io.midreg.sip.header.ViaParser;
import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.message.ResponseBuilder;
import io.midreg.sip.message.SipMessage;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipParseException;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.syntax.SipMethods;
import io.midreg.sip.transaction.ReceivedParameters;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.SipTransport;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the stack does with a message it cannot accept. A request is answered with the status
 * and reason phrase of its problem (RFC 3261 §8.2: 400 naming the bad header, 505, 513), on the
 * flow it came in on, when enough of it can be read to address a response: a method that is not
 * ACK (an ACK is never answered, §17.2.1) and a top Via whose sent-protocol and sent-by read
 * (§18.2.2: the response follows the top Via; the other headers a response copies are copied
 * when present, §8.2.6.2). A malformed response is discarded (§18.1.2), and so is a request
 * without that much. Everything is counted, and shown to the message tap so that a trace sees
 * what was refused and why. Nothing here throws.
 */
final class MalformedMessages {
    private static final Logger log = LoggerFactory.getLogger(MalformedMessages.class);

    private final SipMessageParser salvageParser;
    private final Supplier<SipTransport> transport;
    private final StackCounters counters;
    private final MessageTaps taps;

    MalformedMessages(ParserConfig config, Supplier<SipTransport> transport, StackCounters counters, MessageTaps taps) {
        this.salvageParser = SipMessageParser.forErrorResponses(config);
        this.transport = transport;
        this.counters = counters;
        this.taps = taps;
    }

    /** Answers or drops a message refused with {@code problem}. */
    void refuse(byte[] bytes, Flow flow, SipParseException problem) {
        MessageTap tap = taps.current();
        if (tap != null) tap.malformed(bytes, flow.remote(), problem.reason());
        SipRequest request = salvage(bytes);
        if (request == null || SipMethods.ACK.equals(request.method())) {
            drop(flow, problem.reason());
            return;
        }
        Via top = topViaOrNull(request);
        if (top == null && !topViaAddressable(request)) {
            drop(flow, problem.reason() + "; no usable Via to answer");
            return;
        }
        try {
            ResponseBuilder b = ResponseBuilder.of(request, problem.status(), problem.reason()).toTag(Tags.random());
            // a top Via that reads gets received/rport (RFC 3581); one that does not is echoed as it came
            if (top != null) b.topVia(ReceivedParameters.apply(top, flow));
            byte[] response = b.toBytes();
            if (tap != null) tap.outbound(response, flow.remote());
            transport.get().send(flow, Unpooled.wrappedBuffer(response));
            counters.answeredMalformed(problem.header());
            log.debug("answered {} {} to {}", problem.status(), problem.reason(), flow.remote());
        } catch (RuntimeException e) {
            drop(flow, problem.reason() + "; cannot answer: " + e);
        }
    }

    /** Counts a message that could not be parsed or validated for a reason of its own making. */
    void drop(Flow flow, String why) {
        counters.droppedMalformed.increment();
        log.debug("dropped malformed message from {}: {}", flow.remote(), why);
    }

    /** The request as far as it can be read, or null for a response or bytes without a Request-Line. */
    private SipRequest salvage(byte[] bytes) {
        try {
            SipMessage m = salvageParser.parse(bytes, bytes.length);
            return m instanceof SipRequest r ? r : null;
        } catch (SipParseException | RuntimeException e) {
            return null;
        }
    }

    private static Via topViaOrNull(SipRequest r) {
        try {
            return r.topVia();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether the first Via value reads up to its sent-by, though a parameter or a later value
     * is malformed (RFC 4475's badinv01: empty parameter slots), so the client's Via can be
     * echoed and a response reaches it.
     */
    private static boolean topViaAddressable(SipRequest r) {
        String first = r.header(HeaderName.VIA);
        if (first == null) return false;
        int cut = first.length();
        for (int i = 0; i < first.length(); i++) {
            char c = first.charAt(i);
            if (c == ';' || c == ',') {
                cut = i;
                break;
            }
        }
        byte[] sentBy = first.substring(0, cut).getBytes(StandardCharsets.ISO_8859_1);
        try {
            ViaParser.parseOne(sentBy, 0, sentBy.length);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
