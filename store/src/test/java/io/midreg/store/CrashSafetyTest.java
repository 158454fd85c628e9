package io.midreg.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a writer mid-stream loses no write it had reported complete. */
class CrashSafetyTest {

    private static final int KILL_AFTER = 600;
    private static final long CAPACITY = 1_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void everyReportedWriteSurvivesKillMinus9() throws Exception {
        Path file = dir.resolve("crash.store");
        List<Integer> reported = new ArrayList<>();
        long childPid;
        try (ChildJvm child = ChildJvm.start(CrashWriterMain.class, file.toString(), Long.toString(CAPACITY),
                "1000000")) {
            assertThat(child.nextLine(60_000)).as("child opened the store; stderr: %s", child.stderr()).isEqualTo("open");
            String line;
            while (reported.size() < KILL_AFTER && (line = child.nextLine(30_000)) != null) {
                reported.add(parse(line));
            }
            assertThat(reported).as("child stderr: %s", child.stderr()).hasSize(KILL_AFTER);

            childPid = child.pid();
            child.kill(); // SIGKILL, mid-stream: the child writes without pause

            // Lines the child printed before it died are reported writes too.
            while ((line = child.nextLine(5_000)) != null) {
                if (line.startsWith("written ")) {
                    reported.add(parse(line));
                }
            }
            assertThat(child.exitValue()).as("killed, not finished").isNotZero();
        }

        // The child never closed the store, so reopening runs crash recovery.
        assertThat(Files.readString(WriterLock.lockFileFor(file))).isEqualTo("open pid=" + childPid + "\n");

        try (BindingStore store = BindingStores.open(StoreConfig.of(file).withCapacity(CAPACITY))) {
            for (int n : reported) {
                AorRecord record = store.get(CrashWriterMain.aorOf(n)).orElse(null);
                assertThat(record).as("AOR of write %d", n).isNotNull();
                assertThat(record.bindings()).as("binding of write %d", n).contains(CrashWriterMain.bindingOf(n));
            }
            assertThat(store.count()).as("every AOR was written before the kill").isEqualTo(CrashWriterMain.AORS);
        }
    }

    private static int parse(String line) {
        assertThat(line).startsWith("written ");
        return Integer.parseInt(line.substring("written ".length()));
    }
}
