package io.midreg.store;

import static io.midreg.store.TestRecords.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UncleanShutdownTest {

    @TempDir
    Path dir;

    @Test
    void lockFileMarksOpenWhileRunningAndCleanAfterClose() throws Exception {
        StoreConfig config = StoreConfig.of(dir.resolve("s.store")).withCapacity(10);
        Path lock = WriterLock.lockFileFor(config.file());
        try (BindingStore store = BindingStores.open(config)) {
            assertThat(Files.readString(lock)).startsWith("open pid=" + ProcessHandle.current().pid());
            assertThat(store.count()).isZero();
        }
        assertThat(Files.readString(lock)).isEqualTo("clean\n");
    }

    @Test
    void storeLeftOpenIsRecoveredWithItsData() throws Exception {
        StoreConfig config = StoreConfig.of(dir.resolve("s.store")).withCapacity(100);
        try (BindingStore store = BindingStores.open(config)) {
            for (int i = 0; i < 50; i++) {
                int n = i;
                store.update(TestRecords.aor(n), c -> TestRecords.record(n, NOW));
            }
        }
        // As if the writer had died: its mark says it is still open.
        Files.write(WriterLock.lockFileFor(config.file()), "open pid=1\n".getBytes(StandardCharsets.US_ASCII));

        try (BindingStore store = BindingStores.open(config)) {
            assertThat(store.count()).isEqualTo(50);
            assertThat(store.get(TestRecords.aor(49))).contains(TestRecords.record(49, NOW));
            assertThat(store.stats().recoveredCorruptions()).isZero();
        }
    }
}
