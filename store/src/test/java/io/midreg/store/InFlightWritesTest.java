package io.midreg.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The records a writer was writing are put back after a crash; finished or torn ones are not. */
class InFlightWritesTest {

    @TempDir
    Path dir;

    private Map<String, String> replayed(Path store) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        InFlightWrites.replay(store, (aor, record) -> out.put(aor, new String(record, StandardCharsets.UTF_8)));
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWriteBegunAndNeverEndedIsReplayedWhole() throws Exception {
        Path store = dir.resolve("s.store");
        try (InFlightWrites w = InFlightWrites.create(store, 8, 64)) {
            byte[] record = bytes("record-of-alice-and-more-bytes-after");
            w.begin(3, bytes("sip:alice@example.com"), record, 15);
        } // never ended: the writer died
        assertThat(replayed(store)).containsExactly(Map.entry("sip:alice@example.com", "record-of-alice"));
    }

    @Test
    void aFinishedWriteIsNotReplayed() throws Exception {
        Path store = dir.resolve("s.store");
        try (InFlightWrites w = InFlightWrites.create(store, 8, 64)) {
            w.begin(0, bytes("sip:bob@example.com"), bytes("new"), 3);
            w.end(0);
            w.begin(7, bytes("sip:carol@example.com"), bytes("carol's"), 7);
        }
        assertThat(replayed(store)).containsExactly(Map.entry("sip:carol@example.com", "carol's"));
    }

    @Test
    void aSlotWrittenOnlyInPartIsSkipped() throws Exception {
        Path store = dir.resolve("s.store");
        try (InFlightWrites w = InFlightWrites.create(store, 2, 64)) {
            w.begin(1, bytes("sip:dave@example.com"), bytes("dave-record"), 11);
        }
        try (RandomAccessFile raf = new RandomAccessFile(InFlightWrites.fileFor(store).toFile(), "rw")) {
            long recordAt = 8 + (16 + InFlightWrites.MAX_AOR_BYTES + 64) + 16 + "sip:dave@example.com".length();
            raf.seek(recordAt);
            raf.write('X'); // as if the kill came while the record was being copied in
        }
        assertThat(replayed(store)).isEmpty();
    }

    @Test
    void aNewFileForgetsTheLastRunsSlotsAndNoFileReplaysNothing() throws Exception {
        Path store = dir.resolve("s.store");
        assertThat(replayed(store)).isEmpty();
        try (InFlightWrites w = InFlightWrites.create(store, 4, 64)) {
            w.begin(2, bytes("sip:erin@example.com"), bytes("erin"), 4);
        }
        InFlightWrites.create(store, 4, 64).close();
        assertThat(replayed(store)).isEmpty();
    }

    @Test
    void theStorePutsBackARecordItsWriterWasWritingWhenItDied() throws Exception {
        Path file = dir.resolve("crash.store");
        StoreConfig config = StoreConfig.of(file).withCapacity(100);
        Binding acknowledged = TestRecords.binding(1, TestRecords.NOW);
        Binding inFlight = TestRecords.binding(2, TestRecords.NOW);
        String aor = TestRecords.aor(1);
        try (BindingStore store = BindingStores.open(config)) {
            store.update(aor, r -> (r == null ? AorRecord.empty() : r).withBinding(acknowledged));
        }
        // A writer that died inside Chronicle's write: its lock file says open, its slot holds the record.
        AorRecord next = AorRecord.empty().withBinding(acknowledged).withBinding(inFlight);
        ByteWriter encoded = new ByteWriter(512);
        new RecordCodec().encode(next, encoded);
        try (InFlightWrites w = InFlightWrites.create(file, 4, config.maxRecordBytes())) {
            w.begin(0, bytes(aor), encoded.array(), encoded.length());
        }
        java.nio.file.Files.writeString(WriterLock.lockFileFor(file), "open pid=1\n");
        try (BindingStore store = BindingStores.open(config)) {
            assertThat(store.get(aor).orElseThrow().bindings()).contains(acknowledged, inFlight);
        }
    }
}
