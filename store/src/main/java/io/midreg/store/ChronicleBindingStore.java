package io.midreg.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.hash.ChecksumEntry;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;
import net.openhft.chronicle.map.MapSegmentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The writer: a {@link BindingStore} on a Chronicle Map file, with the in-heap expiry index. */
final class ChronicleBindingStore implements BindingStore {

    private static final Logger LOG = LoggerFactory.getLogger(ChronicleBindingStore.class);

    private final StoreConfig config;
    private final Path file;
    private final ChronicleMap<CharSequence, byte[]> map;
    private final WriterLock lock;
    private final RecordCodec codec;
    private final RecordReads reads;
    private final ExpiryIndex index;
    private final AtomicLong aorCount;
    private final long capacity;
    private final long recoveredCorruptions;
    private final InFlightWrites inFlight;
    private final ThreadLocal<WriteBuffer> writeBuffers = ThreadLocal.withInitial(WriteBuffer::new);
    private boolean closed;

    private ChronicleBindingStore(StoreConfig config, Path file, ChronicleMap<CharSequence, byte[]> map,
                                  WriterLock lock, RecordCodec codec, ExpiryIndex index, long aors,
                                  long recoveredCorruptions, InFlightWrites inFlight) {
        this.config = config;
        this.file = file;
        this.map = map;
        this.lock = lock;
        this.codec = codec;
        this.reads = new RecordReads(map, file, codec);
        this.index = index;
        this.aorCount = new AtomicLong(aors);
        this.capacity = config.capacity();
        this.recoveredCorruptions = recoveredCorruptions;
        this.inFlight = inFlight;
    }

    static ChronicleBindingStore open(StoreConfig config) {
        Path file = config.file().toAbsolutePath();
        WriterLock lock;
        try {
            Files.createDirectories(file.getParent());
            lock = WriterLock.acquire(file);
        } catch (IOException e) {
            throw new StoreException("cannot open store " + file + ": " + e, e);
        }
        ChronicleMap<CharSequence, byte[]> map = null;
        InFlightWrites inFlight = null;
        try {
            AtomicLong corruptions = new AtomicLong();
            map = openMap(config, file, lock.previousRunClean(), corruptions);
            checkHeader(map, config, file);
            if (!lock.previousRunClean()) {
                replayInFlight(map, file);
            }
            inFlight = InFlightWrites.create(file, map.segments(), config.maxRecordBytes());
            RecordCodec codec = new RecordCodec();
            // Sized for what the file holds now, not the capacity: a large, mostly empty store
            // should not cost its full index heap up front. The index grows as AORs arrive.
            ExpiryIndex index = new ExpiryIndex(map.longSize());
            long aors = rebuildIndex(map, file, codec, index);
            lock.markOpen();
            LOG.info("store {} open: {} AORs, {} indexed, capacity {}", file, aors, index.size(), config.capacity());
            return new ChronicleBindingStore(config, file, map, lock, codec, index, aors, corruptions.get(), inFlight);
        } catch (RuntimeException | IOException e) {
            closeQuietly(inFlight);
            closeQuietly(map);
            closeQuietly(lock);
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new StoreException("cannot open store " + file + ": " + e, e);
        }
    }

    /**
     * Puts back the records a killed writer was writing ({@link InFlightWrites}): crash recovery
     * drops an entry whose in-place write was cut short, and with it the AOR's acknowledged bindings.
     */
    private static void replayInFlight(ChronicleMap<CharSequence, byte[]> map, Path file) throws IOException {
        int replayed = InFlightWrites.replay(file, map::put);
        if (replayed > 0) {
            LOG.warn("store {}: put back {} record(s) the writer was writing when it died", file, replayed);
        }
    }

    private static ChronicleMap<CharSequence, byte[]> openMap(StoreConfig config, Path file, boolean previousRunClean,
                                                              AtomicLong corruptions) throws IOException {
        if (!Files.exists(file)) {
            LOG.info("creating store {} for {} AORs", file, config.capacity());
            return ChronicleStoreFile.create(config, file);
        }
        if (Files.size(file) == 0) {
            throw quarantine(file, null, "the file is empty", null);
        }
        ChronicleMap<CharSequence, byte[]> map;
        try {
            // Checks Chronicle's own header and the file length without changing the file.
            map = ChronicleStoreFile.openExisting(file);
        } catch (IOException | RuntimeException e) {
            throw quarantine(file, null, "Chronicle Map cannot open it: " + e.getMessage(), e);
        }
        if (previousRunClean) {
            return map;
        }
        map.close();
        LOG.warn("store {} was not closed cleanly (the writer crashed or was killed); running crash recovery", file);
        try {
            return ChronicleStoreFile.recover(file, corruptions);
        } catch (IOException | RuntimeException e) {
            throw quarantine(file, null, "crash recovery failed: " + e.getMessage(), e);
        }
    }

