package io.midreg.sip.stack;

import io.midreg.sip.message.ParserConfig;
import io.midreg.sip.transport.NettySipTransport;
import io.midreg.sip.transport.SipTransport;
import io.midreg.sip.transport.TransportConfig;
import java.util.concurrent.CompletableFuture;

/**
 * The SIP stack assembled: Netty transports, the parser and validator, and a sink for
 * well-formed messages (normally the transaction layer).
 */
public final class SipStack implements AutoCloseable {
    private final StackCounters counters = new StackCounters();
    private final NettySipTransport transport;

    public SipStack(TransportConfig transportConfig, ParserConfig parserConfig, MessageSink sink) {
        InboundMessageProcessor processor = new InboundMessageProcessor(parserConfig, sink, this::transport, counters);
        this.transport = new NettySipTransport(transportConfig, processor);
    }

    public CompletableFuture<Void> start() {
        return transport.start();
    }

    public SipTransport transport() {
        return transport;
    }

    public StackStats stats() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        transport.close();
    }
}
