package io.midreg.store;

import static io.midreg.store.TestRecords.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A graceful stop followed at once by a start (a service manager's restart) must find the store
 * whole: closing it while other threads still write ends their writes with an exception, never
 * with a half-written entry or a segment lock left held, and the file is marked clean, so the next
 * open needs no crash recovery and sees every AOR.
 */
class CloseWhileWritingTest {
    private static final int WRITERS = 4;
    private static final int AORS_EACH = 500;

    @TempDir
    Path dir;

    @Test
    void closedWhileWritersRunTheStoreReopensWholeAndClean() throws Exception {
        StoreConfig config = StoreConfig.of(dir.resolve("s.store")).withCapacity(WRITERS * AORS_EACH);
        BindingStore store = BindingStores.open(config);
        AtomicLong writes = new AtomicLong();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < WRITERS; t++) {
            int base = t * AORS_EACH;
            Thread w = new Thread(() -> {
                try {
                    for (long k = 0; k < 100_000_000L; k++) { // bounded; ends when the store closes
                        int n = base + (int) (k % AORS_EACH);
                        store.update(TestRecords.aor(n), c -> TestRecords.record(n, NOW));
                        writes.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    ended.compareAndSet(null, e);
                }
            }, "writer-" + t);
            w.setDaemon(true);
            w.start();
            writers.add(w);
        }
        while (writes.get() < 5 * WRITERS * AORS_EACH) Thread.sleep(1);
        store.close();
        for (Thread w : writers) w.join(30_000);

        assertThat(ended.get()).as("writers stopped by the close").isNotNull();
        assertThat(Files.readString(WriterLock.lockFileFor(config.file()))).isEqualTo("clean\n");
        try (BindingStore again = BindingStores.open(config)) {
            assertThat(again.count()).isEqualTo(WRITERS * AORS_EACH);
            for (int n = 0; n < WRITERS * AORS_EACH; n++) {
                assertThat(again.get(TestRecords.aor(n))).as("AOR %d", n).contains(TestRecords.record(n, NOW));
                int k = n;
                again.update(TestRecords.aor(k), c -> TestRecords.record(k, NOW + 1)); // no segment lock left held
            }
        }
    }
}
