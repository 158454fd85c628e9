package io.midreg.nat.bench;

import io.midreg.nat.keepalive.KeepAliveWheel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The keep-alive wheel at 1,000,000 NAT'd bindings, a 30 s interval in 100 ms ticks (300 slots):
 * what one tick costs (advance: report the ~3,333 bindings of a slot), and what a binding costs
 * to add, remove and reschedule while the wheel is full. Keys are spread like hashes of binding
 * ids. Run with {@code test-scenarios/jmh.sh nat KeepAliveWheel -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class KeepAliveWheelBenchmark {
    private static final int SLOTS = 300;
    private static final long SCATTER = 0x9E3779B97F4A7C15L;

    @Param("1000000")
    public int bindings;

    private KeepAliveWheel wheel;
    private long churn;
    private long reschedule;
    private final Blackhole[] sink = new Blackhole[1];

    @Setup(Level.Trial)
    public void fill(Blackhole blackhole) {
        wheel = new KeepAliveWheel(SLOTS, bindings);
        for (long i = 0; i < bindings; i++) wheel.add(i * SCATTER);
        sink[0] = blackhole;
    }

    /** One tick: the next slot's bindings reported due (a consumer that only consumes). */
    @Benchmark
    public int advanceOneTick() {
        Blackhole bh = sink[0];
        return wheel.advance(bh::consume);
    }

    /** A binding leaves and a new one arrives: remove plus add on the full wheel. */
    @Benchmark
    public boolean removeThenAdd() {
        long key = (churn++ % bindings) * SCATTER;
        wheel.remove(key);
        return wheel.add(key);
    }

    /** A binding showed it is alive: moved to the slot a whole interval from now. */
    @Benchmark
    public void rescheduleToAWholeIntervalLater() {
        long key = (reschedule++ % bindings) * SCATTER;
        wheel.schedule(key, SLOTS);
    }

    /** A full wheel built from empty: a restart putting back every binding of the store (per binding: divide by the count). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public KeepAliveWheel fillFromEmpty() {
        KeepAliveWheel fresh = new KeepAliveWheel(SLOTS, bindings);
        for (long i = 0; i < bindings; i++) fresh.add(i * SCATTER);
        return fresh;
    }
}
