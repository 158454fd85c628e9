package io.midreg.sip.transaction;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the transaction layer; cheap to update from many threads, read for metrics. */
public final class TransactionStats {
    private final LongAdder serverCreated = new LongAdder();
    private final LongAdder clientCreated = new LongAdder();
    private final LongAdder retransmissionsReceived = new LongAdder();
    private final LongAdder retransmissionsSent = new LongAdder();
    private final LongAdder timeouts = new LongAdder();

    /** A point-in-time copy of the counters. */
    public record Snapshot(long serverCreated, long clientCreated, long retransmissionsReceived,
                           long retransmissionsSent, long timeouts) {
    }

    public long serverCreated() {
        return serverCreated.sum();
    }

    public long clientCreated() {
        return clientCreated.sum();
    }

    /** Requests or responses that matched a transaction and were absorbed or answered by replay. */
    public long retransmissionsReceived() {
        return retransmissionsReceived.sum();
    }

    /** Requests or responses re-sent on a timer or in answer to a retransmission. */
    public long retransmissionsSent() {
        return retransmissionsSent.sum();
    }

    /** Timers B, F and H that fired. */
    public long timeouts() {
        return timeouts.sum();
    }

    public Snapshot snapshot() {
        return new Snapshot(serverCreated(), clientCreated(), retransmissionsReceived(), retransmissionsSent(), timeouts());
    }

    void countServerCreated() {
        serverCreated.increment();
    }

    void countClientCreated() {
        clientCreated.increment();
    }

    void countRetransmissionReceived() {
        retransmissionsReceived.increment();
    }

    void countRetransmissionSent() {
        retransmissionsSent.increment();
    }

    void countTimeout() {
        timeouts.increment();
    }
}
