package io.midreg.store.bench;

import io.midreg.store.AorRecord;
import io.midreg.store.Binding;
import io.midreg.store.BindingStore;
import io.midreg.store.BindingStores;
import io.midreg.store.StoreConfig;
import io.midreg.store.StoreStats;
import io.midreg.store.TestRecords;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The 1M-AOR figures that JMH is awkward for: file size and bytes per AOR, heap with the expiry
 * index, time to reopen and rebuild the index, plus timed update/get loops as a cross-check of the
 * JMH numbers. Usage: {@code MillionAorSizing [aors] [seconds-per-rate]}; see store/bench.sh.
 */
public final class MillionAorSizing {

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private MillionAorSizing() {
    }

    public static void main(String[] args) throws Exception {
        int aors = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("midreg-store-sizing");
        try {
            run(dir.resolve("bindings.store"), aors, seconds);
        } finally {
            deleteTree(dir);
        }
    }

    static StoreConfig configFor(Path file, int aors) {
        return StoreConfig.of(file).withCapacity(aors).withExpectedRecordBytes(270).withExpectedAorBytes(32);
    }

    static String[] aorKeys(int aors) {
        String[] keys = new String[aors];
        for (int i = 0; i < aors; i++) {
            keys[i] = TestRecords.aor(i);
        }
        return keys;
    }

    private static void run(Path file, int aors, int seconds) throws Exception {
        StoreConfig config = configFor(file, aors);
        String[] keys = aorKeys(aors);
        System.out.printf("aors=%d jdk=%s cores=%d%n", aors, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());

        long t0 = System.nanoTime();
        try (BindingStore store = BindingStores.open(config)) {
            for (int i = 0; i < aors; i++) {
                int n = i;
                store.update(keys[n], c -> TestRecords.record(n, TestRecords.NOW));
            }
            double fillSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("fill: %.2f s (%.0f inserts/s)%n", fillSeconds, aors / fillSeconds);
            StoreStats stats = store.stats();
            System.out.printf("stats: aors=%d fileBytes=%d usedBytes=%d free=%d%%%n", stats.aors(), stats.fileBytes(),
                    stats.usedBytes(), stats.percentFree());
        }
        long apparent = Files.size(file);
        long allocated = allocatedBytes(file);
        System.out.printf("file: %d bytes apparent (%.1f B/AOR), %d bytes allocated on disk (%.1f B/AOR)%n",
                apparent, (double) apparent / aors, allocated, (double) allocated / aors);

        for (int round = 1; round <= 3; round++) {
            long heapBefore = usedHeapAfterGc();
            long start = System.nanoTime();
            BindingStore store = BindingStores.open(config);
            double reopen = (System.nanoTime() - start) / 1e9;
            long heapAfter = usedHeapAfterGc();
            System.out.printf("reopen+index #%d: %.2f s, indexed=%d, heap of open store+index %.1f MB (%.0f B/AOR)%n",
                    round, reopen, store.stats().indexedAors(), (heapAfter - heapBefore) / 1e6,
                    (double) (heapAfter - heapBefore) / aors);
            if (round == 3) {
                long s = System.nanoTime();
                int due = store.dueBefore(TestRecords.NOW + 200_000, Integer.MAX_VALUE).size();
                System.out.printf("dueBefore over %d AORs: %.1f ms (%d due)%n", aors, (System.nanoTime() - s) / 1e6, due);
                System.out.printf("heap used total (store open, AOR key array held by the benchmark): %.1f MB%n",
                        usedHeapAfterGc() / 1e6);
                rate("update 1 thread", store, keys, seconds, 1, true);
                rate("update 2 threads", store, keys, seconds, 2, true);
                rate("get 1 thread", store, keys, seconds, 1, false);
            }
            store.close();
        }
    }

    /** Refreshes (or reads) random AORs for {@code seconds} on {@code threads} threads. */
    private static void rate(String name, BindingStore store, String[] keys, int seconds, int threads, boolean update)
            throws InterruptedException {
        AtomicLong ops = new AtomicLong();
        AtomicLong cpuNanos = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            long seed = 17 + t;
            workers[t] = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                long n = 0;
                long sink = 0;
                while ((n & 255) != 0 || System.nanoTime() < deadline) {
                    String aor = keys[random.nextInt(keys.length)];
                    if (update) {
                        long now = TestRecords.NOW + n;
                        store.update(aor, c -> refresh(c, now));
                    } else {
                        sink += store.get(aor).orElseThrow().bindings().size();
                    }
                    n++;
                }
                ops.addAndGet(n + (sink == -1 ? 1 : 0));
                cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuStart);
            });
        }
        long start = System.nanoTime();
        for (Thread w : workers) {
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        // The machine is shared: CPU time shows what an operation costs when the thread does run.
        System.out.printf("%s: %.0f ops/s wall (%d ops in %.2f s), %.0f ops per CPU-second of the workers%n", name,
                ops.get() / elapsed, ops.get(), elapsed, ops.get() / (cpuNanos.get() / 1e9));
    }

    /** What the registrar does on an absorbed refresh: next CSeq, new expiry, last seen now. */
    static AorRecord refresh(AorRecord current, long now) {
        Binding b = current.bindings().get(0);
        return current.withBinding(b.refreshed(b.cseq() + 1, now + 120_000, now));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long allocatedBytes(Path file) throws IOException, InterruptedException {
        Process du = new ProcessBuilder("du", "--block-size=1", file.toString()).redirectErrorStream(true).start();
        String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!du.waitFor(30, TimeUnit.SECONDS) || du.exitValue() != 0) {
            return -1;
        }
        return Long.parseLong(out.split("\\s+")[0]);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
