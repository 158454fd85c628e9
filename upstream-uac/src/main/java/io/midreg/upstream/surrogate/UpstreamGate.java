package io.midreg.upstream.surrogate;

import java.util.function.Consumer;

/** Where each REGISTER of a surrogate attempt waits for its turn upstream (the pacer): one of the two runs, once. */
@FunctionalInterface
public interface UpstreamGate {
    void submit(Runnable send, Consumer<String> fail);

    /** No pacing (unit tests). */
    static UpstreamGate immediate() {
        return (send, fail) -> send.run();
    }
}
