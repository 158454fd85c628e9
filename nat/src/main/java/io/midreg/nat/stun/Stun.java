package io.midreg.nat.stun;

/** The numbers of RFC 5389 this package uses. */
public final class Stun {
    /** RFC 5389 §6: fixed in every message, tells RFC 5389 from RFC 3489 and from other protocols. */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** The message header: type, length, magic cookie, transaction id. */
    public static final int HEADER_LENGTH = 20;

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_INDICATION = 0x0011;
    public static final int BINDING_SUCCESS_RESPONSE = 0x0101;

    /** RFC 3489 §11.2.1: the reflexive address in the clear, for clients older than RFC 5389. */
    public static final int MAPPED_ADDRESS = 0x0001;
    /** RFC 5389 §15.2: the reflexive address xor'd with the cookie (and transaction id), so NATs leave it alone. */
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    /** RFC 5389 §15.5: CRC-32 of the message before it, xor'd with {@link #FINGERPRINT_XOR}. */
    public static final int FINGERPRINT = 0x8028;
    /** "STUN" in ASCII: keeps the fingerprint apart from CRCs other protocols on the port might carry. */
    public static final int FINGERPRINT_XOR = 0x5354554E;

    static final int FAMILY_IPV4 = 0x01;
    static final int FAMILY_IPV6 = 0x02;

    private Stun() {
    }
}
