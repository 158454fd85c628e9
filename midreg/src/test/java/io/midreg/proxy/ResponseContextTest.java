package io.midreg.proxy;

import static io.midreg.proxy.ProxyFixtures.invite;
import static io.midreg.proxy.ProxyFixtures.request;
import static io.midreg.proxy.ProxyFixtures.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.midreg.sip.message.SipRequest;
import io.midreg.sip.message.SipResponse;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** RFC 3261 §16.7 response context, §16.8 timer C, §16.10 CANCEL, with forking. */
class ResponseContextTest {
    private final SipRequest inv = request(invite("sip:tok@192.0.2.1"));

    private SipResponse r(int status) {
        return response(inv, status);
    }

    @Test
    void provisionalsOtherThan100GoUpAndResetTimerC() {
        ResponseContext ctx = new ResponseContext(true, 1);
        ctx.startGroup(2);
        ResponseAction trying = ctx.onResponse(0, r(100));
        assertThat(trying.forward()).isNull();
        assertThat(trying.resetTimerC()).isFalse();
        ResponseAction ringing = ctx.onResponse(1, r(180));
        assertThat(ringing.forward().response().status()).isEqualTo(180);
        assertThat(ringing.resetTimerC()).isTrue();
        assertThat(ringing.complete()).isFalse();
    }

    /** §16.7 step 10: the first 2xx goes up at once and the other pending branches are CANCELled. */
    @Test
    void aTwoHundredGoesUpAtOnceAndCancelsTheOthersLaterTwoHundredsGoUpToo() {
        ResponseContext ctx = new ResponseContext(true, 2);
        assertThat(ctx.startGroup(3)).containsExactly(0, 1, 2);
        ctx.onResponse(1, r(180));
        SipResponse ok = r(200);
        ResponseAction a = ctx.onResponse(0, ok);
        assertThat(a.forward().response()).isSameAs(ok);
        assertThat(a.cancel()).containsExactly(1, 2);
        assertThat(a.startNextGroup()).isFalse();

        // a provisional after the final: not forwarded; a second fork's 2xx: forwarded, no new CANCEL
        assertThat(ctx.onResponse(2, r(183)).forward()).isNull();
        SipResponse ok2 = response(inv, 200, "other");
        ResponseAction second = ctx.onResponse(2, ok2);
        assertThat(second.forward().response()).isSameAs(ok2);
        assertThat(second.cancel()).isEmpty();

        ResponseAction last = ctx.onResponse(1, r(487));
        assertThat(last.forward()).isNull();
        assertThat(last.complete()).isTrue();
        // RFC 6026: a retransmission of the 2xx still goes up
        assertThat(ctx.onResponse(0, ok).forward().response()).isSameAs(ok);
        assertThatThrownBy(() -> ctx.startGroup(1)).isInstanceOf(IllegalStateException.class);
    }

    /** Sequential groups: the next group starts only when the whole group failed; the best of all then goes up. */
    @Test
    void aFailedGroupStartsTheNextAndTheBestOfAllGoesUpAtTheEnd() {
        ResponseContext ctx = new ResponseContext(true, 2);
        ctx.startGroup(2);
        ResponseAction first = ctx.onResponse(0, r(486));
        assertThat(first.startNextGroup()).isFalse();
        assertThat(first.forward()).isNull();
        ResponseAction groupDone = ctx.onResponse(1, r(404));
        assertThat(groupDone.startNextGroup()).isTrue();
        assertThat(groupDone.forward()).isNull();

        assertThat(ctx.startGroup(1)).containsExactly(2);
        ResponseAction end = ctx.onResponse(2, r(480));
        assertThat(end.startNextGroup()).isFalse();
        assertThat(end.forward().status()).isEqualTo(486);
        assertThat(end.complete()).isTrue();
        assertThat(ctx.finalSent()).isTrue();
    }

