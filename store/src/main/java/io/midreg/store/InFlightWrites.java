package io.midreg.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import java.util.zip.CRC32;

/**
 * The record each segment is writing, kept beside the store until the write is done, so that a
 * kill -9 in the middle of a write loses nothing that was acknowledged.
 *
 * <p>Why: Chronicle Map replaces a value that still fits its chunks in place. A writer killed
 * between the new bytes and the entry's checksum leaves an entry whose checksum fails, and crash
 * recovery drops the whole entry: the AOR's earlier bindings, each of them acknowledged with a
 * 200, go with the write that was never acknowledged. So before each write the new record is
 * copied into its segment's slot here (a memory-mapped file, {@code STORE.inflight}), and the
 * slot is marked empty once Chronicle has the write. Crash recovery puts back every record whose
 * slot is still marked: it is the whole record the writer had decided on, as if its write had
 * finished just before the kill.
 *
 * <p>One slot per segment: a writer holds the segment's update lock while it uses the slot, so
 * no two writers share one. Only the process that holds the writer lock writes here. A kill -9
 * stops the writer's program but not the kernel: what it stored into the mapping is in the file.
 * (A power loss is another matter; the store makes no promise there, nor does Chronicle.)
 *
 * <p>File layout: a magic int and the slot size, then one slot per segment. Slot layout: state
 * int (1 = a write in flight), AOR length, record length, CRC-32 of AOR and record, then the AOR
 * (UTF-8) and the record.
 */
final class InFlightWrites implements AutoCloseable {
    /** The longest AOR a slot holds, in UTF-8 bytes; longer AORs are refused as too large. */
    static final int MAX_AOR_BYTES = 2048;
    private static final int HEADER = 16;
    private static final int FILE_HEADER = 8;
    private static final int MAGIC = 0x4D524946; // "MRIF"

    private final int slotSize;
    private final int slotsPerMapping;
    private final MappedByteBuffer[] mappings;
    private final RandomAccessFile raf;

    private InFlightWrites(RandomAccessFile raf, int slotSize, int slotsPerMapping, MappedByteBuffer[] mappings) {
        this.raf = raf;
        this.slotSize = slotSize;
        this.slotsPerMapping = slotsPerMapping;
        this.mappings = mappings;
    }

    static Path fileFor(Path storeFile) {
        return storeFile.resolveSibling(storeFile.getFileName() + ".inflight");
    }

    /** A new, empty file of {@code segments} slots for records of up to {@code maxRecordBytes}. */
    static InFlightWrites create(Path storeFile, int segments, int maxRecordBytes) throws IOException {
        Path path = fileFor(storeFile);
        Files.deleteIfExists(path); // what it held was replayed, or the last run closed cleanly
        int slotSize = HEADER + MAX_AOR_BYTES + maxRecordBytes;
        int slotsPerMapping = Math.max(1, Integer.MAX_VALUE / slotSize);
        RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw");
        try {
            raf.setLength(FILE_HEADER + (long) segments * slotSize); // sparse: a page is used once its slot is
            raf.writeInt(MAGIC);
            raf.writeInt(slotSize);
            int count = (segments + slotsPerMapping - 1) / slotsPerMapping;
            MappedByteBuffer[] mappings = new MappedByteBuffer[count];
            for (int i = 0; i < count; i++) {
                long start = (long) i * slotsPerMapping * slotSize;
                long size = Math.min((long) slotsPerMapping * slotSize, (long) segments * slotSize - start);
                mappings[i] = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, FILE_HEADER + start, size);
            }
            return new InFlightWrites(raf, slotSize, slotsPerMapping, mappings);
        } catch (IOException | RuntimeException e) {
            raf.close();
            throw e;
        }
    }

    /** Marks {@code segment}'s slot as writing this record. The caller holds the segment's update lock. */
    void begin(int segment, byte[] aor, byte[] record, int length) {
        MappedByteBuffer m = mappings[segment / slotsPerMapping];
        int at = (segment % slotsPerMapping) * slotSize;
        CRC32 crc = new CRC32();
        crc.update(aor);
        crc.update(record, 0, length);
        m.putInt(at + 4, aor.length);
        m.putInt(at + 8, length);
        m.putInt(at + 12, (int) crc.getValue());
        m.put(at + HEADER, aor);
        m.put(at + HEADER + aor.length, record, 0, length);
        VarHandle.releaseFence(); // the record is in the slot before the slot says so
        m.putInt(at, 1);
    }

    /** Marks {@code segment}'s slot empty: Chronicle has the write. */
    void end(int segment) {
        VarHandle.releaseFence();
        mappings[segment / slotsPerMapping].putInt((segment % slotsPerMapping) * slotSize, 0);
    }

    /**
     * Every record a dead writer left in flight, whole (its CRC checks out), to {@code action}
     * as (AOR, record); a slot written only in part is skipped (the write it began was not
     * acknowledged, and Chronicle's entry is still the earlier one). Reads the file, if any.
     *
     * @return how many records were handed over
     */
    static int replay(Path storeFile, BiConsumer<String, byte[]> action) throws IOException {
        Path path = fileFor(storeFile);
        if (!Files.exists(path)) {
            return 0;
        }
        int replayed = 0;
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r")) {
            long size = raf.length();
            byte[] header = new byte[HEADER];
            ByteBuffer h = ByteBuffer.wrap(header);
            if (size < FILE_HEADER || raf.readInt() != MAGIC) {
                return 0;
            }
            long stride = raf.readInt(); // the slot size of the run that wrote it
            for (long at = FILE_HEADER; stride > HEADER && at + HEADER <= size; at += stride) {
                raf.seek(at);
                raf.readFully(header);
                if (h.getInt(0) != 1) {
                    continue;
                }
                int aorLength = h.getInt(4);
                int length = h.getInt(8);
                if (aorLength <= 0 || aorLength > MAX_AOR_BYTES || length <= 0 || at + HEADER + aorLength + length > size) {
                    continue;
                }
                byte[] aor = new byte[aorLength];
                byte[] record = new byte[length];
                raf.readFully(aor);
                raf.readFully(record);
                CRC32 crc = new CRC32();
                crc.update(aor);
                crc.update(record);
                if ((int) crc.getValue() != h.getInt(12)) {
                    continue;
                }
                action.accept(new String(aor, StandardCharsets.UTF_8), record);
                replayed++;
            }
        }
        return replayed;
    }

    @Override
    public void close() throws IOException {
        raf.close();
    }
}
