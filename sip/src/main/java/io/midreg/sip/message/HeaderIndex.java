package io.midreg.sip.message;

import java.util.Arrays;

/**
 * Where each header field sits in the message bytes. One packed long per field (name start,
 * name end, value start, value end; 16 bits each, messages are at most 64 KiB) and one byte for
 * the {@link HeaderName} ordinal, with the top bit set when the value spans folded lines.
 * Nothing is decoded until asked for.
 */
final class HeaderIndex {
    private static final int FOLDED = 0x80;
    private static final HeaderName[] NAMES = HeaderName.values();

    private long[] spans;
    private byte[] ids;
    private int count;

    HeaderIndex(int capacity) {
        spans = new long[capacity];
        ids = new byte[capacity];
    }

    void add(HeaderName name, int nameStart, int nameEnd, int valueStart, int valueEnd) {
        if (count == spans.length) {
            spans = Arrays.copyOf(spans, count * 2);
            ids = Arrays.copyOf(ids, count * 2);
        }
        spans[count] = ((long) nameStart << 48) | ((long) nameEnd << 32) | ((long) valueStart << 16) | valueEnd;
        ids[count] = (byte) name.ordinal();
        count++;
    }

    /** A continuation line extends the last field's value to {@code valueEnd}. */
    void extendLast(int valueEnd) {
        int i = count - 1;
        spans[i] = (spans[i] & ~0xFFFFL) | valueEnd;
        ids[i] = (byte) (ids[i] | FOLDED);
    }

    int count() {
        return count;
    }

    HeaderName name(int i) {
        return NAMES[ids[i] & 0x7f];
    }

    boolean folded(int i) {
        return (ids[i] & FOLDED) != 0;
    }

    int nameStart(int i) {
        return (int) (spans[i] >>> 48) & 0xFFFF;
    }

    int nameEnd(int i) {
        return (int) (spans[i] >>> 32) & 0xFFFF;
    }

    int valueStart(int i) {
        return (int) (spans[i] >>> 16) & 0xFFFF;
    }

    int valueEnd(int i) {
        return (int) spans[i] & 0xFFFF;
    }

    /** Line start of field {@code i} (its name) — the writer copies whole lines. */
    int lineStart(int i) {
        return nameStart(i);
    }

    int indexOf(HeaderName name, int from) {
        for (int i = from; i < count; i++) {
            if ((ids[i] & 0x7f) == name.ordinal()) return i;
        }
        return -1;
    }
}
