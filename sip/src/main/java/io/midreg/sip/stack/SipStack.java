package io.midreg.sip.stack;

import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.transaction.ExecutorTimerScheduler;
import io.midreg.sip.transaction.ServerTransactionUser;
import io.midreg.sip.transaction.StrayResponseHandler;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.sip.transport.NettySipTransport;
import io.midreg.sip.transport.SipTransport;
import io.midreg.sip.transport.TransportConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The SIP stack assembled: Netty transports, the parser and validator, and above them either the
 * RFC 3261 transaction layer (the normal case) or a raw {@link MessageSink}.
 *
 * <pre>{@code
 * SipStack stack = SipStack.withTransactions(transportConfig, ParserConfig.defaults(), TimerConfig.defaults(), app, stray);
 * stack.start().join();
 * }</pre>
 */
public final class SipStack implements AutoCloseable {
    private final StackCounters counters = new StackCounters();
    private final NettySipTransport transport;
    private final TransactionLayer transactions;
    private final ScheduledExecutorService timers;

    /** A stack that hands validated messages straight to {@code sink} (no transactions). */
    public SipStack(TransportConfig transportConfig, ParserConfig parserConfig, MessageSink sink) {
        this.transactions = null;
        this.timers = null;
        this.transport = new NettySipTransport(transportConfig, new InboundMessageProcessor(parserConfig, sink, this::transport, counters));
    }

    private SipStack(TransportConfig transportConfig, ParserConfig parserConfig, TimerConfig timerConfig,
                     ServerTransactionUser user, StrayResponseHandler stray) {
        // Timers only schedule and send, never block: one thread carries them all.
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sip-timers");
            t.setDaemon(true);
            return t;
        });
        this.transactions = new TransactionLayer(new TransportAdapter(this::transport), new ExecutorTimerScheduler(timers), timerConfig, user, stray);
        this.transport = new NettySipTransport(transportConfig,
                new InboundMessageProcessor(parserConfig, new TransactionSink(transactions), this::transport, counters));
    }

    /** A stack with the transaction layer: retransmissions absorbed, timers run, responses matched. */
    public static SipStack withTransactions(TransportConfig transportConfig, ParserConfig parserConfig, TimerConfig timerConfig,
                                            ServerTransactionUser user, StrayResponseHandler stray) {
        return new SipStack(transportConfig, parserConfig, timerConfig, user, stray);
    }

    public CompletableFuture<Void> start() {
        return transport.start();
    }

    public SipTransport transport() {
        return transport;
    }

    /** The transaction layer, or null for a raw-sink stack. */
    public TransactionLayer transactions() {
        return transactions;
    }

    public StackStats stats() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        transport.close();
        if (timers != null) timers.shutdownNow();
    }
}
