package io.midreg.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a store file was created with, kept as one reserved entry inside the file itself
 * (so it can never be out of step with the data, as a sidecar could be). Plain
 * {@code key=value} lines, readable with a hex dump.
 */
record StoreFileHeader(int storeFormat, long capacity, int expectedRecordBytes, int expectedAorBytes,
                       String createdAt) {

    /** The reserved key; a NUL first character cannot start a SIP AOR. */
    static final String KEY = "\u0000midreg.store";

    /** The file layout version this release writes and reads. */
    static final int CURRENT_FORMAT = 1;

    static StoreFileHeader forNewFile(StoreConfig config) {
        return new StoreFileHeader(CURRENT_FORMAT, config.capacity(), config.expectedRecordBytes(),
                config.expectedAorBytes(), Instant.now().toString());
    }

    byte[] encode() {
        String text = "midreg-store=" + storeFormat + "\n"
                + "capacity=" + capacity + "\n"
                + "expectedRecordBytes=" + expectedRecordBytes + "\n"
                + "expectedAorBytes=" + expectedAorBytes + "\n"
                + "createdAt=" + createdAt + "\n";
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException if the bytes are not a header */
    static StoreFileHeader decode(byte[] bytes) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("bad header line: " + line);
            }
            fields.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return new StoreFileHeader(
                Integer.parseInt(field(fields, "midreg-store")),
                Long.parseLong(field(fields, "capacity")),
                Integer.parseInt(field(fields, "expectedRecordBytes")),
                Integer.parseInt(field(fields, "expectedAorBytes")),
                fields.getOrDefault("createdAt", "?"));
    }

    /** What differs between this file and {@code config}; empty when they agree. */
    List<String> differencesFrom(StoreConfig config) {
        List<String> out = new ArrayList<>();
        if (capacity != config.capacity()) {
            out.add("capacity: file " + capacity + ", configured " + config.capacity());
        }
        if (expectedRecordBytes != config.expectedRecordBytes()) {
            out.add("expectedRecordBytes: file " + expectedRecordBytes + ", configured " + config.expectedRecordBytes());
        }
        if (expectedAorBytes != config.expectedAorBytes()) {
            out.add("expectedAorBytes: file " + expectedAorBytes + ", configured " + config.expectedAorBytes());
        }
        return out;
    }

    private static String field(Map<String, String> fields, String name) {
        String v = fields.get(name);
        if (v == null) {
            throw new IllegalArgumentException("header lacks " + name);
        }
        return v;
    }
}
