package io.midreg.store;

import static io.midreg.store.TestRecords.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Another JVM opens the live file read-only while this one writes, and sees the writes. */
class SecondProcessReadTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void readerInAnotherProcessSeesTheWritersChanges() throws Exception {
        StoreConfig config = StoreConfig.of(dir.resolve("live.store")).withCapacity(1_000);
        String late = "sip:late@pbx.example.com";
        try (BindingStore store = BindingStores.open(config)) {
            for (int i = 0; i < 10; i++) {
                int n = i;
                store.update(TestRecords.aor(n), c -> TestRecords.record(n, NOW));
            }
            try (ChildJvm reader = ChildJvm.start(LiveReaderMain.class, config.file().toString(), late, "60000")) {
                assertThat(reader.nextLine(60_000)).as("stderr: %s", reader.stderr()).isEqualTo("opened count=10");
                assertThat(reader.nextLine(10_000)).isEqualTo("first " + TestRecords.binding(0, NOW).contactUri());

                // Written only after the reader opened the file.
                store.update(late, c -> TestRecords.record(77, NOW));

                assertThat(reader.nextLine(60_000)).as("stderr: %s", reader.stderr())
                        .isEqualTo("seen " + TestRecords.binding(77, NOW).contactUri() + " count=11");
                assertThat(reader.waitFor(30_000)).isTrue();
                assertThat(reader.exitValue()).isZero();
            }
            // The reader took no writer lock and changed nothing the writer relies on.
            store.update(TestRecords.aor(0), c -> c.withUpstream(null));
            assertThat(store.count()).isEqualTo(11);
        }
    }
}
