package io.midreg.testing;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a test started (Kamailio, midreg, devices), closed in the reverse order: devices before
 * midreg before its upstream. One {@code close()} in the test's {@code @AfterEach}; a failure to
 * close one does not keep the others running.
 */
public final class Cleanup implements AutoCloseable {
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Registers {@code resource} to be closed; returns it. */
    public <T extends AutoCloseable> T add(T resource) {
        started.push(resource);
        return resource;
    }

    @Override
    public void close() {
        RuntimeException first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (first == null) first = new IllegalStateException("could not close what the test started", e);
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
