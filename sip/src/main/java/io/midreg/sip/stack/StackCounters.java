package io.midreg.sip.stack;

import java.util.concurrent.atomic.LongAdder;

/** Counts what the stack did with inbound messages; updated from every event loop. */
public final class StackCounters {
    final LongAdder requests = new LongAdder();
    final LongAdder responses = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder droppedMalformed = new LongAdder();
    final LongAdder framingErrors = new LongAdder();
    final LongAdder sent = new LongAdder();

    public StackStats snapshot() {
        return new StackStats(requests.sum(), responses.sum(), rejected.sum(), droppedMalformed.sum(), framingErrors.sum(), sent.sum());
    }
}
