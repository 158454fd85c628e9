package io.midreg.sip.transport;

import java.nio.ByteBuffer;

/**
 * Takes the datagrams arriving on a UDP SIP port that are not SIP, so another protocol can share
 * the port without the transport knowing it. The transport tells them apart by the first byte
 * (RFC 7983 §7, RFC 5626 §4.4.2): a SIP message starts with a letter (or CR/LF before the start
 * line), while a STUN message starts with two zero bits. Only datagrams whose first byte is below
 * 0x40 and is neither CR nor LF come here; without a handler they go to the SIP parser as before.
 *
 * <p>Called on the receiving socket's event loop: it must not block, and what it throws is logged
 * and the datagram dropped.
 */
@FunctionalInterface
public interface NonSipDatagramHandler {

    /**
     * @param datagram the datagram, read only and valid during this call only (copy what is kept)
     * @param flow the socket it arrived on and its sender
     * @return the datagram to send back to the sender from the same socket, or null for none
     */
    ByteBuffer onDatagram(ByteBuffer datagram, Flow flow);

    /**
     * Whether a datagram starting with {@code firstByte} cannot be SIP: its two high bits are zero
     * (STUN, ZRTP, DTLS per RFC 7983) and it is not the CR or LF of a keep-alive or of the empty
     * lines a SIP message may start with (RFC 3261 §7.5).
     */
    static boolean isNonSip(byte firstByte) {
        return (firstByte & 0xC0) == 0 && firstByte != '\r' && firstByte != '\n';
    }
}