    private static void checkHeader(ChronicleMap<CharSequence, byte[]> map, StoreConfig config, Path file) {
        StoreFileHeader header;
        try {
            header = ChronicleStoreFile.readHeader(map);
        } catch (RuntimeException e) {
            throw quarantine(file, map, e.getMessage(), e);
        }
        if (header.storeFormat() > StoreFileHeader.CURRENT_FORMAT) {
            throw new StoreException("store file " + file + " was written by a newer midreg (store format "
                    + header.storeFormat() + ", this release reads up to " + StoreFileHeader.CURRENT_FORMAT
                    + "); the file was not changed");
        }
        List<String> differences = header.differencesFrom(config);
        if (!differences.isEmpty()) {
            throw new StoreConfigMismatchException(file, differences);
        }
    }

    /** Reads every entry once: verifies its checksum and structure and indexes its due times. */
    private static long rebuildIndex(ChronicleMap<CharSequence, byte[]> map, Path file, RecordCodec codec,
                                     ExpiryIndex index) {
        RecordReads.ReadBuffer buffer = new RecordReads.ReadBuffer();
        RecordCodec.ExpirySummary summary = new RecordCodec.ExpirySummary();
        long aors = 0;
        try {
            for (int segment = 0, n = map.segments(); segment < n; segment++) {
                final int segmentIndex = segment;
                try (MapSegmentContext<CharSequence, byte[], ?> c = map.segmentContext(segment)) {
                    long[] seen = {0};
                    c.forEachSegmentEntry(e -> {
                        if (e instanceof ChecksumEntry && !((ChecksumEntry) e).checkSum()) {
                            throw new MalformedRecordException("entry checksum mismatch in segment " + segmentIndex);
                        }
                        CharSequence key = e.key().get();
                        if (ChronicleStoreFile.isHeaderKey(key)) {
                            return;
                        }
                        String aor = key.toString();
                        int size = buffer.load(e.value());
                        try {
                            codec.summarize(buffer.bytes, 0, size, summary);
                        } catch (MalformedRecordException ex) {
                            throw new MalformedRecordException("record of " + aor + ": " + ex.getMessage());
                        }
                        index.update(aor, summary.earliestBindingExpiry, summary.upstreamExpiry);
                        seen[0]++;
                    });
                    aors += seen[0];
                }
            }
        } catch (RuntimeException e) {
            throw quarantine(file, map, "reading its entries failed: " + e.getMessage(), e);
        }
        return aors;
    }

    private static StoreCorruptException quarantine(Path file, ChronicleMap<?, ?> openMap, String reason,
                                                    Throwable cause) {
        closeQuietly(openMap);
        Path movedTo;
        try {
            movedTo = Quarantine.moveAside(file);
        } catch (IOException e) {
            StoreCorruptException ex = new StoreCorruptException(file, null, reason + " (moving it aside failed: "
                    + e + ")", cause);
            LOG.error(ex.getMessage());
            throw ex;
        }
        StoreCorruptException ex = new StoreCorruptException(file, movedTo, reason, cause);
        LOG.error(ex.getMessage());
        return ex;
    }

    @Override
    public Optional<AorRecord> get(String aor) {
        RecordReads.checkAor(aor);
        return reads.get(aor);
    }

