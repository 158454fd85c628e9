package io.midreg.admin;

import io.midreg.sip.stack.MessageTap;
import io.midreg.sip.stack.MessageTaps;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Run-time SIP message tracing for one AOR or one source address, logged at INFO on the
 * {@code midreg.trace} logger with the full message text (the only place bodies are logged).
 * It is installed in the stack's {@link MessageTaps} only while a trace is on, so the hot path
 * pays one volatile read otherwise. A source trace also follows the messages that share a
 * traced message's Call-ID (the REGISTER relayed upstream and its answer).
 */
final class SipTracer implements MessageTap {
    static final String LOGGER = "midreg.trace";
    private static final Logger trace = LoggerFactory.getLogger(LOGGER);
    private static final int MAX_CALL_IDS = 1000;

    private final MessageTaps taps;
    private final LongSupplier clock;
    private final UnaryOperator<String> normalizeAor;
    private volatile TraceFilter filter;
    private final Set<String> callIds = ConcurrentHashMap.newKeySet();

    SipTracer(MessageTaps taps, LongSupplier clock, UnaryOperator<String> normalizeAor) {
        this.taps = taps;
        this.clock = clock;
        this.normalizeAor = normalizeAor;
    }

    synchronized void start(TraceFilter f) {
        callIds.clear();
        filter = f;
        taps.set(this);
        trace.info("trace on: {} until {}", f.describe(), java.time.Instant.ofEpochMilli(f.untilMillis()));
    }

    synchronized void stop(String why) {
        TraceFilter f = filter;
        taps.set(null);
        filter = null;
        callIds.clear();
        if (f != null) trace.info("trace off ({}): {}", why, f.describe());
    }

    /** The active trace, or null; one that ran out is switched off here. */
    TraceFilter current() {
        TraceFilter f = filter;
        if (f != null && clock.getAsLong() >= f.untilMillis()) {
            stop("time limit reached");
            return null;
        }
        return f;
    }

    @Override
    public void inbound(byte[] message, InetSocketAddress remote) {
        log("in from", message, remote);
    }

    @Override
    public void malformed(byte[] message, InetSocketAddress remote, String problem) {
        log("in (malformed: " + problem + ") from", message, remote);
    }

    @Override
    public void outbound(byte[] message, InetSocketAddress remote) {
        log("out to", message, remote);
    }

    private void log(String direction, byte[] message, InetSocketAddress remote) {
        try {
            TraceFilter f = current();
            if (f == null) return;
            String text = new String(message, StandardCharsets.UTF_8);
            if (!matches(f, text, remote)) return;
            trace.info("{} {}:{} ({} bytes)\n{}", direction, remote.getAddress().getHostAddress(), remote.getPort(), message.length, text);
        } catch (RuntimeException e) {
            // Tracing must never disturb the message it looks at.
            LoggerFactory.getLogger(SipTracer.class).debug("trace failed: {}", e.toString());
        }
    }

    private boolean matches(TraceFilter f, String text, InetSocketAddress remote) {
        if (f.aor() != null) {
            String to = SipHeaderScan.toUri(text);
            return to != null && f.aor().equals(normalizeAor.apply(to));
        }
        String callId = SipHeaderScan.callId(text);
        if (f.matchesSource(remote)) {
            if (callId != null && callIds.size() < MAX_CALL_IDS) callIds.add(callId);
            return true;
        }
        return callId != null && callIds.contains(callId);
    }
}
