package io.midreg.store;

import static io.midreg.store.TestRecords.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleBindingStoreTest {

    @TempDir
    Path dir;

    private StoreConfig config(long capacity) {
        return StoreConfig.of(dir.resolve("bindings.store")).withCapacity(capacity);
    }

    @Test
    void storesReadsAndKeepsRecordsAcrossReopen() {
        StoreConfig config = config(1_000);
        try (BindingStore store = BindingStores.open(config)) {
            assertThat(store.get(TestRecords.aor(1))).isEmpty();
            AorRecord written = store.update(TestRecords.aor(1), current -> {
                assertThat(current).isNull();
                return TestRecords.record(1, NOW);
            });
            assertThat(written).isEqualTo(TestRecords.record(1, NOW));
            assertThat(store.get(TestRecords.aor(1))).contains(TestRecords.record(1, NOW));
            assertThat(store.count()).isEqualTo(1);
        }
        assertThat(Files.exists(config.file())).isTrue();
        try (BindingStore store = BindingStores.open(config)) {
            assertThat(store.get(TestRecords.aor(1))).contains(TestRecords.record(1, NOW));
            assertThat(store.count()).isEqualTo(1);
        }
    }

    @Test
    void updateSeesTheCurrentRecordAndNullRemoves() {
        try (BindingStore store = BindingStores.open(config(100))) {
            String aor = TestRecords.aor(2);
            store.update(aor, current -> TestRecords.record(2, NOW));
            AorRecord second = store.update(aor, current -> current.withBinding(TestRecords.binding(3, NOW)));
            assertThat(second.bindings()).hasSize(2);
            assertThat(store.get(aor)).contains(second);

            assertThat(store.update(aor, current -> null)).isNull();
            assertThat(store.get(aor)).isEmpty();
            assertThat(store.count()).isZero();
            assertThat(store.dueBefore(Long.MAX_VALUE, 10)).isEmpty();
        }
    }

    @Test
    void aFailingChangeWritesNothing() {
        try (BindingStore store = BindingStores.open(config(100))) {
            String aor = TestRecords.aor(4);
            store.update(aor, current -> TestRecords.record(4, NOW));
            assertThatThrownBy(() -> store.update(aor, current -> {
                throw new IllegalStateException("policy says no");
            })).hasMessage("policy says no");
            assertThat(store.get(aor)).contains(TestRecords.record(4, NOW));
            // The segment lock was released: another update goes through.
            store.update(aor, current -> current.withUpstream(null));
            assertThat(store.get(aor).orElseThrow().upstream()).isNull();
        }
    }

    @Test
    void concurrentUpdatesOfOneAorLoseNoWrite() throws Exception {
        int threads = 4;
        int perThread = 500;
        try (BindingStore store = BindingStores.open(config(100))) {
            String aor = TestRecords.aor(5);
            store.update(aor, current -> TestRecords.record(5, NOW));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        // Read-modify-write of the CSeq: a lost update would show as a lower count.
                        store.update(aor, current -> {
                            Binding b = current.bindings().get(0);
                            return current.withBinding(b.refreshed(b.cseq() + 1, b.expiresAt(), b.lastSeenAt()));
                        });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            long initial = TestRecords.binding(5, NOW).cseq();
            assertThat(store.get(aor).orElseThrow().bindings().get(0).cseq()).isEqualTo(initial + threads * perThread);
        }
    }

    @Test
    void removeIterateAndPrefix() {
        try (BindingStore store = BindingStores.open(config(100))) {
            for (int i = 0; i < 30; i++) {
                store.update(TestRecords.aor(i), current -> TestRecords.record(0, NOW));
            }
            store.update("sip:alice@other.example.org", current -> TestRecords.record(1, NOW));
            assertThat(store.remove(TestRecords.aor(7))).isTrue();
            assertThat(store.remove(TestRecords.aor(7))).isFalse();

            Map<String, AorRecord> all = new TreeMap<>();
            store.forEach(all::put);
            assertThat(all).hasSize(30).doesNotContainKey(TestRecords.aor(7)).containsKey("sip:alice@other.example.org");
            assertThat(all.values()).allMatch(r -> r.bindings().size() == 1);

            List<String> prefixed = new ArrayList<>();
            store.forEachWithPrefix("sip:+49300000", (aor, record) -> prefixed.add(aor));
            assertThat(prefixed).hasSize(29).allMatch(a -> a.startsWith("sip:+49300000"));
            assertThat(store.count()).isEqualTo(30);
        }
    }

    @Test
    void iterationMayWriteToTheStore() {
        try (BindingStore store = BindingStores.open(config(100))) {
            for (int i = 0; i < 20; i++) {
                int n = i;
                store.update(TestRecords.aor(n), current -> TestRecords.record(n, NOW));
            }
            // An expiry sweep: iterate and remove. Would deadlock if the action ran under the segment lock.
            store.forEach((aor, record) -> store.remove(aor));
            assertThat(store.count()).isZero();
        }
    }

    @Test
    void expiryIndexFollowsWritesAndIsRebuiltOnOpen() {
        StoreConfig config = config(100);
        try (BindingStore store = BindingStores.open(config)) {
            store.update(TestRecords.aor(1), c -> TestRecords.record(1, NOW));          // binding NOW+120s, upstream NOW+1h
            store.update(TestRecords.aor(2), c -> TestRecords.record(2, NOW + 600_000)); // binding NOW+720s
            store.update(TestRecords.aor(3), c -> new AorRecord(List.of(), null));     // nothing to expire

            assertThat(store.dueBefore(NOW + 200_000, 100)).extracting(DueAor::aor).containsExactly(TestRecords.aor(1));
            List<DueAor> hour = store.dueBefore(NOW + 3_600_001, 100);
            assertThat(hour).extracting(DueAor::aor).containsExactlyInAnyOrder(TestRecords.aor(1), TestRecords.aor(2));
            assertThat(hour).filteredOn(d -> d.aor().equals(TestRecords.aor(1))).singleElement()
                    .satisfies(d -> assertThat(d.upstreamDue()).isTrue());
        }
        try (BindingStore store = BindingStores.open(config)) {
            assertThat(store.dueBefore(NOW + 200_000, 100)).extracting(DueAor::aor).containsExactly(TestRecords.aor(1));
            assertThat(store.stats().indexedAors()).isEqualTo(2);
        }
    }

    @Test
    void oversizedRecordIsRefusedAndTheOldOneKept() {
        StoreConfig config = config(100).withMaxRecordBytes(2_000);
        try (BindingStore store = BindingStores.open(config)) {
            String aor = TestRecords.aor(1);
            store.update(aor, c -> TestRecords.record(1, NOW));
            AorRecord huge = new AorRecord(java.util.stream.IntStream.range(0, 50)
                    .mapToObj(i -> TestRecords.binding(i, NOW)).collect(Collectors.toList()), null);

            assertThatThrownBy(() -> store.update(aor, c -> huge))
                    .isInstanceOfSatisfying(RecordTooLargeException.class, e -> {
                        assertThat(e.encodedBytes()).isGreaterThan(2_000);
                        assertThat(e.maxBytes()).isEqualTo(2_000);
                        assertThat(e.aor()).isEqualTo(aor);
                    });
            assertThat(store.get(aor)).contains(TestRecords.record(1, NOW));
            assertThatThrownBy(() -> store.update(TestRecords.aor(2), c -> huge)).isInstanceOf(RecordTooLargeException.class);
            assertThat(store.count()).isEqualTo(1);
        }
    }

    @Test
    void recordOverTheFilesOwnLimitIsRefusedWithTheSameTypedError() {
        // A tiny store cannot hold a record near the 1 MiB ceiling even if the configured maximum allows it.
        StoreConfig config = config(4).withMaxRecordBytes(StoreConfig.LIMIT_MAX_RECORD_BYTES);
        try (BindingStore store = BindingStores.open(config)) {
            Binding big = new Binding("sip:x@h;blob=" + "x".repeat(900_000), null, 0, "h", 5060, "udp", null,
                    List.of(), "cid", 1, NOW, Binding.NO_Q, null, NOW, NOW);
            assertThatThrownBy(() -> store.update(TestRecords.aor(1), c -> new AorRecord(List.of(big), null)))
                    .isInstanceOf(RecordTooLargeException.class);
            assertThat(store.count()).isZero();
            store.update(TestRecords.aor(1), c -> TestRecords.record(1, NOW)); // the store still works
            assertThat(store.count()).isEqualTo(1);
        }
    }

    @Test
    void fullStoreRefusesNewAorsButServesAndUpdatesExistingOnes() {
        int capacity = 50;
        try (BindingStore store = BindingStores.open(config(capacity))) {
            for (int i = 0; i < capacity; i++) {
                int n = i;
                store.update(TestRecords.aor(n), c -> TestRecords.record(n, NOW));
            }
            assertThatThrownBy(() -> store.update(TestRecords.aor(capacity), c -> TestRecords.record(capacity, NOW)))
                    .isInstanceOfSatisfying(StoreFullException.class,
                            e -> assertThat(e.aor()).isEqualTo(TestRecords.aor(capacity)));
            assertThat(store.get(TestRecords.aor(capacity))).isEmpty();
            assertThat(store.count()).isEqualTo(capacity);

            // Existing AORs still update, even growing to several bindings each.
            for (int i = 0; i < capacity; i++) {
                int n = i;
                store.update(TestRecords.aor(n), c -> c.withBinding(TestRecords.binding(n + 1000, NOW))
                        .withBinding(TestRecords.binding(n + 2000, NOW)));
            }
            assertThat(store.get(TestRecords.aor(3)).orElseThrow().bindings()).hasSize(3);

            // Room again after a removal.
            store.remove(TestRecords.aor(0));
            store.update(TestRecords.aor(capacity), c -> TestRecords.record(capacity, NOW));
            assertThat(store.count()).isEqualTo(capacity);
        }
    }

    @Test
    void reopeningWithOtherSizingFailsSayingWhatDiffersAndLeavesTheFileAlone() throws Exception {
        StoreConfig config = config(1_000);
        try (BindingStore store = BindingStores.open(config)) {
            store.update(TestRecords.aor(1), c -> TestRecords.record(1, NOW));
        }
        byte[] before = Files.readAllBytes(config.file());

        assertThatThrownBy(() -> BindingStores.open(config.withCapacity(2_000).withExpectedRecordBytes(500)))
                .isInstanceOfSatisfying(StoreConfigMismatchException.class, e -> assertThat(e.differences())
                        .containsExactly("capacity: file 1000, configured 2000",
                                "expectedRecordBytes: file " + StoreConfig.DEFAULT_EXPECTED_RECORD_BYTES
                                        + ", configured 500"))
                .hasMessageContaining("capacity: file 1000, configured 2000");

        assertThat(Files.readAllBytes(config.file())).isEqualTo(before);
        try (BindingStore store = BindingStores.open(config)) { // and the lock was released
            assertThat(store.get(TestRecords.aor(1))).contains(TestRecords.record(1, NOW));
        }
    }

    @Test
    void maxRecordBytesMayChangeBetweenRuns() {
        StoreConfig config = config(100);
        BindingStores.open(config).close();
        try (BindingStore store = BindingStores.open(config.withMaxRecordBytes(4_096))) {
            assertThat(store.count()).isZero();
        }
    }

    @Test
    void secondWriterIsRefusedWhileTheFirstHasItOpen() {
        StoreConfig config = config(100);
        try (BindingStore store = BindingStores.open(config)) {
            assertThatThrownBy(() -> BindingStores.open(config)).isInstanceOf(StoreLockedException.class)
                    .hasMessageContaining("read-only");
            assertThat(store.count()).isZero();
        }
    }

    @Test
    void statsReportEntriesCapacityAndBytes() {
        try (BindingStore store = BindingStores.open(config(1_000))) {
            for (int i = 0; i < 100; i++) {
                int n = i;
                store.update(TestRecords.aor(n), c -> TestRecords.record(n, NOW));
            }
            StoreStats stats = store.stats();
            assertThat(stats.aors()).isEqualTo(100);
            assertThat(stats.capacity()).isEqualTo(1_000);
            assertThat(stats.indexedAors()).isEqualTo(100);
            assertThat(stats.fileBytes()).isPositive();
            assertThat(stats.usedBytes()).isPositive().isLessThanOrEqualTo(stats.fileBytes());
            assertThat(stats.percentFree()).isBetween(0, 100);
        }
    }

    @Test
    void invalidAorsAreRejected() {
        try (BindingStore store = BindingStores.open(config(10))) {
            assertThatThrownBy(() -> store.get("")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.update("\u0000midreg.store", c -> AorRecord.empty()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
