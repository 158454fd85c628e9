package io.midreg.sip.transaction;

import static io.midreg.sip.transaction.TxFixtures.UDP_FLOW;
import static io.midreg.sip.transaction.TxFixtures.register;
import static io.midreg.sip.transaction.TxFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.transport.TransportProtocol;
import io.midreg.testing.VirtualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Copies of the same requests arriving on several event loops at once still reach the application once. */
@Timeout(30)
class ConcurrentDeliveryTest {
    @Test
    void copiesOnManyThreadsMakeOneTransactionEach() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        VirtualClock clock = new VirtualClock();
        RecordingTransport transport = new RecordingTransport(clock);
        TransactionLayer layer = new TransactionLayer(transport, VirtualTimeScheduler.on(clock), TimerConfig.defaults(), tx -> {
            seen.incrementAndGet();
            tx.sendResponse(200, "OK");
        });
        int threads = 8;
        int requests = 500;
        byte[][] copies = new byte[requests][];
        for (int i = 0; i < requests; i++) copies[i] = register("z9hG4bKconc" + i, TransportProtocol.UDP);

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (byte[] c : copies) layer.onRequest(request(c), UDP_FLOW);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> d : done) d.get(20, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen.get()).isEqualTo(requests);
        assertThat(layer.stats().serverCreated()).isEqualTo(requests);
        assertThat(layer.stats().retransmissionsReceived()).isEqualTo((long) requests * (threads - 1));
        assertThat(transport.responses().size()).isBetween(requests, requests * threads);
        assertThat(layer.serverTransactionCount()).isEqualTo(requests);
    }
}
