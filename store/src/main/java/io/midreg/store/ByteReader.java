package io.midreg.store;

import java.nio.charset.StandardCharsets;

/**
 * Reads the primitives written by {@link ByteWriter} from {@code [offset, offset + length)} of an
 * array, checking every read against the end so a damaged record fails with
 * {@link MalformedRecordException} instead of running off into other data.
 */
final class ByteReader {

    private final byte[] buf;
    private final int end;
    private int pos;
    private long previousTime;

    ByteReader(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
    }

    boolean atEnd() {
        return pos == end;
    }

    int remaining() {
        return end - pos;
    }

    int readByte() {
        require(1);
        return buf[pos++] & 0xFF;
    }

    long readVarLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            require(1);
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new MalformedRecordException("varint longer than 10 bytes");
    }

    int readVarInt() {
        long v = readVarLong();
        if (v > 0xFFFF_FFFFL) {
            throw new MalformedRecordException("varint does not fit an int: " + v);
        }
        return (int) v;
    }

    /** A non-negative count, bounded by the bytes left (every element takes at least one byte). */
    int readCount() {
        int n = readVarInt();
        if (n < 0 || n > remaining()) {
            throw new MalformedRecordException("count " + n + " exceeds the " + remaining() + " bytes left");
        }
        return n;
    }

    long readTime() {
        long v = readVarLong();
        if (v == 0) {
            return 0;
        }
        long zigzag = v - 1;
        long delta = (zigzag >>> 1) ^ -(zigzag & 1);
        previousTime += delta;
        return previousTime;
    }

    String readString() {
        long header = readVarLong();
        if (header == 0) {
            return null;
        }
        long v = header - 1;
        int kind = (int) (v & 7);
        long len = v >>> 3;
        if (len > Integer.MAX_VALUE) {
            throw new MalformedRecordException("string length " + len);
        }
        int n = (int) len;
        switch (kind) {
            case StringPacking.KIND_UTF8: {
                require(n);
                String s = new String(buf, pos, n, StandardCharsets.UTF_8);
                pos += n;
                return s;
            }
            case StringPacking.KIND_HEX_LOWER:
            case StringPacking.KIND_HEX_UPPER:
            case StringPacking.KIND_BASE64URL: {
                int packed = StringPacking.packedLength(kind, n);
                require(packed);
                String s = StringPacking.unpack(kind, n, buf, pos);
                pos += packed;
                return s;
            }
            case StringPacking.KIND_UUID_URN: {
                if (n > 1) {
                    throw new MalformedRecordException("unknown UUID URN form " + n);
                }
                require(16);
                String s = StringPacking.unpackUuid(n, buf, pos);
                pos += 16;
                return s;
            }
            default:
                throw new MalformedRecordException("unknown string kind " + kind);
        }
    }

    /** Skips a string that must be present (its absence is a damaged record, as when it is read). */
    void skipRequiredString(String field) {
        if (!skipString()) {
            throw new MalformedRecordException(field + " missing");
        }
    }

    /** Skips a string without building it (used by the index rebuild, which only needs times); false when absent. */
    boolean skipString() {
        long header = readVarLong();
        if (header == 0) {
            return false;
        }
        long v = header - 1;
        int kind = (int) (v & 7);
        long len = v >>> 3;
        if (len > Integer.MAX_VALUE) {
            throw new MalformedRecordException("string length " + len);
        }
        int n = (int) len;
        int bytes;
        switch (kind) {
            case StringPacking.KIND_UTF8:
                bytes = n;
                break;
            case StringPacking.KIND_HEX_LOWER:
            case StringPacking.KIND_HEX_UPPER:
            case StringPacking.KIND_BASE64URL:
                bytes = StringPacking.packedLength(kind, n);
                break;
            case StringPacking.KIND_UUID_URN:
                if (n > 1) {
                    throw new MalformedRecordException("unknown UUID URN form " + n);
                }
                bytes = 16;
                break;
            default:
                throw new MalformedRecordException("unknown string kind " + kind);
        }
        require(bytes);
        pos += bytes;
        return true;
    }

    private void require(int n) {
        if (n < 0 || n > end - pos) {
            throw new MalformedRecordException("record ends early: need " + n + " bytes, " + (end - pos) + " left");
        }
    }
}
