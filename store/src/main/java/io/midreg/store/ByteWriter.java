package io.midreg.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable output buffer with the primitives of the record format: unsigned varints,
 * delta-coded times and packed strings. One instance per thread; {@link #reset()} between records.
 */
final class ByteWriter {

    private byte[] buf;
    private int pos;
    private long previousTime;

    ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    void reset() {
        pos = 0;
        previousTime = 0;
    }

    int length() {
        return pos;
    }

    /** The backing array; valid bytes are {@code [0, length())}. */
    byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    void writeByte(int b) {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    /** Unsigned LEB128. */
    void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[pos++] = (byte) v;
    }

    void writeVarInt(int v) {
        writeVarLong(v & 0xFFFF_FFFFL);
    }

    /**
     * A time as the zig-zag delta from the previous time written in this record, so the
     * neighbouring times of a record cost 3-4 bytes instead of 6. {@code 0} ("not set") costs one byte.
     */
    void writeTime(long epochMillis) {
        if (epochMillis == 0) {
            writeVarLong(0);
            return;
        }
        long delta = epochMillis - previousTime;
        writeVarLong(((delta << 1) ^ (delta >> 63)) + 1);
        previousTime = epochMillis;
    }

    /**
     * A string with a header varint {@code 0} for null, else {@code 1 + (len << 3 | kind)}.
     * Identifiers that are hex, base64url or UUID URNs are packed (Call-IDs, tokens, instance ids
     * make up most of a record); everything else is UTF-8.
     */
    void writeString(String s) {
        if (s == null) {
            writeVarLong(0);
            return;
        }
        int n = s.length();
        int uuidForm = StringPacking.uuidUrnForm(s);
        if (uuidForm >= 0) {
            writeHeader(uuidForm, StringPacking.KIND_UUID_URN);
            ensure(16);
            pos = StringPacking.packUuid(s, uuidForm, buf, pos);
            return;
        }
        if (n >= StringPacking.MIN_PACKED_LENGTH) {
            int kind = StringPacking.classify(s);
            if (kind != StringPacking.KIND_UTF8) {
                writeHeader(n, kind);
                ensure(StringPacking.packedLength(kind, n));
                pos = StringPacking.pack(s, kind, buf, pos);
                return;
            }
        }
        // One pass for the usual ASCII string; rewind and take the general path at the first other char.
        int start = pos;
        writeHeader(n, StringPacking.KIND_UTF8);
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                pos = start;
                writeUtf8(s);
                return;
            }
            buf[pos++] = (byte) c;
        }
    }

    private void writeUtf8(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeHeader(utf8.length, StringPacking.KIND_UTF8);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buf, pos, utf8.length);
        pos += utf8.length;
    }

    private void writeHeader(int len, int kind) {
        writeVarLong((((long) len << 3) | kind) + 1);
    }

    private void ensure(int extra) {
        if (pos + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + extra));
        }
    }
}
