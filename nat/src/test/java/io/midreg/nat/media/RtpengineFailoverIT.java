package io.midreg.nat.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.nat.media.ng.NgClient;
import io.midreg.nat.media.ng.NgClientConfig;
import io.midreg.nat.media.ng.NgException;
import io.midreg.nat.media.ng.NgTimeoutException;
import io.midreg.nat.media.ng.OfferRequest;
import io.midreg.nat.media.ng.QueryRequest;
import io.midreg.nat.media.ng.SdpResult;
import io.midreg.sip.transaction.WheelTimerScheduler;
import io.midreg.testing.Rtpengine;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two real rtpengine-daemons as one set: one is stopped by its PID, then started again on its port. */
class RtpengineFailoverIT {
    private static final byte[] SDP = ("v=0\r\no=- 1 1 IN IP4 192.168.1.5\r\ns=-\r\nc=IN IP4 192.168.1.5\r\nt=0 0\r\n"
            + "m=audio 4000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n").getBytes(StandardCharsets.US_ASCII);

    private Rtpengine first;
    private Rtpengine second;
    private NgClient client;
    private WheelTimerScheduler timers;
    private RtpengineSet set;
    private final AtomicInteger roundRobin = new AtomicInteger();

    @BeforeEach
    void start() {
        first = Rtpengine.start();
        second = Rtpengine.start();
        client = NgClient.open(NgClientConfig.DEFAULT.withLocalAddress(new InetSocketAddress("127.0.0.1", 0))
                .withRetransmission(Duration.ofMillis(100), 3)).join();
        timers = new WheelTimerScheduler("rtpengine-set-test");
    }

    @AfterEach
    void stop() {
        if (set != null) set.close();
        if (timers != null) timers.close();
        if (client != null) client.close();
        if (first != null) first.close();
        if (second != null) second.close();
    }

    private RtpengineSet startSet(Duration pingInterval) {
        set = new RtpengineSet(new RtpengineSetConfig(List.of(new RtpengineInstanceConfig(first.ngAddress(), 1),
                new RtpengineInstanceConfig(second.ngAddress(), 1)), pingInterval), client, timers,
                bound -> roundRobin.getAndIncrement() % bound);
        set.start();
        return set;
    }

    private RtpengineInstance instance(Rtpengine r) {
        return set.instances().stream().filter(i -> i.address().equals(r.ngAddress())).findFirst().orElseThrow();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 15 s: " + what);
            Thread.sleep(20);
        }
    }

    private SdpResult offer(String callId) throws Exception {
        return set.offer(OfferRequest.of(callId, "ft-" + callId, SDP)).get(10, TimeUnit.SECONDS);
    }

    private InetSocketAddress home(String callId) {
        return set.instanceOf(callId).orElseThrow().address();
    }

    @Test
    void newCallsGoToTheOtherInstanceWhileOneIsStoppedAndBackWhenItAnswersAgain() throws Exception {
        startSet(Duration.ofMillis(200));
        await("both answer their pings", () -> instance(first).health() == InstanceHealth.UP && instance(second).health() == InstanceHealth.UP);
        for (int i = 0; i < 4; i++) offer("before-" + i);
        assertThat(List.of(home("before-0"), home("before-1"), home("before-2"), home("before-3")))
                .containsOnly(first.ngAddress(), second.ngAddress()).contains(first.ngAddress(), second.ngAddress());
        String onFirst = home("before-0").equals(first.ngAddress()) ? "before-0" : "before-1";

        int port = first.ngAddress().getPort();
        first.stop();
        await("the stopped one is marked down", () -> instance(first).health() == InstanceHealth.DOWN);
        for (int i = 0; i < 6; i++) {
            offer("during-" + i);
            assertThat(home("during-" + i)).isEqualTo(second.ngAddress());
        }
        assertThat(set.query(QueryRequest.of("during-0")).get(10, TimeUnit.SECONDS).parties()).isNotEmpty();
        // a call stays on its instance: its requests go to the stopped one and time out there, they do not move
        Throwable stuck = set.query(QueryRequest.of(onFirst)).handle((r, t) -> t).get(10, TimeUnit.SECONDS);
        assertThat(NgException.of(stuck)).get().isInstanceOf(NgTimeoutException.class)
                .extracting(NgException::rtpengine).isEqualTo(first.ngAddress());
        assertThat(home(onFirst)).isEqualTo(first.ngAddress());

        first.close();
        first = Rtpengine.start(port);
        await("the restarted one answers again", () -> instance(first).health() == InstanceHealth.UP);
        for (int i = 0; i < 4; i++) offer("after-" + i);
        assertThat(List.of(home("after-0"), home("after-1"), home("after-2"), home("after-3"))).contains(first.ngAddress());
        assertThat(first.commandsReceived("offer")).isPositive();
    }

    @Test
    void aNewCallOfferedToAnInstanceThatJustStoppedIsMovedToTheOther() throws Exception {
        startSet(Duration.ofHours(1)); // one round of pings, then none during the test
        await("both answer their pings", () -> instance(first).health() == InstanceHealth.UP && instance(second).health() == InstanceHealth.UP);
        first.stop();
        for (int i = 0; i < 4; i++) {
            SdpResult offered = offer("moved-" + i);
            assertThat(home("moved-" + i)).isEqualTo(second.ngAddress());
            assertThat(new String(offered.sdpBytes(), StandardCharsets.US_ASCII)).contains("c=IN IP4 127.0.0.1");
        }
        assertThat(instance(first).health()).isEqualTo(InstanceHealth.DOWN);
        assertThat(second.commandsReceived("offer")).isEqualTo(4);
    }
}
