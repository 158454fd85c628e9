package io.midreg.nat.media.ng;

import io.midreg.nat.media.bencode.BDict;
import io.midreg.nat.media.bencode.BencodeEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The ng datagram: the cookie, one space, then the bencoded dictionary. The cookie is what ties a
 * reply to its request; it is ASCII without spaces.
 */
final class NgFrame {
    /** Longer cookies than this are not ours: the reply is not looked up. */
    static final int MAX_COOKIE = 64;

    private NgFrame() {
    }

    static byte[] encode(String cookie, BDict message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        byte[] c = cookie.getBytes(StandardCharsets.US_ASCII);
        out.write(c, 0, c.length);
        out.write(' ');
        BencodeEncoder.encodeTo(message, out);
        return out.toByteArray();
    }

    /** The cookie at the start of {@code datagram}, or null when there is no space within {@link #MAX_COOKIE} bytes. */
    static String cookie(byte[] datagram) {
        int limit = Math.min(datagram.length, MAX_COOKIE + 1);
        for (int i = 0; i < limit; i++) {
            if (datagram[i] == ' ') return i == 0 ? null : new String(datagram, 0, i, StandardCharsets.US_ASCII);
        }
        return null;
    }
}