    /** §16.7 step 5: a 6xx is not forwarded at once; the rest are CANCELled and no group starts. */
    @Test
    void aSixHundredEndsTheForkCancelsThePendingAndIsTheFinal() {
        ResponseContext ctx = new ResponseContext(true, 3);
        ctx.startGroup(3);
        ctx.onResponse(1, r(180));
        ResponseAction decline = ctx.onResponse(0, r(603));
        assertThat(decline.forward()).isNull();
        assertThat(decline.cancel()).containsExactly(1, 2);
        ctx.onResponse(1, r(487));
        ResponseAction end = ctx.onResponse(2, r(487));
        assertThat(end.startNextGroup()).isFalse();
        assertThat(end.forward().status()).isEqualTo(603);
        assertThat(end.complete()).isTrue();
    }

    /** §16.10: the caller's CANCEL reaches every pending branch; their 487 is the final. */
    @Test
    void theCallersCancelCancelsEveryPendingBranchAndStartsNoMoreGroups() {
        ResponseContext ctx = new ResponseContext(true, 2);
        ctx.startGroup(2);
        ctx.onResponse(0, r(180));
        ctx.onResponse(1, r(100));
        ResponseAction cancel = ctx.onCallerCancel();
        assertThat(cancel.cancel()).containsExactly(0, 1);
        assertThat(cancel.forward()).isNull();
        ctx.onResponse(0, r(487));
        ResponseAction end = ctx.onResponse(1, r(487));
        assertThat(end.startNextGroup()).isFalse();
        assertThat(end.forward().status()).isEqualTo(487);
    }

    /**
     * §9.1: a branch with no provisional yet cannot be CANCELled until one comes, and a device
     * that never answers would hold the caller until timer B: it counts as 487 at once.
     */
    @Test
    void theCallersCancelEndsABranchWithoutProvisionalAs487AtOnce() {
        ResponseContext ctx = new ResponseContext(true, 1);
        ctx.startGroup(1);
        ResponseAction cancel = ctx.onCallerCancel();
        assertThat(cancel.cancel()).as("its CANCEL still goes when a provisional comes").containsExactly(0);
        assertThat(cancel.forward().status()).isEqualTo(487);
        assertThat(cancel.complete()).isTrue();
        assertThat(ctx.onResponse(0, r(180)).forward()).as("nothing after the final").isNull();
        assertThat(ctx.onResponse(0, r(487)).forward()).isNull();
        assertThat(ctx.onLocalFinal(0, 408).forward()).isNull();
    }

    /** One branch rings, one is silent: the silent one's 487 waits for the ringing one's answer to the CANCEL. */
    @Test
    void aSilentBranchDoesNotEndTheCallWhileARingingOneAnswersTheCancel() {
        ResponseContext ctx = new ResponseContext(true, 1);
        ctx.startGroup(2);
        ctx.onResponse(0, r(180));
        ResponseAction cancel = ctx.onCallerCancel();
        assertThat(cancel.cancel()).containsExactly(0, 1);
        assertThat(cancel.forward()).isNull();
        ResponseAction end = ctx.onResponse(0, r(487));
        assertThat(end.forward().status()).isEqualTo(487);
        assertThat(end.complete()).isTrue();
    }

    /** §16.8: timer C CANCELs a branch that rang, and counts a silent one as 408. */
    @Test
    void timerCCancelsARingingBranchAndTurnsASilentOneInto408() {
        ResponseContext ctx = new ResponseContext(true, 1);
        ctx.startGroup(2);
        ctx.onResponse(0, r(180));
        ResponseAction ringing = ctx.onTimerC(0);
        assertThat(ringing.cancel()).containsExactly(0);
        assertThat(ringing.forward()).isNull();

        ResponseAction silent = ctx.onTimerC(1);
        assertThat(silent.cancel()).isEmpty();
        assertThat(silent.forward()).isNull(); // branch 0 still pending its 487

        ResponseAction end = ctx.onResponse(0, r(487));
        assertThat(end.forward().status()).isEqualTo(487);
        assertThat(ctx.onTimerC(1).forward()).isNull(); // already ended
    }

