package io.midreg.nat.stun;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Reads and writes STUN messages (RFC 5389 §6, §15). Decoding never throws: whatever a peer
 * sends, the answer is a message or a {@link StunError}. Attributes are kept as bytes; the few
 * this package understands have their own readers ({@link StunAddresses}).
 */
public final class StunCodec {
    private static final int ATTRIBUTE_HEADER = 4;
    private static final int FINGERPRINT_ATTRIBUTE_LENGTH = ATTRIBUTE_HEADER + 4;

    private StunCodec() {
    }

    /**
     * Decodes one datagram, from its position to its limit (the buffer's position is left alone).
     * A message with the magic cookie is checked as RFC 5389 asks: length a multiple of 4 and equal
     * to what follows the header, FINGERPRINT last and right. One without the cookie is an RFC 3489
     * message with a 16-byte transaction id.
     */
    public static StunDecodeResult decode(ByteBuffer datagram) {
        int start = datagram.position();
        int size = datagram.remaining();
        if (size < Stun.HEADER_LENGTH) return new StunDecodeResult.Malformed(StunError.TOO_SHORT);
        if ((datagram.get(start) & 0xC0) != 0) return new StunDecodeResult.Malformed(StunError.NOT_STUN);
        int type = datagram.getShort(start) & 0x3FFF;
        int length = datagram.getShort(start + 2) & 0xFFFF;
        if (length % 4 != 0) return new StunDecodeResult.Malformed(StunError.LENGTH_NOT_MULTIPLE_OF_FOUR);
        if (Stun.HEADER_LENGTH + length != size) return new StunDecodeResult.Malformed(StunError.LENGTH_MISMATCH);
        boolean cookie = datagram.getInt(start + 4) == Stun.MAGIC_COOKIE;
        byte[] id = new byte[cookie ? TransactionId.LENGTH : TransactionId.CLASSIC_LENGTH];
        datagram.get(start + Stun.HEADER_LENGTH - id.length, id);
        List<StunAttribute> attributes = new ArrayList<>();
        int end = start + size;
        int at = start + Stun.HEADER_LENGTH;
        boolean fingerprintSeen = false;
        while (at < end) { // every turn moves at least 4 bytes on
            if (fingerprintSeen) return new StunDecodeResult.Malformed(StunError.FINGERPRINT_NOT_LAST);
            if (end - at < ATTRIBUTE_HEADER) return new StunDecodeResult.Malformed(StunError.ATTRIBUTE_OVERRUN);
            int attributeType = datagram.getShort(at) & 0xFFFF;
            int valueLength = datagram.getShort(at + 2) & 0xFFFF;
            int padded = (valueLength + 3) & ~3;
            if (padded > end - at - ATTRIBUTE_HEADER) return new StunDecodeResult.Malformed(StunError.ATTRIBUTE_OVERRUN);
            byte[] value = new byte[valueLength];
            datagram.get(at + ATTRIBUTE_HEADER, value);
            if (attributeType == Stun.FINGERPRINT && cookie) {
                if (valueLength != 4 || ByteBuffer.wrap(value).getInt() != fingerprint(datagram, start, at)) {
                    return new StunDecodeResult.Malformed(StunError.FINGERPRINT_MISMATCH);
                }
                fingerprintSeen = true;
            }
            attributes.add(new StunAttribute(attributeType, value));
            at += ATTRIBUTE_HEADER + padded;
        }
        return new StunDecodeResult.Decoded(new StunMessage(type, TransactionId.of(id), attributes));
    }

    /**
     * Encodes a message, padding attribute values with zeros. With {@code fingerprint} an RFC 5389
     * message ends in a FINGERPRINT attribute (RFC 5389 §15.5); an RFC 3489 message never does.
     */
    public static byte[] encode(StunMessage message, boolean fingerprint) {
        boolean classic = message.transactionId().classic();
        boolean withFingerprint = fingerprint && !classic;
        int length = 0;
        for (StunAttribute a : message.attributes()) length += a.encodedLength();
        if (withFingerprint) length += FINGERPRINT_ATTRIBUTE_LENGTH;
        if (length > 0xFFFF) throw new IllegalArgumentException("message too long for STUN: " + length);
        ByteBuffer out = ByteBuffer.allocate(Stun.HEADER_LENGTH + length);
        out.putShort((short) message.type()).putShort((short) length);
        if (!classic) out.putInt(Stun.MAGIC_COOKIE);
        out.put(message.transactionId().bytes());
        for (StunAttribute a : message.attributes()) {
            byte[] value = a.value();
            out.putShort((short) a.type()).putShort((short) value.length).put(value);
            out.position(out.position() + ((4 - value.length % 4) % 4)); // zero padding
        }
        if (withFingerprint) {
            int crc = fingerprint(out, 0, out.position());
            out.putShort((short) Stun.FINGERPRINT).putShort((short) 4).putInt(crc);
        }
        return out.array();
    }

    /** RFC 5389 §15.5: CRC-32 (as in IEEE 802.3) of {@code [from, to)} xor'd with "STUN". */
    static int fingerprint(ByteBuffer message, int from, int to) {
        CRC32 crc = new CRC32();
        crc.update(message.duplicate().limit(to).position(from));
        return (int) crc.getValue() ^ Stun.FINGERPRINT_XOR;
    }
}
