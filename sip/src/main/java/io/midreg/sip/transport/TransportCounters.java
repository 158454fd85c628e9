package io.midreg.sip.transport;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Live counters behind {@link TransportStats}; LongAdders because every event loop bumps them. */
final class TransportCounters {
    final LongAdder datagramsIn = new LongAdder();
    final LongAdder datagramsOut = new LongAdder();
    final LongAdder datagramsDropped = new LongAdder();
    final LongAdder udpKeepAlives = new LongAdder();
    final LongAdder nonSipDatagrams = new LongAdder();
    final LongAdder streamMessagesIn = new LongAdder();
    final LongAdder streamMessagesOut = new LongAdder();
    final LongAdder keepAlivesAnswered = new LongAdder();
    final LongAdder connectionsOpened = new LongAdder();
    private final Map<FramingErrorReason, LongAdder> framingErrors = new EnumMap<>(FramingErrorReason.class);

    TransportCounters() {
        for (FramingErrorReason reason : FramingErrorReason.values()) {
            framingErrors.put(reason, new LongAdder());
        }
    }

    void framingError(FramingErrorReason reason) {
        framingErrors.get(reason).increment();
    }

    TransportStats snapshot(int connectionsOpen) {
        Map<FramingErrorReason, Long> errors = new EnumMap<>(FramingErrorReason.class);
        framingErrors.forEach((reason, count) -> errors.put(reason, count.sum()));
        return new TransportStats(datagramsIn.sum(), datagramsOut.sum(), datagramsDropped.sum(),
                udpKeepAlives.sum(), nonSipDatagrams.sum(), streamMessagesIn.sum(), streamMessagesOut.sum(), errors,
                keepAlivesAnswered.sum(), connectionsOpened.sum(), connectionsOpen);
    }
}
