package io.midreg.testing;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * What every fuzz target asserts about one input: the component returns or throws only its own
 * typed error, finishes within a hang bound, and allocates no more than a budget proportional to
 * the input. An input is untrusted bytes from the network or a file; anything else it causes
 * (a {@code NullPointerException}, an index out of bounds, a stack overflow, a loop, memory
 * sized from a length field) is a bug, and the fuzzer should say which input caused it.
 *
 * <p>The hang bound is generous on purpose: it is no speed claim (benchmarks make those) but the
 * line past which an input counts as a hang on a loaded 2-core machine. In fuzzing mode libFuzzer's
 * own {@code -timeout} also stops an input that never returns.
 */
public final class FuzzBounds {
    /** Longer than this for one input is a hang, whatever the machine's load. */
    public static final Duration HANG = Duration.ofSeconds(5);

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private FuzzBounds() {
    }

    /** The call under test; may throw anything, which {@link #check} sorts. */
    @FunctionalInterface
    public interface Call {
        void run() throws Throwable;
    }

    /**
     * Runs {@code call} once for {@code input} and fails (with an {@link AssertionError} naming the
     * target) when it throws anything but one of {@code typedErrors}, takes longer than
     * {@link #HANG}, or allocates more than {@code allocationBudget} bytes on this thread.
     */
    @SafeVarargs
    public static void check(String target, byte[] input, long allocationBudget, Call call,
                             Class<? extends Throwable>... typedErrors) {
        long allocated = run(target, input, call, typedErrors);
        if (allocated > allocationBudget) {
            // A first call also pays for class loading, instrumentation and lambdas: measure once more, warm.
            allocated = run(target, input, call, typedErrors);
        }
        if (allocated > allocationBudget) {
            throw new AssertionError(target + " allocated " + allocated + " bytes for a " + input.length + "-byte input (budget " + allocationBudget + ")");
        }
    }

    /** Runs the call once, sorts what it throws, checks the hang bound; returns the bytes it allocated. */
    private static long run(String target, byte[] input, Call call, Class<? extends Throwable>[] typedErrors) {
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        try {
            call.run();
        } catch (Throwable t) {
            if (!isTyped(t, typedErrors)) {
                throw new AssertionError(target + " threw " + t + " for a " + input.length + "-byte input; only its typed errors are allowed", t);
            }
        }
        long elapsed = System.nanoTime() - start;
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        if (elapsed > HANG.toNanos()) {
            throw new AssertionError(target + " took " + elapsed / 1_000_000 + " ms for a " + input.length + "-byte input (hang bound " + HANG.toMillis() + " ms)");
        }
        return allocated;
    }

    private static boolean isTyped(Throwable t, Class<? extends Throwable>[] typedErrors) {
        for (Class<? extends Throwable> c : typedErrors) {
            if (c.isInstance(t)) return true;
        }
        return false;
    }
}
