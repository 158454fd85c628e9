package io.midreg.admin;

import io.midreg.proxy.dialog.DialogListener;
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
 * traced message's Call-ID (the REGISTER relayed upstream and its answer, both legs of a call).
 * An AOR trace takes the messages whose To or From is the AOR, and every message of a call the
 * proxy routes to or from one of its devices ({@link DialogListener}): a PBX calls a device at
 * its token Contact, so neither To nor From need name the AOR. The INVITE that starts such a
 * call arrives before the proxy knows whose it is; while a trace is on the last few unmatched
 * INVITEs are kept, and the one that started a traced call is logged when the call is known.
 */
final class SipTracer implements MessageTap, DialogListener {
    static final String LOGGER = "midreg.trace";
    private static final Logger trace = LoggerFactory.getLogger(LOGGER);
    private static final int MAX_CALL_IDS = 1000;
    /** Unmatched INVITEs kept while tracing, for the call the proxy finds is the traced AOR's. */
    private static final int RECENT_INVITES = 64;

    private final MessageTaps taps;
    private final LongSupplier clock;
    private final UnaryOperator<String> normalizeAor;
    private volatile TraceFilter filter;
    private final Set<String> callIds = ConcurrentHashMap.newKeySet();
    /** Call-ID → the INVITE as received ("in from" line and text), oldest dropped first; only while tracing. */
    private final java.util.LinkedHashMap<String, String> recentInvites = new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, String> eldest) {
            return size() > RECENT_INVITES;
        }
    };

    SipTracer(MessageTaps taps, LongSupplier clock, UnaryOperator<String> normalizeAor) {
        this.taps = taps;
        this.clock = clock;
        this.normalizeAor = normalizeAor;
    }

    synchronized void start(TraceFilter f) {
        callIds.clear();
        forgetInvites();
        filter = f;
        taps.set(this);
        trace.info("trace on: {} until {}", f.describe(), java.time.Instant.ofEpochMilli(f.untilMillis()));
    }

    synchronized void stop(String why) {
        TraceFilter f = filter;
        taps.set(null);
        filter = null;
        callIds.clear();
        forgetInvites();
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
            String line = String.format("%s %s:%d (%d bytes)%n%s", direction, remote.getAddress().getHostAddress(), remote.getPort(),
                    message.length, text);
            if (!matches(f, text, remote)) {
                if (f.aor() != null && direction.startsWith("in") && text.startsWith("INVITE ")) remember(text, line);
                return;
            }
            trace.info("{}", line);
        } catch (RuntimeException e) {
            // Tracing must never disturb the message it looks at.
            LoggerFactory.getLogger(SipTracer.class).debug("trace failed: {}", e.toString());
        }
    }

    private boolean matches(TraceFilter f, String text, InetSocketAddress remote) {
        String callId = SipHeaderScan.callId(text);
        if (f.aor() != null) {
            if (callId != null && callIds.contains(callId)) return true;
            return isAor(f, SipHeaderScan.toUri(text)) || isAor(f, SipHeaderScan.fromUri(text));
        }
        if (f.matchesSource(remote)) {
            if (callId != null && callIds.size() < MAX_CALL_IDS) callIds.add(callId);
            return true;
        }
        return callId != null && callIds.contains(callId);
    }

    private boolean isAor(TraceFilter f, String uri) {
        try {
            return uri != null && f.aor().equals(normalizeAor.apply(uri));
        } catch (RuntimeException notAnAor) {
            return false;
        }
    }

    private void remember(String text, String line) {
        String callId = SipHeaderScan.callId(text);
        if (callId == null) return;
        synchronized (recentInvites) {
            recentInvites.put(callId, line);
        }
    }

    private void forgetInvites() {
        synchronized (recentInvites) {
            recentInvites.clear();
        }
    }

    /** A call of the traced AOR: its messages are traced from now on, and the INVITE that started it is logged. */
    @Override
    public void created(io.midreg.proxy.dialog.Dialog dialog) {
        TraceFilter f = filter;
        if (f == null || f.aor() == null || !f.aor().equals(dialog.aor())) return;
        if (callIds.size() < MAX_CALL_IDS) callIds.add(dialog.callId());
        String invite;
        synchronized (recentInvites) {
            invite = recentInvites.remove(dialog.callId());
        }
        if (invite != null) trace.info("{}", invite);
    }
}
