package io.midreg.nat.stun;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The address attributes (RFC 5389 §15.1, §15.2): family, port and address, in the clear
 * (MAPPED-ADDRESS) or xor'd with the magic cookie and, for IPv6, the transaction id
 * (XOR-MAPPED-ADDRESS), so that NATs rewriting addresses they find in payloads leave it alone.
 */
public final class StunAddresses {
    private StunAddresses() {
    }

    /** XOR-MAPPED-ADDRESS of {@code address} for the transaction {@code id} (an RFC 5389 one). */
    public static StunAttribute xorMapped(InetSocketAddress address, TransactionId id) {
        return new StunAttribute(Stun.XOR_MAPPED_ADDRESS, encode(address, mask(id)));
    }

    /** MAPPED-ADDRESS of {@code address}: what an RFC 3489 client reads. */
    public static StunAttribute mapped(InetSocketAddress address) {
        return new StunAttribute(Stun.MAPPED_ADDRESS, encode(address, new byte[18]));
    }

    /**
     * The address an XOR-MAPPED-ADDRESS value names; empty when it is not one of IPv4 or IPv6, or
     * when the message is an RFC 3489 one (no magic cookie to unmask it with: a peer may send the
     * attribute there, and it names nothing).
     */
    public static Optional<InetSocketAddress> readXorMapped(StunAttribute attribute, TransactionId id) {
        if (attribute.type() != Stun.XOR_MAPPED_ADDRESS || id.classic()) return Optional.empty();
        return decode(attribute.value(), mask(id));
    }

    /** The address a MAPPED-ADDRESS value names; empty when it is not one of IPv4 or IPv6. */
    public static Optional<InetSocketAddress> readMapped(StunAttribute attribute) {
        return attribute.type() == Stun.MAPPED_ADDRESS ? decode(attribute.value(), new byte[18]) : Optional.empty();
    }

    /** Port mask (2 bytes), then address mask (16): the cookie, then the transaction id. */
    private static byte[] mask(TransactionId id) {
        if (id.classic()) throw new IllegalArgumentException("XOR-MAPPED-ADDRESS needs an RFC 5389 transaction id");
        ByteBuffer mask = ByteBuffer.allocate(18);
        mask.putShort((short) (Stun.MAGIC_COOKIE >>> 16)).putInt(Stun.MAGIC_COOKIE).put(id.bytes());
        return mask.array();
    }

    private static byte[] encode(InetSocketAddress address, byte[] mask) {
        byte[] ip = address.getAddress().getAddress();
        byte[] value = new byte[4 + ip.length];
        value[1] = (byte) (ip.length == 4 ? Stun.FAMILY_IPV4 : Stun.FAMILY_IPV6);
        int port = address.getPort();
        value[2] = (byte) ((port >>> 8) ^ mask[0]);
        value[3] = (byte) (port ^ mask[1]);
        for (int i = 0; i < ip.length; i++) value[4 + i] = (byte) (ip[i] ^ mask[2 + i]);
        return value;
    }

    private static Optional<InetSocketAddress> decode(byte[] value, byte[] mask) {
        int family = value.length >= 2 ? value[1] : -1;
        int ipLength = family == Stun.FAMILY_IPV4 ? 4 : family == Stun.FAMILY_IPV6 ? 16 : -1;
        if (ipLength < 0 || value.length != 4 + ipLength) return Optional.empty();
        int port = (((value[2] ^ mask[0]) & 0xFF) << 8) | ((value[3] ^ mask[1]) & 0xFF);
        byte[] ip = new byte[ipLength];
        for (int i = 0; i < ipLength; i++) ip[i] = (byte) (value[4 + i] ^ mask[2 + i]);
        try {
            InetAddress address = InetAddress.getByAddress(ip);
            return Optional.of(new InetSocketAddress(address, port));
        } catch (UnknownHostException e) {
            return Optional.empty(); // cannot happen for 4 or 16 bytes
        }
    }

    static boolean isIpv4(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address;
    }
}
