package io.midreg.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FirstAnswerTest {
    @Test
    void onlyTheFirstAnswerIsGiven() {
        FirstAnswer first = new FirstAnswer();
        AtomicInteger sent = new AtomicInteger();
        assertThat(first.give(() -> sent.incrementAndGet() > 0)).isTrue();
        assertThat(first.give(() -> sent.incrementAndGet() > 0)).as("a late answer").isFalse();
        assertThat(sent).hasValue(1);
    }

    @Test
    void aDeclinedAnswerLeavesItToTheNext() {
        FirstAnswer first = new FirstAnswer();
        assertThat(first.give(() -> false)).as("the store could not answer").isFalse();
        assertThat(first.give(() -> true)).isTrue();
    }

    @Test
    void theTimerIsCancelledOnceAnswered() {
        FirstAnswer first = new FirstAnswer();
        CompletableFuture<Void> timer = new CompletableFuture<>();
        first.timer(timer);
        first.give(() -> true);
        assertThat(timer).isCancelled();
        CompletableFuture<Void> late = new CompletableFuture<>();
        first.timer(late);
        assertThat(late).as("a timer set after the answer").isCancelled();
    }
}
