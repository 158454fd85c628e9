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
    /**
     * Allocation allowed for one input: this much, plus {@link #ALLOCATION_PER_BYTE} per input
     * byte. Coarse on purpose: in fuzzing mode Jazzer's own hooks allocate on every comparison
     * (a 397-byte URI that costs 9 KB plain cost 1.1 MB instrumented), so the budget catches
     * memory sized from a length field or growing with the square of the input, not waste.
     */
    public static final long ALLOCATION_BASE = 16L * 1024 * 1024;
    public static final long ALLOCATION_PER_BYTE = 4096;

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
     * {@link #HANG}, or allocates more than the budget for the input's size on this thread.
     */
    @SafeVarargs
    public static void check(String target, byte[] input, Call call, Class<? extends Throwable>... typedErrors) {
        long allocationBudget = ALLOCATION_BASE + ALLOCATION_PER_BYTE * input.length;
        Cost cost = run(target, input, call, typedErrors);
        if (cost.nanos > HANG.toNanos() || cost.allocated > allocationBudget) {
            // A first call also pays for class loading and instrumentation: measure once more, warm.
            cost = run(target, input, call, typedErrors);
        }
        if (cost.nanos > HANG.toNanos()) {
            throw new AssertionError(target + " took " + cost.nanos / 1_000_000 + " ms for a " + input.length + "-byte input (hang bound " + HANG.toMillis() + " ms)");
        }
        if (cost.allocated > allocationBudget) {
            throw new AssertionError(target + " allocated " + cost.allocated + " bytes for a " + input.length + "-byte input (budget " + allocationBudget + ")");
        }
    }

    private record Cost(long nanos, long allocated) {
    }

    /** Runs the call once and sorts what it throws; returns its time and the bytes it allocated. */
    private static Cost run(String target, byte[] input, Call call, Class<? extends Throwable>[] typedErrors) {
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        try {
            call.run();
        } catch (Throwable t) {
            if (!isTyped(t, typedErrors)) {
                throw new AssertionError(target + " threw " + t + " for a " + input.length + "-byte input; only its typed errors are allowed", t);
            }
        }
        return new Cost(System.nanoTime() - start, THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore);
    }

    private static boolean isTyped(Throwable t, Class<? extends Throwable>[] typedErrors) {
        for (Class<? extends Throwable> c : typedErrors) {
            if (c.isInstance(t)) return true;
        }
        return false;
    }
}
