package io.midreg.nat.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.nat.media.ng.AnswerRequest;
import io.midreg.nat.media.ng.DeleteRequest;
import io.midreg.nat.media.ng.NgException;
import io.midreg.nat.media.ng.NgTimeoutException;
import io.midreg.nat.media.ng.OfferRequest;
import io.midreg.nat.media.ng.QueryRequest;
import io.midreg.nat.media.ng.SdpResult;
import io.midreg.sip.transaction.TimerScheduler;
import io.midreg.testing.VirtualClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Health, weighted choice, call affinity and failover of an RTPEngine set, on virtual time. */
class RtpengineSetTest {
    private static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 2001);
    private static final InetSocketAddress B = new InetSocketAddress("127.0.0.1", 2002);
    private static final InetSocketAddress C = new InetSocketAddress("127.0.0.1", 2003);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration TRY = Duration.ofMillis(500);
    private static final int TRIES = 3;
    private static final byte[] SDP = "v=0\r\n".getBytes(StandardCharsets.US_ASCII);

    private final VirtualClock clock = new VirtualClock();
    private final TimerScheduler timers = (task, delay) -> clock.schedule(task, delay)::cancel;
    private final FakeRtpengines engines = new FakeRtpengines(timers, TRY, TRIES);
    /** Round robin over [0, bound): a weighted choice that tests can predict. */
    private final AtomicInteger counter = new AtomicInteger();
    private RtpengineSet set;

    private RtpengineSet set(RtpengineInstanceConfig... instances) {
        set = new RtpengineSet(new RtpengineSetConfig(List.of(instances), INTERVAL), engines.client(), timers,
                bound -> counter.getAndIncrement() % bound);
        return set;
    }

    @AfterEach
    void close() {
        if (set != null) set.close();
    }

    private RtpengineInstance instance(InetSocketAddress address) {
        return set.instances().stream().filter(i -> i.address().equals(address)).findFirst().orElseThrow();
    }

    private static String engineOf(CompletableFuture<SdpResult> offer) {
        return new String(offer.join().sdpBytes(), StandardCharsets.US_ASCII);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        Throwable t = f.handle((r, e) -> e).join();
        return NgException.of(t).<Throwable>map(e -> e).orElse(t instanceof java.util.concurrent.CompletionException ? t.getCause() : t);
    }

    @Test
    void pingsEveryInstanceAtOnceThenEveryInterval() {
        engines.start(A);
        engines.start(B);
        set(new RtpengineInstanceConfig(A, 1), new RtpengineInstanceConfig(B, 1));
        assertThat(instance(A).health()).isEqualTo(InstanceHealth.UNKNOWN);
        assertThat(set.anyAnswering()).isFalse();
        set.start();
        clock.runDue();
        assertThat(instance(A).health()).isEqualTo(InstanceHealth.UP);
        assertThat(instance(B).health()).isEqualTo(InstanceHealth.UP);
        assertThat(set.anyAnswering()).isTrue();
        clock.advanceBy(Duration.ofSeconds(10));
        assertThat(engines.distinct(A, "ping")).isEqualTo(11);
        assertThat(engines.distinct(B, "ping")).isEqualTo(11);
    }

    @Test
    void anInstanceIsDownWhenItsPingGoesUnansweredAfterEveryTryAndUpWhenItAnswersAgain() {
        engines.start(A);
        engines.start(B);
        set(new RtpengineInstanceConfig(A, 1), new RtpengineInstanceConfig(B, 1)).start();
        clock.runDue();
        engines.stop(A);
        clock.advanceTo(Duration.ofSeconds(1)); // the ping of second 1 goes out, unanswered
        clock.advanceTo(Duration.ofMillis(2499));
        assertThat(instance(A).health()).as("still within its tries").isEqualTo(InstanceHealth.UP);
        assertThat(engines.sent(A, "ping").stream().filter(r -> r.cookie().equals(engines.sent(A, "ping").get(1).cookie()))).hasSize(3);
        clock.advanceTo(Duration.ofMillis(2500));
        assertThat(instance(A).health()).isEqualTo(InstanceHealth.DOWN);
        assertThat(instance(B).health()).isEqualTo(InstanceHealth.UP);
        // pings go on while it is down; the first one answered brings it back
        engines.start(A);
        clock.advanceTo(Duration.ofMillis(3000));
        assertThat(instance(A).health()).isEqualTo(InstanceHealth.UP);
    }

    @Test
    void aSlowPingIsNotOverlappedByTheNext() {
        engines.start(A);
        set(new RtpengineInstanceConfig(A, 1)).start();
        clock.runDue();
        engines.stop(A);
        // each unanswered ping takes 1.5 s of tries; rounds come every 1 s
        clock.advanceTo(Duration.ofSeconds(10));
        long pings = engines.distinct(A, "ping");
        assertThat(pings).isLessThan(11).isGreaterThan(3);
        assertThat(engines.client().pendingRequests()).isLessThanOrEqualTo(1);
    }

    @Test
    void newCallsAreSpreadByWeightAndAWeightOfZeroTakesNone() {
        engines.start(A);
        engines.start(B);
        engines.start(C);
        set(new RtpengineInstanceConfig(A, 1), new RtpengineInstanceConfig(B, 3), new RtpengineInstanceConfig(C, 0)).start();
        clock.runDue();
        Map<String, Integer> perEngine = new HashMap<>();
        for (int i = 0; i < 400; i++) perEngine.merge(engineOf(set.offer(OfferRequest.of("call-" + i, "ft", SDP))), 1, Integer::sum);
        assertThat(perEngine).containsOnly(Map.entry("engine 2001", 100), Map.entry("engine 2002", 300));
        assertThat(set.calls()).isEqualTo(400);
    }

    @Test
    void aCallStaysOnItsInstanceForItsLife() {
        engines.start(A);
        engines.start(B);
        set(new RtpengineInstanceConfig(A, 1), new RtpengineInstanceConfig(B, 1)).start();
        clock.runDue();
        String first = engineOf(set.offer(OfferRequest.of("call-1", "ft", SDP)));
        InetSocketAddress home = set.instanceOf("call-1").orElseThrow().address();
        assertThat(first).isEqualTo("engine " + home.getPort());
        // another branch, the answer, a re-INVITE's offer, a query: all to the same instance, whatever the weights say
        for (int i = 0; i < 5; i++) {
            assertThat(engineOf(set.offer(OfferRequest.of("call-1", "ft", SDP).viaBranch("b" + i)))).isEqualTo(first);
        }
        assertThat(set.answer(AnswerRequest.of("call-1", "ft", "tt", SDP))).isCompleted();
        assertThat(set.query(QueryRequest.of("call-1"))).isCompleted();
        InetSocketAddress other = home.equals(A) ? B : A;
        assertThat(engines.sent(other, "offer")).isEmpty();
        assertThat(engines.sent(other, "answer")).isEmpty();
        assertThat(engines.sent(home, "query")).hasSize(1);
    }

    @Test
    void newCallsFailOverWhileAnInstanceIsDownAndComeBackWhenItAnswers() {
        engines.start(A);
        engines.start(B);
        set(new RtpengineInstanceConfig(A, 1), new RtpengineInstanceConfig(B, 1)).start();
        clock.runDue();
        engines.stop(A);
        clock.advanceTo(Duration.ofMillis(2500)); // A's ping of second 1 has timed out
        assertThat(instance(A).health()).isEqualTo(InstanceHealth.DOWN);
        for (int i = 0; i < 10; i++) assertThat(engineOf(set.offer(OfferRequest.of("during-" + i, "ft", SDP)))).isEqualTo("engine 2002");
        assertThat(engines.sent(A, "offer")).isEmpty();
        engines.start(A);
        clock.advanceTo(Duration.ofMillis(3000));
        Map<String, Integer> perEngine = new HashMap<>();
        for (int i = 0; i < 10; i++) perEngine.merge(engineOf(set.offer(OfferRequest.of("after-" + i, "ft", SDP))), 1, Integer::sum);
        assertThat(perEngine).containsOnly(Map.entry("engine 2001", 5), Map.entry("engine 2002", 5));
    }

    @Test
    void aNewCallsOfferThatGetsNoReplyMovesToAnotherInstanceAtOnce() {
        engines.start(A);
        engines.start(B);
        set(new RtpengineInstanceConfig(A, 1), new RtpengineInstanceConfig(B, 1)).start();
        clock.runDue();
        engines.stop(A); // stopped between two pings: still marked up
        counter.set(0); // the next choice is A
        CompletableFuture<SdpResult> offer = set.offer(OfferRequest.of("call-x", "ft", SDP));
        assertThat(offer).isNotDone();
        clock.advanceBy(TRY.multipliedBy(TRIES));
        assertThat(engineOf(offer)).isEqualTo("engine 2002");
        assertThat(engines.sent(A, "offer")).hasSize(TRIES);
        assertThat(set.instanceOf("call-x").orElseThrow().address()).isEqualTo(B);
        assertThat(instance(A).health()).as("marked down by the offer, before its next ping").isEqualTo(InstanceHealth.DOWN);
    }

    @Test
    void aCallThatHadAReplyNeverMoves() {
        engines.start(A);
        engines.start(B);
        set(new RtpengineInstanceConfig(A, 1), new RtpengineInstanceConfig(B, 1)).start();
        clock.runDue();
        counter.set(0);
        assertThat(engineOf(set.offer(OfferRequest.of("call-y", "ft", SDP)))).isEqualTo("engine 2001");
        engines.stop(A);
        CompletableFuture<SdpResult> reInvite = set.offer(OfferRequest.of("call-y", "ft", SDP));
        CompletableFuture<?> answer = set.answer(AnswerRequest.of("call-y", "ft", "tt", SDP));
        clock.advanceBy(TRY.multipliedBy(TRIES));
        assertThat(failure(reInvite)).isInstanceOf(NgTimeoutException.class);
        assertThat(failure(answer)).isInstanceOf(NgTimeoutException.class);
        assertThat(engines.sent(B, "offer")).isEmpty();
        assertThat(set.instanceOf("call-y").orElseThrow().address()).isEqualTo(A);
    }

    @Test
    void withNoInstanceAnsweringANewCallFailsAtOnce() {
        set(new RtpengineInstanceConfig(A, 1), new RtpengineInstanceConfig(B, 1)).start();
        clock.runDue();
        clock.advanceBy(TRY.multipliedBy(TRIES));
        assertThat(set.anyAnswering()).isFalse();
        CompletableFuture<SdpResult> offer = set.offer(OfferRequest.of("call-z", "ft", SDP));
        assertThat(failure(offer)).isInstanceOf(NoRtpengineException.class);
        assertThat(set.calls()).isZero();
    }

    @Test
    void instancesNeverAskedAreTriedInTurnWhenNoneIsKnownToAnswer() {
        engines.start(B);
        set(new RtpengineInstanceConfig(A, 1), new RtpengineInstanceConfig(B, 1)); // not started: no pings yet
        counter.set(0);
        CompletableFuture<SdpResult> offer = set.offer(OfferRequest.of("early", "ft", SDP));
        clock.advanceBy(TRY.multipliedBy(TRIES));
        assertThat(engineOf(offer)).isEqualTo("engine 2002");
    }

    @Test
    void anErrorReplyIsALiveInstance() {
        engines.start(A);
        set(new RtpengineInstanceConfig(A, 1)); // not started: health unknown until something replies
        CompletableFuture<SdpResult> refused = set.offer(OfferRequest.of("refused-1", "ft", SDP));
        assertThat(failure(refused)).isInstanceOf(io.midreg.nat.media.ng.NgErrorException.class);
        assertThat(instance(A).health()).isEqualTo(InstanceHealth.UP);
        assertThat(engines.sent(A, "offer")).as("an error reply is not retried elsewhere or again").hasSize(1);
    }

    @Test
    void anAnswerForACallNeverOfferedHasNoInstance() {
        engines.start(A);
        set(new RtpengineInstanceConfig(A, 1)).start();
        clock.runDue();
        assertThat(failure(set.answer(AnswerRequest.of("never-offered", "ft", "tt", SDP)))).isInstanceOf(NoRtpengineException.class);
        assertThat(engines.sent(A, "answer")).isEmpty();
    }

    @Test
    void deletingTheWholeCallEndsItsTieButDeletingABranchDoesNot() {
        engines.start(A);
        set(new RtpengineInstanceConfig(A, 1)).start();
        clock.runDue();
        set.offer(OfferRequest.of("call-d", "ft", SDP).viaBranch("b1")).join();
        set.offer(OfferRequest.of("call-d", "ft", SDP).viaBranch("b2")).join();
        set.delete(DeleteRequest.of("call-d", "ft").viaBranch("b1")).join();
        assertThat(set.instanceOf("call-d")).isPresent();
        set.delete(DeleteRequest.of("call-d", "ft")).join();
        assertThat(set.instanceOf("call-d")).isEmpty();
        assertThat(failure(set.delete(DeleteRequest.of("call-d", "ft")))).isInstanceOf(NoRtpengineException.class);
    }

    @Test
    void closingStopsThePings() {
        engines.start(A);
        set(new RtpengineInstanceConfig(A, 1)).start();
        clock.runDue();
        set.close();
        clock.advanceBy(Duration.ofSeconds(10));
        assertThat(engines.distinct(A, "ping")).isEqualTo(1);
        assertThat(clock.pending()).isZero();
    }
}
