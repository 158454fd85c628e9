package io.midreg.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * A read-only view of a store file another process writes. Chronicle Map shares the file through
 * memory mapping and inter-process locks, so the writer's changes are visible at once. The view
 * takes no writer lock, never recovers, creates or moves the file.
 */
final class ChronicleReadOnlyView implements ReadOnlyStoreView {

    private final ChronicleMap<CharSequence, byte[]> map;
    private final RecordReads reads;
    private final long capacity;

    private ChronicleReadOnlyView(Path file, ChronicleMap<CharSequence, byte[]> map, long capacity) {
        this.map = map;
        this.reads = new RecordReads(map, file, new RecordCodec());
        this.capacity = capacity;
    }

    static ChronicleReadOnlyView open(Path file) {
        Path abs = file.toAbsolutePath();
        if (!abs.toFile().isFile()) {
            throw new StoreException("no store file at " + abs);
        }
        ChronicleMap<CharSequence, byte[]> map;
        try {
            map = ChronicleStoreFile.openExisting(abs);
        } catch (IOException | RuntimeException e) {
            throw new StoreCorruptException(abs, null, "Chronicle Map cannot open it: " + e.getMessage(), e);
        }
        try {
            StoreFileHeader header = ChronicleStoreFile.readHeader(map);
            return new ChronicleReadOnlyView(abs, map, header.capacity());
        } catch (RuntimeException e) {
            map.close();
            throw new StoreCorruptException(abs, null, e.getMessage(), e);
        }
    }

    @Override
    public Optional<AorRecord> get(String aor) {
        RecordReads.checkAor(aor);
        return reads.get(aor);
    }

    @Override
    public void forEach(BiConsumer<String, AorRecord> action) {
        reads.forEach(null, Objects.requireNonNull(action, "action"));
    }

    @Override
    public void forEachWithPrefix(String prefix, BiConsumer<String, AorRecord> action) {
        reads.forEach(Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(action, "action"));
    }

    @Override
    public long count() {
        return reads.countInMap();
    }

    @Override
    public StoreStats stats() {
        return reads.stats(reads.countInMap(), capacity, -1, 0);
    }

    @Override
    public void close() {
        map.close();
    }
}
