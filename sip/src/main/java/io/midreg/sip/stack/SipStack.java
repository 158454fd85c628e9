package io.midreg.sip.stack;

import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.transaction.WheelTimerScheduler;
import io.midreg.sip.transaction.ServerTransactionUser;
import io.midreg.sip.transaction.StrayResponseHandler;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.sip.transport.NettySipTransport;
import io.midreg.sip.transport.SipTransport;
import io.midreg.sip.transport.TransportConfig;
import java.util.concurrent.CompletableFuture;

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
    private final MessageTaps taps = new MessageTaps();
    private final FlowEvents flowEvents = new FlowEvents();
    private final NettySipTransport transport;
    private final TransactionLayer transactions;
    private final WheelTimerScheduler timers;
    /** Processing threads, one per event loop, fed by Call-ID (see InboundMessageProcessor). */
    private final io.netty.channel.EventLoopGroup workerGroup;

    /** A stack that hands validated messages straight to {@code sink} (no transactions). */
    public SipStack(TransportConfig transportConfig, ParserConfig parserConfig, MessageSink sink) {
        this.transactions = null;
        this.timers = null;
        this.workerGroup = null;
        this.transport = new NettySipTransport(transportConfig, new InboundMessageProcessor(parserConfig, sink, this::transport, counters, null, taps));
    }

    private SipStack(TransportConfig transportConfig, ParserConfig parserConfig, TimerConfig timerConfig, int workerThreads,
                     ServerTransactionUser user, StrayResponseHandler stray) {
        if (workerThreads < 0) throw new IllegalArgumentException("workerThreads must be >= 0, got " + workerThreads);
        // Timers only schedule and send, never block: one wheel thread carries them all.
        this.timers = new WheelTimerScheduler("sip-timers");
        this.transactions = new TransactionLayer(new TransportAdapter(this::transport, counters, taps), timers, timerConfig, user, stray);
        java.util.concurrent.Executor[] workers = null;
        if (workerThreads == 0) {
            this.workerGroup = null;
        } else {
            this.workerGroup = new io.netty.channel.DefaultEventLoopGroup(workerThreads,
                    new io.netty.util.concurrent.DefaultThreadFactory("sip-worker", true));
            workers = new java.util.concurrent.Executor[workerThreads];
            java.util.Iterator<io.netty.util.concurrent.EventExecutor> it = workerGroup.iterator();
            for (int i = 0; i < workerThreads; i++) workers[i] = it.next();
        }
        this.transport = new NettySipTransport(transportConfig,
                new InboundMessageProcessor(parserConfig, new TransactionSink(transactions, flowEvents), this::transport, counters, workers, taps));
    }

    /**
     * A stack with the transaction layer: retransmissions absorbed, timers run, responses matched.
     * Messages are processed on worker threads chosen by Call-ID, one per event loop.
     */
    public static SipStack withTransactions(TransportConfig transportConfig, ParserConfig parserConfig, TimerConfig timerConfig,
                                            ServerTransactionUser user, StrayResponseHandler stray) {
        return new SipStack(transportConfig, parserConfig, timerConfig, transportConfig.effectiveEventLoops(), user, stray);
    }

    /**
     * As above with {@code workerThreads} processing threads; 0 processes each message on the
     * event loop that received it (no thread hop in or out: cheapest per message, but all the
     * traffic of one source port stays on one core, since SO_REUSEPORT hashes by source).
     */
    public static SipStack withTransactions(TransportConfig transportConfig, ParserConfig parserConfig, TimerConfig timerConfig,
                                            int workerThreads, ServerTransactionUser user, StrayResponseHandler stray) {
        return new SipStack(transportConfig, parserConfig, timerConfig, workerThreads, user, stray);
    }

    public CompletableFuture<Void> start() {
        return transport.start();
    }

    public SipTransport transport() {
        return transport;
    }

    /**
     * The transport for messages the application sends outside transactions (a proxy's
     * stateless ACK): counted and traced like the transactions' own.
     */
    public SipTransport statelessTransport() {
        return new TappedTransport(transport, taps, counters);
    }

    /** The timer wheel the transactions run on, for the application's own short timers (timer C); null for a raw-sink stack. */
    public io.midreg.sip.transaction.TimerScheduler timers() {
        return timers;
    }

    /** The transaction layer, or null for a raw-sink stack. */
    public TransactionLayer transactions() {
        return transactions;
    }

    /**
     * Where the application subscribes to flow events (a connection closed, a keep-alive seen).
     * Published by the transaction stack; a raw-sink stack gives them to its sink instead.
     */
    public FlowEvents flowEvents() {
        return flowEvents;
    }

    /** Where a run-time message tracer plugs in (see {@link MessageTap}). */
    public MessageTaps taps() {
        return taps;
    }

    public StackStats stats() {
        return counters.snapshot();
    }

    /**
     * Closes the transports, then waits (bounded) for the worker threads and the timer thread to
     * finish what they were running: once this returns, nothing of the stack calls the layer above
     * any more, so a caller may close what that layer writes to (the binding store).
     */
    @Override
    public void close() {
        transport.close();
        if (workerGroup != null) {
            io.netty.util.concurrent.Future<?> done = workerGroup.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
            if (!inWorker()) done.awaitUninterruptibly(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (timers != null) timers.close(); // joins the timer thread
    }

    private boolean inWorker() {
        for (io.netty.util.concurrent.EventExecutor e : workerGroup) {
            if (e.inEventLoop()) return true;
        }
        return false;
    }
}
