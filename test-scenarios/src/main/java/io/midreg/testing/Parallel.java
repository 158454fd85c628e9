package io.midreg.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Many devices at once: what load tests do to make an avalanche. */
public final class Parallel {
    private Parallel() {
    }

    /** A call on one item that may throw. */
    @FunctionalInterface
    public interface Call<T, R> {
        R call(T item) throws Exception;
    }

    /** {@code call} on every item at once, each on {@code pool}; the answers in the items' order (at most 30 s each). */
    public static <T, R> List<R> all(ExecutorService pool, List<T> items, Call<T, R> call) throws Exception {
        List<CompletableFuture<R>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return call.call(item);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool));
        }
        List<R> out = new ArrayList<>(items.size());
        for (CompletableFuture<R> f : futures) out.add(f.get(30, TimeUnit.SECONDS));
        return out;
    }
}
