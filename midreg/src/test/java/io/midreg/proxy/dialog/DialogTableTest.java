package io.midreg.proxy.dialog;

import static org.assertj.core.api.Assertions.assertThat;

import io.midreg.sip.transaction.TimerScheduler;
import io.midreg.testing.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The call table on virtual time: states and counts, the bound, the expiry sweep, listeners, concurrent legs. */
class DialogTableTest {
    private static final Duration EXPIRY = Duration.ofSeconds(7200);
    private static final Duration EARLY_BOUND = Duration.ofSeconds(212);
    private static final Duration SWEEP = Duration.ofSeconds(30);
    private static final long EPOCH = 1_800_000_000_000L;

    private final VirtualClock clock = new VirtualClock();
    private final TimerScheduler timers = (task, delay) -> clock.schedule(task, delay)::cancel;
    private final List<String> events = new ArrayList<>();
    private DialogTable table = table(100_000);

    private DialogTable table(int max) {
        DialogTable t = new DialogTable(max, EXPIRY, EARLY_BOUND, SWEEP, () -> EPOCH + clock.now().toMillis(), timers).start();
        t.addListener(new DialogListener() {
            @Override
            public void created(Dialog d) {
                events.add("created " + d.callId() + " " + d.state().label());
            }

            @Override
            public void answered(Dialog d) {
                events.add("answered " + d.callId() + " " + d.calleeTag() + " " + d.device());
            }

            @Override
            public void ended(Dialog d, EndReason reason) {
                events.add("ended " + d.callId() + " " + reason.label());
            }
        });
        return t;
    }

    @AfterEach
    void close() {
        table.close();
    }

    private Dialog call(String callId) {
        return table.create(DialogKey.towardsDevice(callId, "tok-" + callId), Direction.TO_DEVICE, "sip:alice@example.com", null,
                "udp:192.0.2.1:5060", "caller-tag");
    }

    @Test
    void aCallGoesFromTryingToEarlyToConfirmedAndLeavesOnItsBye() {
        Dialog d = call("c1");
        assertThat(table.active(DialogState.TRYING)).isEqualTo(1);
        clock.advanceBy(Duration.ofSeconds(2));
        table.provisional(d, "early-tag");
        assertThat(table.active(DialogState.TRYING)).isZero();
        assertThat(table.active(DialogState.EARLY)).isEqualTo(1);
        assertThat(table.byCallId("c1")).singleElement().satisfies(e -> assertThat(e.calleeTag()).isEqualTo("early-tag"));
        clock.advanceBy(Duration.ofSeconds(3));
        table.answered(d, "callee-tag", "sip:alice@198.51.100.7:5062");
        Dialog up = table.byCallId("c1").get(0);
        assertThat(up.state()).isEqualTo(DialogState.CONFIRMED);
        assertThat(up.answeredAt()).isEqualTo(EPOCH + 5_000);
        assertThat(up.createdAt()).isEqualTo(EPOCH);
        assertThat(up.device()).isEqualTo("sip:alice@198.51.100.7:5062");
        assertThat(up.expiresAt()).isEqualTo(EPOCH + 5_000 + EXPIRY.toMillis());
        assertThat(table.active(DialogState.EARLY)).isZero();
        assertThat(table.active(DialogState.CONFIRMED)).isEqualTo(1);
        table.answered(d, "another-branch", "sip:alice@198.51.100.8:5062");
        assertThat(table.byCallId("c1").get(0).calleeTag()).as("a later 2xx of a fork changes nothing").isEqualTo("callee-tag");
        table.unanswered(d, EndReason.REJECTED);
        assertThat(table.size()).as("a fork that ends after its 2xx leaves the call up").isEqualTo(1);
        table.bye(d.key());
        assertThat(table.size()).isZero();
        assertThat(table.active(DialogState.CONFIRMED)).isZero();
        assertThat(table.ended(EndReason.BYE)).isEqualTo(1);
        assertThat(events).containsExactly("created c1 trying", "answered c1 callee-tag sip:alice@198.51.100.7:5062", "ended c1 bye");
    }

    @Test
    void aCallThatEndsUnansweredLeavesWithItsReason() {
        Dialog cancelled = call("c1");
        Dialog timedOut = call("c2");
        table.provisional(timedOut, "t");
        table.unanswered(cancelled, EndReason.CANCELLED);
        table.unanswered(timedOut, EndReason.TIMER_C);
        assertThat(table.size()).isZero();
        assertThat(table.active(DialogState.TRYING) + table.active(DialogState.EARLY)).isZero();
        assertThat(table.ended(EndReason.CANCELLED)).isEqualTo(1);
        assertThat(table.ended(EndReason.TIMER_C)).isEqualTo(1);
        assertThat(events).contains("ended c1 cancelled", "ended c2 timer_c");
    }

