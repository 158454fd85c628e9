package io.midreg.nat.media.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Encodes bencode (BEP 3) canonically: dictionary keys sorted as raw byte strings, integers and
 * lengths in plain decimal. Stateless and thread-safe.
 */
public final class BencodeEncoder {
    private BencodeEncoder() {
    }

    public static byte[] encode(BValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        encodeTo(value, out);
        return out.toByteArray();
    }

    /** Appends the encoding of {@code value} to {@code out}. */
    public static void encodeTo(BValue value, ByteArrayOutputStream out) {
        if (value instanceof BBytes b) {
            bytes(b.unsafeBytes(), out);
        } else if (value instanceof BInt i) {
            out.write('i');
            ascii(Long.toString(i.value()), out);
            out.write('e');
        } else if (value instanceof BList l) {
            out.write('l');
            for (BValue v : l.values()) encodeTo(v, out);
            out.write('e');
        } else {
            out.write('d');
            // BDict keeps its entries in key order already
            for (Map.Entry<String, BValue> e : ((BDict) value).entries().entrySet()) {
                bytes(e.getKey().getBytes(StandardCharsets.UTF_8), out);
                encodeTo(e.getValue(), out);
            }
            out.write('e');
        }
    }

    private static void bytes(byte[] bytes, ByteArrayOutputStream out) {
        ascii(Integer.toString(bytes.length), out);
        out.write(':');
        out.write(bytes, 0, bytes.length);
    }

    private static void ascii(String s, ByteArrayOutputStream out) {
        for (int i = 0; i < s.length(); i++) out.write(s.charAt(i));
    }
}
