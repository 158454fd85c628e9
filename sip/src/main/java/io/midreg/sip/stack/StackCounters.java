package io.midreg.sip.stack;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts what the stack did with inbound messages; updated from every event loop. */
public final class StackCounters {
    final LongAdder requests = new LongAdder();
    final LongAdder responses = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder droppedMalformed = new LongAdder();
    final LongAdder framingErrors = new LongAdder();
    final LongAdder sent = new LongAdder();
    /** Answered malformed requests by the header at fault; keys are names the code knows, so the map stays small. */
    private final Map<String, LongAdder> rejectedByHeader = new ConcurrentHashMap<>();

    /** A malformed request answered with an error status; {@code header} is the header at fault, or null. */
    void answeredMalformed(String header) {
        rejected.increment();
        if (header != null) rejectedByHeader.computeIfAbsent(header, k -> new LongAdder()).increment();
    }

    public StackStats snapshot() {
        Map<String, Long> byHeader = new TreeMap<>();
        rejectedByHeader.forEach((h, n) -> byHeader.put(h, n.sum()));
        return new StackStats(requests.sum(), responses.sum(), rejected.sum(), droppedMalformed.sum(), framingErrors.sum(), sent.sum(),
                java.util.Collections.unmodifiableMap(byHeader));
    }
}
