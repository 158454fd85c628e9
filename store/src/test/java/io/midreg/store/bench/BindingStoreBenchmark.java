package io.midreg.store.bench;

import io.midreg.store.AorRecord;
import io.midreg.store.BindingStore;
import io.midreg.store.BindingStores;
import io.midreg.store.TestRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Store operations on a file holding {@code aors} single-binding AORs with upstream state:
 * the refresh a registrar does per absorbed REGISTER (one read-modify-write), on one and on two
 * threads, and a plain get. Forked JVMs inherit the host JVM's flags (the Chronicle flags come from
 * the exec plugin in store/pom.xml).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class BindingStoreBenchmark {

    /** Distinct records cycled over the AORs, so filling a million takes seconds, not a minute. */
    private static final int RECORD_POOL = 4096;

    @Param("1000000")
    public int aors;

    private Path dir;
    private BindingStore store;
    private String[] keys;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        dir = Files.createTempDirectory("midreg-store-jmh");
        keys = MillionAorSizing.aorKeys(aors);
        AorRecord[] pool = new AorRecord[RECORD_POOL];
        for (int i = 0; i < RECORD_POOL; i++) {
            pool[i] = TestRecords.record(i, TestRecords.NOW);
        }
        store = BindingStores.open(MillionAorSizing.configFor(dir.resolve("bindings.store"), aors));
        for (int i = 0; i < aors; i++) {
            AorRecord record = pool[i % RECORD_POOL];
            store.update(keys[i], c -> record);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Per benchmark thread: its own random AOR sequence and clock. */
    @State(Scope.Thread)
    public static class Cursor {
        final SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
        long now = TestRecords.NOW;
    }

    @Benchmark
    @Threads(1)
    public AorRecord refreshOneThread(Cursor cursor) {
        return refresh(cursor);
    }

    @Benchmark
    @Threads(2)
    public AorRecord refreshTwoThreads(Cursor cursor) {
        return refresh(cursor);
    }

    @Benchmark
    @Threads(1)
    public Optional<AorRecord> get(Cursor cursor) {
        return store.get(keys[cursor.random.nextInt(keys.length)]);
    }

    private AorRecord refresh(Cursor cursor) {
        long now = ++cursor.now;
        return store.update(keys[cursor.random.nextInt(keys.length)], c -> MillionAorSizing.refresh(c, now));
    }
}
