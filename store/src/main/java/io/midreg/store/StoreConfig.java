package io.midreg.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to open the store.
 *
 * <p>{@code capacity}, {@code expectedRecordBytes} and {@code expectedAorBytes} size the file when
 * it is created and are recorded in it; reopening with other values fails with
 * {@link StoreConfigMismatchException}. {@code maxRecordBytes} is a per-write limit and may change
 * between runs.
 *
 * @param file                the store file; created with its directory on first open
 * @param capacity            how many AORs the store accepts; the next new AOR gets {@link StoreFullException}
 * @param expectedRecordBytes the average encoded record size (a single-binding AOR with upstream
 *                            state is about 260 bytes)
 * @param expectedAorBytes    the average AOR length in bytes
 * @param maxRecordBytes      the largest encoded record accepted; larger ones get {@link RecordTooLargeException}
 */
public record StoreConfig(Path file, long capacity, int expectedRecordBytes, int expectedAorBytes,
                          int maxRecordBytes) {

    public static final long DEFAULT_CAPACITY = 100_000;
    public static final int DEFAULT_EXPECTED_RECORD_BYTES = 280;
    public static final int DEFAULT_EXPECTED_AOR_BYTES = 32;
    public static final int DEFAULT_MAX_RECORD_BYTES = 16 * 1024;

    /** Upper bound for {@code maxRecordBytes}: a record is read and written whole. */
    public static final int LIMIT_MAX_RECORD_BYTES = 1024 * 1024;

    public StoreConfig {
        Objects.requireNonNull(file, "file");
        if (capacity < 1 || capacity > 1_000_000_000L) {
            throw new IllegalArgumentException("capacity must be 1..1000000000: " + capacity);
        }
        if (expectedRecordBytes < 16 || expectedRecordBytes > maxRecordBytes) {
            throw new IllegalArgumentException("expectedRecordBytes must be 16..maxRecordBytes ("
                    + maxRecordBytes + "): " + expectedRecordBytes);
        }
        if (expectedAorBytes < 4 || expectedAorBytes > 1024) {
            throw new IllegalArgumentException("expectedAorBytes must be 4..1024: " + expectedAorBytes);
        }
        if (maxRecordBytes > LIMIT_MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("maxRecordBytes must be at most " + LIMIT_MAX_RECORD_BYTES + ": "
                    + maxRecordBytes);
        }
    }

    /** The defaults for {@code file}. */
    public static StoreConfig of(Path file) {
        return new StoreConfig(file, DEFAULT_CAPACITY, DEFAULT_EXPECTED_RECORD_BYTES, DEFAULT_EXPECTED_AOR_BYTES,
                DEFAULT_MAX_RECORD_BYTES);
    }

    public StoreConfig withCapacity(long newCapacity) {
        return new StoreConfig(file, newCapacity, expectedRecordBytes, expectedAorBytes, maxRecordBytes);
    }

    public StoreConfig withExpectedRecordBytes(int bytes) {
        return new StoreConfig(file, capacity, bytes, expectedAorBytes, maxRecordBytes);
    }

    public StoreConfig withExpectedAorBytes(int bytes) {
        return new StoreConfig(file, capacity, expectedRecordBytes, bytes, maxRecordBytes);
    }

    public StoreConfig withMaxRecordBytes(int bytes) {
        return new StoreConfig(file, capacity, expectedRecordBytes, expectedAorBytes, bytes);
    }
}