    @Test
    void aNewInviteOfTheSameCallReplacesTheOldOneAndTheOldForksEndDoesNotRemoveIt() {
        Dialog first = call("c1");
        Dialog second = call("c1");
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.ended(EndReason.REJECTED)).isEqualTo(1);
        table.unanswered(first, EndReason.REJECTED);
        table.answered(first, "x", null);
        assertThat(table.byCallId("c1")).singleElement().satisfies(d -> {
            assertThat(d.serial()).isEqualTo(second.serial());
            assertThat(d.state()).isEqualTo(DialogState.TRYING);
        });
    }

    @Test
    void twoLegsOfOneCallIdAreTwoCalls() {
        Dialog out = table.create(DialogKey.fromDevice("same", "sip:alice@example.com"), Direction.FROM_DEVICE, "sip:alice@example.com",
                "sip:alice@198.51.100.7", "udp:192.0.2.1:5060", "a");
        Dialog in = table.create(DialogKey.towardsDevice("same", "tok-bob"), Direction.TO_DEVICE, "sip:bob@example.com", null,
                "udp:192.0.2.1:5060", "a");
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.byCallId("same")).extracting(Dialog::direction).containsExactly(Direction.FROM_DEVICE, Direction.TO_DEVICE);
        table.bye(new DialogKey("same", DialogKey.tokenParty("tok-bob")));
        assertThat(table.byCallId("same")).singleElement().isEqualTo(out);
        assertThat(in.key()).isNotEqualTo(out.key());
    }

    @Test
    void pastMaxDialogsANewCallIsRefusedAndCountedUntilOneEnds() {
        table.close();
        table = table(2);
        Dialog a = call("a");
        call("b");
        assertThat(call("c")).isNull();
        assertThat(table.refusedFull()).isEqualTo(1);
        assertThat(table.size()).isEqualTo(2);
        table.bye(a.key());
        assertThat(call("c")).isNotNull();
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void anAnsweredCallWithNoInDialogRequestForTheExpiryEndsAsExpiredAndEachRequestPutsItOff() {
        Dialog d = call("c1");
        table.answered(d, "t", null);
        clock.advanceBy(Duration.ofSeconds(3000));
        table.touch(d.key()); // a re-INVITE
        clock.advanceBy(EXPIRY.minusSeconds(1));
        assertThat(table.size()).as("7200 s after the re-INVITE, not after the answer").isEqualTo(1);
        clock.advanceBy(Duration.ofSeconds(1).plus(SWEEP));
        assertThat(table.size()).isZero();
        assertThat(table.ended(EndReason.EXPIRED)).isEqualTo(1);
        assertThat(events).contains("ended c1 expired");
    }

    @Test
    void anUnansweredCallEndsAsExpiredPastItsBoundAndAProvisionalAnswerPutsTheBoundOff() {
        Dialog silent = call("silent");
        clock.advanceBy(Duration.ofSeconds(100));
        Dialog ringing = call("ringing");
        clock.advanceBy(Duration.ofSeconds(100));
        table.provisional(ringing, "r");
        clock.advanceBy(EARLY_BOUND.minusSeconds(200).plus(SWEEP));
        assertThat(table.byCallId("silent")).as("past its bound").isEmpty();
        clock.advanceBy(Duration.ofSeconds(150));
        assertThat(table.byCallId("ringing")).as("its bound counts from its last provisional answer").hasSize(1);
        clock.advanceBy(Duration.ofSeconds(100));
        assertThat(table.size()).isZero();
        assertThat(table.ended(EndReason.EXPIRED)).isEqualTo(2);
        assertThat(silent.expiresAt()).isEqualTo(EPOCH + EARLY_BOUND.toMillis());
    }

    @Test
    void theSweepVisitsALargeTableInChunksAndStopsAfterClose() {
        for (int i = 0; i < DialogTable.CHUNK * 2 + 10; i++) call("c" + i);
        clock.advanceBy(EARLY_BOUND.plus(SWEEP));
        assertThat(table.size()).as("every chunk ran").isZero();
        assertThat(table.ended(EndReason.EXPIRED)).isEqualTo(DialogTable.CHUNK * 2 + 10);
        assertThat(clock.pending()).as("the next sweep only").isEqualTo(1);
        table.close();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void listFiltersByAorOldestFirstUpToTheLimit() {
        for (int i = 0; i < 5; i++) {
            call("alice-" + i);
            clock.advanceBy(Duration.ofSeconds(1));
        }
        table.create(DialogKey.towardsDevice("bob-0", "tb"), Direction.TO_DEVICE, "sip:bob@example.com", null, "udp:192.0.2.1:5060", "x");
        DialogTable.Page page = table.list("sip:alice@example.com", 3);
        assertThat(page.total()).isEqualTo(5);
        assertThat(page.dialogs()).extracting(Dialog::callId).containsExactly("alice-0", "alice-1", "alice-2");
        assertThat(table.list(null, 100).total()).isEqualTo(6);
        assertThat(table.list("sip:carol@example.com", 100).dialogs()).isEmpty();
    }

    @Test
    void legsOnSeveralThreadsKeepTheCountsExact() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 2_000; i++) {
                        Dialog d = call("t" + thread + "-" + i);
                        table.provisional(d, "e");
                        if (i % 2 == 0) table.answered(d, "a", null);
                        if (i % 3 == 0) table.bye(d.key());
                        else table.unanswered(d, EndReason.REJECTED);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        long answeredLeft = table.active(DialogState.CONFIRMED);
        assertThat(table.size()).isEqualTo(answeredLeft);
        assertThat(table.active(DialogState.TRYING) + table.active(DialogState.EARLY)).isZero();
        assertThat(table.ended(EndReason.BYE) + table.ended(EndReason.REJECTED) + answeredLeft).isEqualTo(8_000);
    }
}
