package io.midreg.upstream.health;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageBuilder;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transaction.ClientTransaction;
import io.midreg.sip.transaction.ClientTransactionListener;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.sip.transport.TransportProtocol;
import java.net.InetSocketAddress;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an OPTIONS to an upstream target whose {@link CircuitBreaker} is open, when the breaker
 * says a probe is due, and reports the answer to it. Run it often (every 100 ms or so) from a
 * scheduler thread: a run that finds nothing due costs a lock and a comparison. The OPTIONS goes
 * in a client transaction of the {@link TransactionLayer}; nothing here waits for it.
 */
public final class OptionsProber implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(OptionsProber.class);

    /**
     * The target and its breaker probed now (a reload may change the target, and with it the breaker).
     *
     * @param protocol   transport to the target
     * @param address    the target's address
     * @param advertised host:port midreg puts in its Via and From towards the target
     */
    public record Probed(TransportProtocol protocol, InetSocketAddress address, String advertised, CircuitBreaker breaker) {
    }

    private final TransactionLayer transactions;
    private final Supplier<java.util.List<Probed>> probed;
    private final LongSupplier clock;

    /** @param probed what to probe, or null (or a supplier returning null) for nothing */
    public OptionsProber(TransactionLayer transactions, Supplier<Probed> probed, LongSupplier clock) {
        this(clock, transactions, () -> {
            Probed p = probed == null ? null : probed.get();
            return p == null ? java.util.List.of() : java.util.List.of(p);
        });
    }

    private OptionsProber(LongSupplier clock, TransactionLayer transactions, Supplier<java.util.List<Probed>> probed) {
        this.transactions = transactions;
        this.probed = probed;
        this.clock = clock;
    }

    /** Probes each of several targets (the list in force at each run), each by its own breaker. */
    public static OptionsProber ofEach(TransactionLayer transactions, Supplier<java.util.List<Probed>> probed, LongSupplier clock) {
        return new OptionsProber(clock, transactions, probed);
    }

    @Override
    public void run() {
        try {
            probe();
        } catch (RuntimeException e) {
            // a scheduler stops a periodic task that throws: the prober must outlive one bad run
            log.warn("OPTIONS prober failed", e);
        }
    }

    private void probe() {
        for (Probed p : probed.get()) probe(p);
    }

    private void probe(Probed p) {
        if (!p.breaker().probeDue(clock.getAsLong())) return;
        CircuitBreaker breaker = p.breaker();
        AtomicBoolean done = new AtomicBoolean();
        try {
            transactions.sendRequest(options(p), null, p.protocol(), p.address(), new ClientTransactionListener() {
                @Override
                public void onResponse(ClientTransaction tx, SipResponse response) {
                    if (response.status() >= 200 && done.compareAndSet(false, true)) {
                        breaker.probeAnswered(response.status(), RetryAfter.seconds(response));
                    }
                }

                @Override
                public void onTimeout(ClientTransaction tx) {
                    if (done.compareAndSet(false, true)) breaker.probeFailed(UpstreamFailure.timeout());
                }

                @Override
                public void onTransportError(ClientTransaction tx, Throwable cause) {
                    if (done.compareAndSet(false, true)) breaker.probeFailed(UpstreamFailure.transport());
                }
            });
        } catch (RuntimeException e) {
            log.debug("OPTIONS probe to {} not sent: {}", p.address(), e.toString());
            if (done.compareAndSet(false, true)) breaker.probeFailed(UpstreamFailure.transport());
        }
    }

    /** An OPTIONS to the target's address, from midreg as it names itself there. */
    SipRequest options(Probed target) {
        String host = target.address().getAddress() != null ? target.address().getAddress().getHostAddress() : target.address().getHostString();
        if (host.indexOf(':') >= 0) host = "[" + host + "]";
        String uri = "sip:" + host + ":" + target.address().getPort();
        String branch = transactions.branches().newBranch();
        return MessageBuilder.request("OPTIONS", uri)
                .header(HeaderName.VIA, "SIP/2.0/" + target.protocol().viaToken() + " " + target.advertised() + ";branch=" + branch + ";rport")
                .header(HeaderName.MAX_FORWARDS, "70")
                .header(HeaderName.FROM, "<sip:midreg@" + target.advertised() + ">;tag=" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()))
                .header(HeaderName.TO, "<" + uri + ">")
                .header(HeaderName.CALL_ID, UUID.randomUUID() + "@midreg")
                .header(HeaderName.CSEQ, "1 OPTIONS")
                .header("Accept", "application/sdp")
                .header("User-Agent", "midreg")
                .buildRequest();
    }
}