    @Override
    public AorRecord update(String aor, UnaryOperator<AorRecord> change) {
        RecordReads.checkAor(aor);
        Objects.requireNonNull(change, "change");
        try (ExternalMapQueryContext<CharSequence, byte[], ?> c = map.queryContext(aor)) {
            // The update lock excludes other writers of this segment (in any process) but not readers.
            c.updateLock().lock();
            MapEntry<CharSequence, byte[]> entry = c.entry();
            AorRecord current = entry == null ? null : reads.decode(aor, entry.value());
            AorRecord next = change.apply(current);
            if (next == current) {
                return current;
            }
            if (next == null) {
                c.remove(entry);
                aorCount.decrementAndGet();
                index.remove(aor);
                return null;
            }
            WriteBuffer buf = writeBuffers.get();
            codec.encode(next, buf.writer);
            int length = buf.writer.length();
            if (length > config.maxRecordBytes()) {
                throw new RecordTooLargeException(aor, length, config.maxRecordBytes());
            }
            byte[] aorBytes = aor.getBytes(StandardCharsets.UTF_8);
            if (aorBytes.length > InFlightWrites.MAX_AOR_BYTES) {
                throw new RecordTooLargeException(aor, aorBytes.length + length, InFlightWrites.MAX_AOR_BYTES);
            }
            Data<byte[]> value = c.wrapValueBytesAsData(buf.bytesStore(), 0, length);
            int segment = c.segmentIndex();
            inFlight.begin(segment, aorBytes, buf.writer.array(), length);
            try {
                if (entry == null) {
                    insert(c, aor, value);
                } else {
                    replace(c, entry, aor, value);
                }
            } finally {
                inFlight.end(segment);
            }
            // Still under the segment lock, so the index sees this AOR's writes in order.
            index.update(aor, next.earliestBindingExpiry(), next.upstreamExpiry());
            return next;
        }
    }

    private void insert(ExternalMapQueryContext<CharSequence, byte[], ?> c, String aor, Data<byte[]> value) {
        if (aorCount.incrementAndGet() > capacity) {
            aorCount.decrementAndGet();
            throw new StoreFullException(aor, "it holds its capacity of " + capacity + " AORs");
        }
        try {
            c.insert(c.absentEntry(), value);
        } catch (RuntimeException e) {
            aorCount.decrementAndGet();
            throw translate(aor, e);
        }
    }

    private void replace(ExternalMapQueryContext<CharSequence, byte[], ?> c, MapEntry<CharSequence, byte[]> entry,
                         String aor, Data<byte[]> value) {
        try {
            c.replaceValue(entry, value);
        } catch (RuntimeException e) {
            throw translate(aor, e);
        }
    }

    /** Chronicle's own limits, as the store's typed errors. */
    private RuntimeException translate(String aor, RuntimeException e) {
        String message = String.valueOf(e.getMessage());
        if (e instanceof IllegalStateException && message.contains("extra segment tier")) {
            return new StoreFullException(aor, "the store file has no room left in this AOR's segment", e);
        }
        if (e instanceof IllegalArgumentException && message.contains("Entry is too large")) {
            return new RecordTooLargeException(aor, -1, config.maxRecordBytes());
        }
        return e;
    }

    @Override
    public boolean remove(String aor) {
        RecordReads.checkAor(aor);
        try (ExternalMapQueryContext<CharSequence, byte[], ?> c = map.queryContext(aor)) {
            c.updateLock().lock(); // a read lock cannot be upgraded to the write lock remove needs
            MapEntry<CharSequence, byte[]> entry = c.entry();
            if (entry == null) {
                return false;
            }
            c.remove(entry);
            aorCount.decrementAndGet();
            index.remove(aor);
            return true;
        }
    }

    @Override
    public List<DueAor> dueBefore(long epochMillis, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0: " + limit);
        }
        return index.dueBefore(epochMillis, limit);
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
        return aorCount.get();
    }

    @Override
    public StoreStats stats() {
        return reads.stats(aorCount.get(), capacity, index.size(), recoveredCorruptions);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        map.close();
        try {
            inFlight.close();
            Files.deleteIfExists(InFlightWrites.fileFor(file)); // no write is in flight once the map is closed
            lock.markClean();
            lock.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing store " + file + ": lock file " + lock.path(), e);
        }
        LOG.info("store {} closed", file);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing after a failed open", e);
        }
    }

    /** Per-thread encoder output, wrapped once as a Chronicle BytesStore so writes copy no arrays. */
    private static final class WriteBuffer {
        final ByteWriter writer = new ByteWriter(512);
        private byte[] wrapped;
        private BytesStore<?, byte[]> store;

        BytesStore<?, byte[]> bytesStore() {
            if (wrapped != writer.array()) {
                wrapped = writer.array();
                store = BytesStore.wrap(wrapped);
            }
            return store;
        }
    }
}
