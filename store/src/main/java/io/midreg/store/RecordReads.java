package io.midreg.store;

import java.nio.file.Path;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.map.MapSegmentContext;

/** Reading and decoding records from the map; shared by the writer and the read-only view. */
final class RecordReads {

    private final ChronicleMap<CharSequence, byte[]> map;
    private final Path file;
    private final RecordCodec codec;
    private final ThreadLocal<ReadBuffer> buffers = ThreadLocal.withInitial(ReadBuffer::new);

    RecordReads(ChronicleMap<CharSequence, byte[]> map, Path file, RecordCodec codec) {
        this.map = map;
        this.file = file;
        this.codec = codec;
    }

    Optional<AorRecord> get(String aor) {
        try (ExternalMapQueryContext<CharSequence, byte[], ?> c = map.queryContext(aor)) {
            MapEntry<CharSequence, byte[]> entry = c.entry(); // takes the read lock
            return entry == null ? Optional.empty() : Optional.of(decode(aor, entry.value()));
        }
    }

    /** Decodes a value in place in the mapped file (copied once into a per-thread buffer). */
    AorRecord decode(String aor, Data<byte[]> value) {
        ReadBuffer buf = buffers.get();
        int size = buf.load(value);
        try {
            return codec.decode(buf.bytes, 0, size);
        } catch (MalformedRecordException e) {
            throw new StoreCorruptException(file, null, "record of " + aor + " does not decode: " + e.getMessage(), e);
        }
    }

    static void checkAor(String aor) {
        if (aor == null || aor.isEmpty() || ChronicleStoreFile.isHeaderKey(aor)) {
            throw new IllegalArgumentException("AOR must be non-empty and not start with NUL: " + aor);
        }
    }

    void forEach(String prefix, BiConsumer<String, AorRecord> action) {
        List<Map.Entry<String, AorRecord>> batch = new ArrayList<>();
        for (int segment = 0, n = map.segments(); segment < n; segment++) {
            batch.clear();
            try (MapSegmentContext<CharSequence, byte[], ?> c = map.segmentContext(segment)) {
                c.forEachSegmentEntry(e -> {
                    CharSequence key = e.key().get();
                    if (ChronicleStoreFile.isHeaderKey(key) || (prefix != null && !startsWith(key, prefix))) {
                        return;
                    }
                    String aor = key.toString();
                    batch.add(new SimpleImmutableEntry<>(aor, decode(aor, e.value())));
                });
            }
            // Outside the segment lock, so the action may call the store.
            for (Map.Entry<String, AorRecord> e : batch) {
                action.accept(e.getKey(), e.getValue());
            }
        }
    }

    /** AORs in the map, not counting the header entry. */
    long countInMap() {
        return Math.max(0, map.longSize() - 1);
    }

    StoreStats stats(long aors, long capacity, long indexed, long recoveredCorruptions) {
        long fileBytes = file.toFile().length();
        int free = map.percentageFreeSpace();
        return new StoreStats(aors, capacity, fileBytes, fileBytes * (100 - free) / 100, free, indexed,
                recoveredCorruptions);
    }

    private static boolean startsWith(CharSequence s, String prefix) {
        if (s.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (s.charAt(i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A growable per-thread copy target for values. */
    static final class ReadBuffer {
        byte[] bytes = new byte[1024];
        int size;

        int load(Data<byte[]> value) {
            long s = value.size();
            if (s > Integer.MAX_VALUE) {
                throw new IllegalStateException("value of " + s + " bytes");
            }
            size = (int) s;
            if (bytes.length < size) {
                bytes = new byte[Math.max(size, bytes.length * 2)];
            }
            value.bytes().read(value.offset(), bytes, 0, size);
            return size;
        }
    }
}
