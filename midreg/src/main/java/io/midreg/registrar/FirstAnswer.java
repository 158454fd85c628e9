package io.midreg.registrar;

import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * The one final answer the device of a relayed REGISTER gets: the upstream's, or, when the
 * upstream is slow to answer a known device's refresh, an earlier one from the store
 * (upstream.survival.answerWithin). Whichever comes first answers; the other is only recorded
 * (a late 2xx is still committed). A server transaction takes one final response only.
 */
final class FirstAnswer {
    private boolean given;
    private Future<?> timer;

    /**
     * Runs {@code answer} unless the device was answered already; {@code answer} returns whether
     * it answered (the store may decline: then a later answer still may). Returns that.
     */
    synchronized boolean give(BooleanSupplier answer) {
        if (given) return false;
        given = answer.getAsBoolean();
        if (given && timer != null) timer.cancel(false);
        return given;
    }

    /** The early answer's timer, cancelled once an answer is given. */
    synchronized void timer(Future<?> t) {
        if (given) t.cancel(false);
        else timer = t;
    }
}
