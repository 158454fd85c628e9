package io.midreg.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping the real peers a harness started, by their own PID (never by name). */
public final class Processes {
    private Processes() {
    }

    /** SIGTERM, and SIGKILL if it is still running after {@code grace}; waits for it to go. */
    public static void stop(Process process, Duration grace) {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
