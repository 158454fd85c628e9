package io.midreg.store;

import static io.midreg.store.TestRecords.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import net.openhft.chronicle.map.ChronicleMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged file is detected at open, reported clearly, moved aside and never overwritten. */
class CorruptFileTest {

    @TempDir
    Path dir;

    private StoreConfig config;
    private byte[] intact;

    @BeforeEach
    void writeAStore() throws IOException {
        config = StoreConfig.of(dir.resolve("bindings.store")).withCapacity(500);
        try (BindingStore store = BindingStores.open(config)) {
            for (int i = 0; i < 300; i++) {
                int n = i;
                store.update(TestRecords.aor(n), c -> TestRecords.record(n, NOW));
            }
        }
        intact = Files.readAllBytes(config.file());
    }

    @Test
    void truncatedFile() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(config.file().toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertMovedAsideWithReason("unexpected length");
    }

    @Test
    void emptyFile() throws IOException {
        Files.write(config.file(), new byte[0]);
        assertMovedAsideWithReason("empty");
    }

    @Test
    void garbageOverTheHeader() throws IOException {
        overwrite(0, "this is not a chronicle map header at all".getBytes(StandardCharsets.US_ASCII));
        assertMovedAsideWithReason("Chronicle Map cannot open it");
    }

    @Test
    void damagedRecordFailsItsChecksum() throws IOException {
        // Contacts are stored as plain UTF-8, so one can be found in the file and damaged in place.
        byte[] contact = TestRecords.binding(42, NOW).contactUri().getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(intact, contact);
        assertThat(at).as("contact of AOR 42 in the file").isPositive();
        overwrite(at + 4, "XXXX".getBytes(StandardCharsets.US_ASCII));
        assertMovedAsideWithReason("checksum");
    }

    @Test
    void chronicleMapThatIsNotAMidregStore() throws IOException {
        Files.delete(config.file());
        try (ChronicleMap<CharSequence, byte[]> foreign = ChronicleMap.of(CharSequence.class, byte[].class)
                .entries(10).averageKeySize(10).averageValueSize(10).createPersistedTo(config.file().toFile())) {
            foreign.put("some", new byte[] {1, 2, 3});
        }
        intact = Files.readAllBytes(config.file());
        assertMovedAsideWithReason("no midreg header");
    }

    @Test
    void readOnlyViewReportsDamageButLeavesTheFileInPlace() throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(config.file().toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        assertThatThrownBy(() -> BindingStores.openReadOnly(config.file()))
                .isInstanceOfSatisfying(StoreCorruptException.class, e -> assertThat(e.movedTo()).isNull());
        assertThat(config.file()).exists();
    }

    private void assertMovedAsideWithReason(String reason) throws IOException {
        byte[] damaged = Files.readAllBytes(config.file());
        assertThatThrownBy(() -> BindingStores.open(config))
                .isInstanceOfSatisfying(StoreCorruptException.class, e -> {
                    assertThat(e.movedTo()).isNotNull();
                    assertThat(e.movedTo().getFileName().toString()).startsWith("bindings.store.corrupt-");
                })
                .hasMessageContaining(reason)
                .hasMessageContaining("moved aside to");

        assertThat(config.file()).doesNotExist();
        Path aside;
        try (Stream<Path> files = Files.list(dir)) {
            aside = files.filter(p -> p.getFileName().toString().startsWith("bindings.store.corrupt-")).findFirst()
                    .orElseThrow();
        }
        assertThat(Files.readAllBytes(aside)).as("the damaged file is kept byte for byte").isEqualTo(damaged);

        // The next open starts a fresh, empty store and leaves the damaged copy alone.
        try (BindingStore store = BindingStores.open(config)) {
            assertThat(store.count()).isZero();
        }
        assertThat(Files.readAllBytes(aside)).isEqualTo(damaged);
    }

    private void overwrite(long position, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(config.file().toFile(), "rw")) {
            f.seek(position);
            f.write(bytes);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
