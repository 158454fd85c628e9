package io.midreg.nat.keepalive;

/**
 * @param ticks        ticks run
 * @param ticksSkipped ticks not run because the timer stalled for more than an interval
 * @param keysDue      keep-alives reported due
 * @param bindings     bindings on the wheel
 * @param maxPerTick   the busiest slot's bindings: keep-alives of the busiest tick
 */
public record KeepAliveTickerStats(long ticks, long ticksSkipped, long keysDue, int bindings, int maxPerTick) {
}
