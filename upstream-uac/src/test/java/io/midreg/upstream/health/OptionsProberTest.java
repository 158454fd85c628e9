package io.midreg.upstream.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.message.HeaderName;
import io.midreg.sip.message.MessageBuilder;
import io.midreg.sip.message.SipMessageParser;
import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import io.midreg.sip.transaction.TimerConfig;
import io.midreg.sip.transaction.TimerScheduler;
import io.midreg.sip.transaction.TransactionLayer;
import io.midreg.sip.transaction.TransactionTransport;
import io.midreg.sip.transport.Flow;
import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.VirtualClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The prober over a real transaction layer with an in-memory transport and virtual timers. */
class OptionsProberTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5060);
    private static final InetSocketAddress UPSTREAM = new InetSocketAddress("127.0.0.1", 5070);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final VirtualClock clock = new VirtualClock();
    private final TimerScheduler timers = (task, delay) -> clock.schedule(task, delay)::cancel;
    private final List<byte[]> sent = new CopyOnWriteArrayList<>();
    private volatile boolean failSends;
    private final TransactionTransport transport = new TransactionTransport() {
        @Override
        public void sendResponse(Flow flow, byte[] response) {
        }

        @Override
        public CompletableFuture<Flow> sendRequest(byte[] request, Flow flowOrNull, TransportProtocol protocol, InetSocketAddress destination) {
            if (failSends) return CompletableFuture.failedFuture(new java.io.IOException("unreachable"));
            sent.add(request);
            return CompletableFuture.completedFuture(new Flow(protocol, LOCAL, destination, 0));
        }
    };
    private final TransactionLayer layer = new TransactionLayer(transport, timers, TimerConfig.defaults(), tx -> {
    });
    private final CircuitBreaker breaker = new CircuitBreaker("t", new BreakerSettings(1, Duration.ofSeconds(2), Duration.ofSeconds(8), Duration.ZERO),
            now::get, len -> 0);
    private final OptionsProber prober = new OptionsProber(layer, () -> new OptionsProber.Probed(TransportProtocol.UDP, UPSTREAM, "127.0.0.1:5060", breaker), now::get);

    private SipRequest lastSent() throws Exception {
        byte[] b = sent.get(sent.size() - 1);
        return (SipRequest) new SipMessageParser().parse(b.clone(), b.length);
    }

    private void answer(SipRequest probe, int status) {
        SipResponse r = MessageBuilder.response(status, "X")
                .header(HeaderName.VIA, probe.header("Via"))
                .header(HeaderName.FROM, probe.header("From"))
                .header(HeaderName.TO, probe.header("To") + ";tag=up")
                .header(HeaderName.CALL_ID, probe.header("Call-ID"))
                .header(HeaderName.CSEQ, probe.header("CSeq"))
                .buildResponse();
        layer.onResponse(r, new Flow(TransportProtocol.UDP, LOCAL, UPSTREAM, 0));
    }

    @Test
    void sendsNothingWhileClosedOrBeforeTheSpellEnds() {
        prober.run();
        breaker.failed(UpstreamFailure.timeout());
        now.addAndGet(1999);
        prober.run();
        assertThat(sent).isEmpty();
    }

    @Test
    void probesOnceAtTheEndOfTheSpellAndAnAnswerHalfOpens() throws Exception {
        breaker.failed(UpstreamFailure.timeout());
        now.addAndGet(2000);
        prober.run();
        prober.run();
        assertThat(sent).as("one probe at a time").hasSize(1);
        SipRequest probe = lastSent();
        assertThat(probe.method()).isEqualTo("OPTIONS");
        assertThat(probe.startLine()).startsWith("OPTIONS sip:127.0.0.1:5070 SIP/2.0");
        assertThat(probe.header("Via")).startsWith("SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK");
        assertThat(probe.header("CSeq")).isEqualTo("1 OPTIONS");
        answer(probe, 404);
        assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(breaker.probes()).isEqualTo(1);
    }

    @Test
    void anUnansweredProbeTimesOutAndOpensALongerSpell() throws Exception {
        breaker.failed(UpstreamFailure.timeout());
        now.addAndGet(2000);
        prober.run();
        now.addAndGet(32_000);
        clock.advanceBy(Duration.ofSeconds(33)); // timer F
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.availableAgainAt(now.get()) - now.get()).isEqualTo(4000);
        now.addAndGet(4000);
        prober.run();
        assertThat(breaker.probes()).isEqualTo(2);
    }

    @Test
    void a503WithRetryAfterToTheProbeIsHonoured() throws Exception {
        breaker.failed(UpstreamFailure.timeout());
        now.addAndGet(2000);
        prober.run();
        SipRequest probe = lastSent();
        SipResponse r = MessageBuilder.response(503, "Service Unavailable")
                .header(HeaderName.VIA, probe.header("Via")).header(HeaderName.FROM, probe.header("From"))
                .header(HeaderName.TO, probe.header("To") + ";tag=up").header(HeaderName.CALL_ID, probe.header("Call-ID"))
                .header(HeaderName.CSEQ, probe.header("CSeq")).header("Retry-After", "20").buildResponse();
        layer.onResponse(r, new Flow(TransportProtocol.UDP, LOCAL, UPSTREAM, 0));
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        now.addAndGet(19_999);
        prober.run();
        assertThat(sent).hasSize(1);
        now.addAndGet(1);
        prober.run();
        assertThat(sent).hasSize(2);
    }

    @Test
    void aTransportFailureCountsAsAFailedProbe() {
        breaker.failed(UpstreamFailure.timeout());
        now.addAndGet(2000);
        failSends = true;
        prober.run();
        assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
        assertThat(breaker.availableAgainAt(now.get()) - now.get()).as("a longer spell").isEqualTo(4000);
    }
}
