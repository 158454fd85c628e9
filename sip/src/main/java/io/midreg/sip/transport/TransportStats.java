package io.midreg.sip.transport;

import java.util.Map;

/**
 * A snapshot of the transport's counters, all totals since start except {@link #connectionsOpen()}.
 *
 * @param datagramsIn datagrams handed to the layer above
 * @param datagramsOut datagrams written
 * @param datagramsDropped datagrams dropped for being empty or over the maximum size
 * @param udpKeepAlives datagrams holding only CRLFs, dropped silently
 * @param nonSipDatagrams datagrams handed to the {@link NonSipDatagramHandler} (STUN and the like)
 * @param streamMessagesIn stream messages framed and handed to the layer above
 * @param streamMessagesOut stream messages written
 * @param framingErrors stream framing errors by reason (every reason present, zeros included)
 * @param keepAlivesAnswered CRLFCRLF pings answered with a CRLF pong
 * @param connectionsOpened TCP/TLS connections accepted or connected
 * @param connectionsOpen TCP/TLS connections open now
 */
public record TransportStats(
        long datagramsIn,
        long datagramsOut,
        long datagramsDropped,
        long udpKeepAlives,
        long nonSipDatagrams,
        long streamMessagesIn,
        long streamMessagesOut,
        Map<FramingErrorReason, Long> framingErrors,
        long keepAlivesAnswered,
        long connectionsOpened,
        int connectionsOpen) {

    public TransportStats {
        framingErrors = Map.copyOf(framingErrors);
    }

    /** Framing errors of all reasons. */
    public long framingErrorsTotal() {
        return framingErrors.values().stream().mapToLong(Long::longValue).sum();
    }
}
