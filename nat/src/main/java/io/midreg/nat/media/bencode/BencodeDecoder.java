package io.midreg.nat.media.bencode;

import io.midreg.nat.media.bencode.BencodeException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Decodes bencode (BEP 3) strictly: integers without leading zeros or {@code -0}, byte string
 * lengths without leading zeros, exactly one value with nothing after it. Dictionary keys are
 * accepted in any order, because RTPEngine neither sorts the keys it sends nor requires sorted
 * keys; a key given twice is an error. Every defect is a {@link BencodeException}; nothing else
 * escapes. Stateless and thread-safe.
 */
public final class BencodeDecoder {
    private final BencodeLimits limits;

    public BencodeDecoder(BencodeLimits limits) {
        this.limits = limits;
    }

    public BencodeDecoder() {
        this(BencodeLimits.DEFAULT);
    }

    /** The one value {@code input} holds. */
    public BValue decode(byte[] input) throws BencodeException {
        return decode(input, 0, input.length);
    }

    /** The one value in {@code input[from, from + length)}; offsets in errors count from {@code from}. */
    public BValue decode(byte[] input, int from, int length) throws BencodeException {
        if (from < 0 || length < 0 || from > input.length - length) {
            throw new BencodeException(Reason.TRUNCATED, 0, "range " + from + "+" + length + " outside an input of " + input.length);
        }
        if (length > limits.maxLength()) {
            throw new BencodeException(Reason.TOO_LONG, limits.maxLength(), length + " bytes, limit " + limits.maxLength());
        }
        Cursor c = new Cursor(input, from, from + length);
        BValue value = c.value(0);
        if (c.pos != c.end) throw c.error(Reason.TRAILING_BYTES, (c.end - c.pos) + " bytes after the value");
        return value;
    }

    /** A dictionary, as every ng message is; anything else at the top is {@link Reason#UNEXPECTED_BYTE}. */
    public BDict decodeDict(byte[] input, int from, int length) throws BencodeException {
        if (length > 0 && input[from] != 'd') {
            throw new BencodeException(Reason.UNEXPECTED_BYTE, 0, "a dictionary must start with 'd'");
        }
        return (BDict) decode(input, from, length);
    }

    private final class Cursor {
        private final byte[] in;
        private final int start;
        private final int end;
        private int pos;

        Cursor(byte[] in, int start, int end) {
            this.in = in;
            this.start = start;
            this.end = end;
            this.pos = start;
        }

        BValue value(int depth) throws BencodeException {
            byte b = peek();
            if (b == 'i') return integer();
            if (b >= '0' && b <= '9') return bytes();
            if (b == 'l' || b == 'd') {
                if (depth >= limits.maxDepth()) throw error(Reason.TOO_DEEP, "nesting beyond " + limits.maxDepth());
                return b == 'l' ? list(depth + 1) : dict(depth + 1);
            }
            throw error(Reason.UNEXPECTED_BYTE, "byte 0x" + Integer.toHexString(b & 0xff) + " cannot start a value");
        }

        private BInt integer() throws BencodeException {
            pos++; // 'i'
            int digitsFrom = pos;
            boolean negative = peek() == '-';
            if (negative) pos++;
            int first = pos;
            long value = 0;
            while (peek() != 'e') {
                byte d = in[pos];
                if (d < '0' || d > '9') throw error(Reason.INVALID_INTEGER, "non-digit 0x" + Integer.toHexString(d & 0xff));
                int digit = d - '0';
                // accumulate negatively: Long.MIN_VALUE has no positive twin
                if (value < (Long.MIN_VALUE + digit) / 10) throw error(Reason.INTEGER_OVERFLOW, "integer beyond 64 bits");
                value = value * 10 - digit;
                pos++;
            }
            int digits = pos - first;
            if (digits == 0) throw error(Reason.INVALID_INTEGER, "integer without digits");
            if (in[first] == '0' && (digits > 1 || negative)) {
                throw new BencodeException(Reason.INVALID_INTEGER, digitsFrom - start, "leading zero or -0");
            }
            if (!negative) {
                if (value == Long.MIN_VALUE) throw error(Reason.INTEGER_OVERFLOW, "integer beyond 64 bits");
                value = -value;
            }
            pos++; // 'e'
            return BInt.of(value);
        }

        private BBytes bytes() throws BencodeException {
            int length = length();
            byte[] copy = new byte[length];
            System.arraycopy(in, pos, copy, 0, length);
            pos += length;
            return BBytes.wrap(copy);
        }

        /** The length prefix and its colon; the length fits what is left of the input. */
        private int length() throws BencodeException {
            int first = pos;
            long length = 0;
            while (peek() != ':') {
                byte d = in[pos];
                if (d < '0' || d > '9') throw error(Reason.INVALID_LENGTH, "non-digit in a length");
                length = length * 10 + (d - '0');
                if (length > end) throw error(Reason.INVALID_LENGTH, "length longer than the input");
                pos++;
            }
            if (pos == first) throw error(Reason.INVALID_LENGTH, "length without digits");
            if (in[first] == '0' && pos - first > 1) throw new BencodeException(Reason.INVALID_LENGTH, first - start, "length with a leading zero");
            pos++; // ':'
            if (length > end - pos) throw error(Reason.INVALID_LENGTH, "length " + length + " but " + (end - pos) + " bytes left");
            return (int) length;
        }

        private BList list(int depth) throws BencodeException {
            pos++; // 'l'
            List<BValue> values = new ArrayList<>();
            while (peek() != 'e') values.add(value(depth));
            pos++;
            return new BList(values);
        }

        private BDict dict(int depth) throws BencodeException {
            pos++; // 'd'
            TreeMap<String, BValue> entries = new TreeMap<>(BDict.KEY_ORDER);
            while (peek() != 'e') {
                int keyAt = pos;
                byte b = in[pos];
                if (b < '0' || b > '9') throw error(Reason.INVALID_KEY, "a key must be a byte string");
                String key = key(length());
                if (entries.containsKey(key)) throw new BencodeException(Reason.DUPLICATE_KEY, keyAt - start, "key '" + key + "' given twice");
                BValue value = value(depth);
                entries.put(key, value);
            }
            pos++;
            return BDict.wrap(entries);
        }

        private String key(int length) throws BencodeException {
            int keyAt = pos;
            try {
                String key = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(in, pos, length))
                        .toString();
                pos += length;
                return key;
            } catch (CharacterCodingException e) {
                throw new BencodeException(Reason.INVALID_KEY, keyAt - start, "key is not UTF-8");
            }
        }

        private byte peek() throws BencodeException {
            if (pos >= end) throw error(Reason.TRUNCATED, "input ends inside a value");
            return in[pos];
        }

        BencodeException error(Reason reason, String detail) {
            return new BencodeException(reason, pos - start, detail);
        }
    }
}
