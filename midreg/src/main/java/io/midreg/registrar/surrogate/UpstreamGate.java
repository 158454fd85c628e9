package io.midreg.registrar.surrogate;

import io.midreg.upstream.pacing.PacedSend;
import io.midreg.upstream.pacing.UpstreamPacer;
import java.util.function.Consumer;

/** Where each REGISTER of a surrogate attempt waits for its turn upstream (the pacer): one of the two runs, once. */
@FunctionalInterface
public interface UpstreamGate {
    void submit(Runnable send, Consumer<String> fail);

    /** Through {@code pacer} (its deadline: from now), or at once without one. */
    static UpstreamGate of(UpstreamPacer pacer) {
        if (pacer == null) return immediate();
        return (send, fail) -> pacer.submit(pacer.deadlineFromNow(), new PacedSend() {
            @Override
            public void send() {
                send.run();
            }

            @Override
            public void fail(String why) {
                fail.accept(why);
            }
        });
    }

    /** No pacing (unit tests). */
    static UpstreamGate immediate() {
        return (send, fail) -> send.run();
    }
}
