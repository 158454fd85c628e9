package io.midreg.upstream.targets;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.transport.TransportProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The asynchronous, cached and bounded look-up of next-hop names, over a stand-in for DNS and a hand-moved clock. */
@Timeout(20)
class NextHopNamesTest {
    private static final NextHop PBX = new NextHop(TransportProtocol.UDP, new InetSocketAddress("192.0.2.5", 5060));

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger asked = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private NextHopNames names;

    private NextHopNames names(int threads, int pending, int entries) {
        names = new NextHopNames(q -> {
            asked.incrementAndGet();
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return switch (q.host()) {
                case "gone.test" -> throw new SipUriResolver.NotFound("gone.test does not exist");
                case "broken.test" -> throw new IOException("SERVFAIL");
                default -> new SipUriResolver.Found(List.of(PBX), 20);
            };
        }, now::get, threads, pending, entries);
        return names;
    }

    @AfterEach
    void close() {
        if (names != null) names.close();
    }

    private static NameQuery q(String host) {
        return new NameQuery(host, -1, null, false);
    }

    private NextHopNames.Result get(CompletableFuture<NextHopNames.Result> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAnswerIsKeptForItsTtlThenAskedAgain() throws Exception {
        names(1, 4, 16);
        assertThat(get(names.resolve(q("pbx.test"))).hops()).containsExactly(PBX);
        assertThat(names.resolve(q("PBX.test.")).isDone()).as("the same name, from the cache at once").isTrue();
        assertThat(asked).hasValue(1);
        now.addAndGet(20_001);
        assertThat(get(names.resolve(q("pbx.test"))).outcome()).isEqualTo(NextHopNames.Outcome.FOUND);
        assertThat(asked).hasValue(2);
    }

    @Test
    void aMissingNameIsKeptThirtySecondsAFailedLookUpNotAtAll() throws Exception {
        names(1, 4, 16);
        assertThat(get(names.resolve(q("gone.test"))).outcome()).isEqualTo(NextHopNames.Outcome.NOT_FOUND);
        assertThat(get(names.resolve(q("gone.test"))).outcome()).isEqualTo(NextHopNames.Outcome.NOT_FOUND);
        assertThat(asked).hasValue(1);
        assertThat(get(names.resolve(q("broken.test"))).outcome()).isEqualTo(NextHopNames.Outcome.FAILED);
        assertThat(get(names.resolve(q("broken.test"))).outcome()).isEqualTo(NextHopNames.Outcome.FAILED);
        assertThat(asked).hasValue(3);
    }

    @Test
    void oneLookUpPerNameAtATimeAndBeyondTheQueueBusyAtOnce() throws Exception {
        names(1, 1, 16);
        hold = new CountDownLatch(1);
        CompletableFuture<NextHopNames.Result> first = names.resolve(q("a.test"));
        CompletableFuture<NextHopNames.Result> same = names.resolve(q("a.test"));
        while (asked.get() == 0) Thread.onSpinWait(); // a.test runs, holding the one thread
        CompletableFuture<NextHopNames.Result> queued = names.resolve(q("b.test"));
        NextHopNames.Result refused = get(names.resolve(q("c.test")));
        assertThat(refused.outcome()).as("one running, one waiting: no room").isEqualTo(NextHopNames.Outcome.BUSY);
        hold.countDown();
        assertThat(get(first).outcome()).isEqualTo(NextHopNames.Outcome.FOUND);
        assertThat(get(same)).isSameAs(get(first));
        assertThat(get(queued).outcome()).isEqualTo(NextHopNames.Outcome.FOUND);
        assertThat(asked).as("a.test once, b.test once").hasValue(2);
    }

    @Test
    void theCacheNeverHoldsMoreThanItsBound() throws Exception {
        names(1, 4, 2);
        for (String h : List.of("a.test", "b.test", "c.test", "d.test")) get(names.resolve(q(h)));
        assertThat(names.cached()).isLessThanOrEqualTo(2);
    }
}
