package io.midreg.admin;

import io.midreg.registrar.RegistrarService;
import java.util.function.Supplier;

/**
 * Active AORs and bindings take a pass over the store; this keeps the last count for a second
 * so a scrape and a stats call (and their several gauges) share one pass.
 */
final class ActiveCounts {
    private static final long FRESH_NANOS = 1_000_000_000L;
    private final Supplier<RegistrarService.ActiveCounts> source;
    private RegistrarService.ActiveCounts last;
    private long lastAt;

    ActiveCounts(Supplier<RegistrarService.ActiveCounts> source) {
        this.source = source;
    }

    synchronized RegistrarService.ActiveCounts get() {
        long now = System.nanoTime();
        if (last == null || now - lastAt > FRESH_NANOS) {
            last = source.get();
            lastAt = now;
        }
        return last;
    }
}
