package io.midreg.store;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.hash.ChronicleHashCorruption;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the store maps onto a Chronicle Map file: sizing, creation, opening and crash recovery. */
final class ChronicleStoreFile {

    private static final Logger LOG = LoggerFactory.getLogger(ChronicleStoreFile.class);

    static final String MAP_NAME = "midreg-bindings";

    /**
     * Extra tiers Chronicle may add when segments fill unevenly or records outgrow the expected
     * size. The AOR count is capped by the store itself, so this is room for updates, not for more AORs.
     */
    private static final double MAX_BLOAT = 2.0;

    private ChronicleStoreFile() {
    }

    /**
     * Every map is opened with Chronicle's close-on-exit hook off: the store's owner closes it.
     * Chronicle's hook would close the map at JVM shutdown while midreg's own shutdown still
     * commits the REGISTERs it relayed upstream; a writer that never closes is recovered as after
     * a crash on its next open.
     */
    static ChronicleMapBuilder<CharSequence, byte[]> builderFor(StoreConfig config) {
        int entryBytes = config.expectedAorBytes() + config.expectedRecordBytes();
        // Small chunks waste little per entry (half a chunk on average); 16 bytes keeps a
        // single-binding AOR under 400 bytes of file.
        int chunk = Math.max(8, Math.min(256, Integer.highestOneBit(entryBytes / 20)));
        return ChronicleMap.of(CharSequence.class, byte[].class)
                .name(MAP_NAME)
                .entries(config.capacity() + 1) // + the header entry
                .averageKeySize(config.expectedAorBytes())
                .averageValueSize(config.expectedRecordBytes())
                .actualChunkSize(chunk)
                .maxBloatFactor(MAX_BLOAT)
                .checksumEntries(true)
                .skipCloseOnExitHook(true);
    }

    static ChronicleMap<CharSequence, byte[]> create(StoreConfig config, Path file) throws IOException {
        ChronicleMap<CharSequence, byte[]> map = builderFor(config).createPersistedTo(file.toFile());
        map.put(StoreFileHeader.KEY, StoreFileHeader.forNewFile(config).encode());
        return map;
    }

    /** Opens an existing file as it was created; Chronicle checks its header and length. */
    static ChronicleMap<CharSequence, byte[]> openExisting(Path file) throws IOException {
        File f = file.toFile();
        if (!f.isFile()) {
            throw new IOException("no store file at " + file);
        }
        return ChronicleMap.of(CharSequence.class, byte[].class).name(MAP_NAME).skipCloseOnExitHook(true).createPersistedTo(f);
    }

    /**
     * Crash recovery: clears the locks a dead writer held and drops entries it left half
     * written (their checksums fail). Only for a file whose header and length already checked out.
     */
    static ChronicleMap<CharSequence, byte[]> recover(Path file, AtomicLong corruptions) throws IOException {
        ChronicleHashCorruption.Listener listener = c -> {
            corruptions.incrementAndGet();
            LOG.warn("store {}: crash recovery repaired segment {}: {}", file, c.segmentIndex(), c.message());
        };
        return ChronicleMap.of(CharSequence.class, byte[].class).name(MAP_NAME).skipCloseOnExitHook(true)
                .recoverPersistedTo(file.toFile(), true, listener);
    }

    /** Reads the header entry. @throws IllegalArgumentException if it is missing or unreadable */
    static StoreFileHeader readHeader(ChronicleMap<CharSequence, byte[]> map) {
        byte[] bytes = map.get(StoreFileHeader.KEY);
        if (bytes == null) {
            throw new IllegalArgumentException("it has no midreg header entry (not a midreg store, or damaged)");
        }
        try {
            return StoreFileHeader.decode(bytes);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("its header entry is unreadable: " + e.getMessage(), e);
        }
    }

    static boolean isHeaderKey(CharSequence key) {
        return key.length() > 0 && key.charAt(0) == '\u0000';
    }
}