    @Test
    void everyBranchTimedOutIs408AndEveryBranch503Is500() {
        ResponseContext silent = new ResponseContext(true, 1);
        silent.startGroup(2);
        silent.onTimerC(0);
        Upstream u = silent.onLocalFinal(1, 408).forward();
        assertThat(u.status()).isEqualTo(408);
        assertThat(u.isLocal()).isTrue();

        ResponseContext unavailable = new ResponseContext(true, 1);
        unavailable.startGroup(2);
        unavailable.onResponse(0, r(503));
        Upstream v = unavailable.onLocalFinal(1, 503).forward(); // a transport error counts as 503 (§16.9)
        assertThat(v.status()).isEqualTo(500);
        assertThat(v.isLocal()).isTrue();
    }

    /** A branch given up by timer C may still answer 2xx before any final went up: it wins. */
    @Test
    void aLate2xxOfAGivenUpBranchStillWinsIfNoFinalWentUp() {
        ResponseContext ctx = new ResponseContext(true, 1);
        ctx.startGroup(2);
        ctx.onTimerC(0);
        ResponseAction ok = ctx.onResponse(0, r(200));
        assertThat(ok.forward().status()).isEqualTo(200);
        assertThat(ok.cancel()).containsExactly(1);
    }

    /** After a non-2xx final went up, a 2xx cannot follow it on the server transaction. */
    @Test
    void noTwoHundredIsForwardedAfterAnErrorFinal() {
        ResponseContext ctx = new ResponseContext(true, 1);
        ctx.startGroup(1);
        ctx.onTimerC(0);
        assertThat(ctx.finalSent()).isTrue();
        assertThat(ctx.onResponse(0, r(200)).forward()).isNull();
    }

    /** A non-INVITE is not CANCELled and only its first 2xx goes up. */
    @Test
    void aNonInviteForwardsItsFirst2xxOnlyAndCancelsNothing() {
        ResponseContext ctx = new ResponseContext(false, 1);
        ctx.startGroup(2);
        ResponseAction first = ctx.onResponse(0, r(200));
        assertThat(first.forward().status()).isEqualTo(200);
        assertThat(first.cancel()).isEmpty();
        assertThat(ctx.onResponse(1, response(inv, 200, "b")).forward()).isNull();
        assertThat(ctx.onCallerCancel().cancel()).isEmpty();
    }

    /**
     * A call's legs on two event loops: a device's 200 and the caller's CANCEL, or two devices'
     * 200 and 486, race. Whatever the order, exactly one side decides the fork's outcome.
     */
    @Test
    @Timeout(30)
    void racingEventsFromTwoThreadsYieldOneConsistentOutcome() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 2000; i++) {
                ResponseContext ctx = new ResponseContext(true, 2);
                ctx.startGroup(2);
                CountDownLatch go = new CountDownLatch(1);
                Future<ResponseAction> ok = pool.submit(() -> {
                    go.await();
                    return ctx.onResponse(0, r(200));
                });
                Future<ResponseAction> busy = pool.submit(() -> {
                    go.await();
                    return ctx.onResponse(1, r(486));
                });
                go.countDown();
                ResponseAction a = ok.get(10, TimeUnit.SECONDS);
                ResponseAction b = busy.get(10, TimeUnit.SECONDS);
                assertThat(a.forward().status()).isEqualTo(200);
                assertThat(b.forward()).isNull(); // never a best final next to the 200
                assertThat(b.startNextGroup()).isFalse(); // the 200 stopped the fork, whichever came first
                // the 200 CANCELs branch 1 only if its 486 had not arrived yet
                assertThat(a.cancel()).isSubsetOf(List.of(1));
                assertThat(a.complete() || b.complete()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
