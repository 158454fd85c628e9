package io.midreg.nat.stun;

/** Why a datagram on a SIP port that looked like STUN was dropped (RFC 5389 §7.3). */
public enum StunError {
    /** Shorter than the 20-byte header. */
    TOO_SHORT,
    /** The two high bits of the first byte are not zero: not STUN at all (RFC 5389 §6). */
    NOT_STUN,
    /** The length field is not a multiple of 4 (RFC 5389 §6: attributes are padded). */
    LENGTH_NOT_MULTIPLE_OF_FOUR,
    /** The length field does not match the datagram: truncated, or followed by junk. */
    LENGTH_MISMATCH,
    /** An attribute's value runs past the end of the message. */
    ATTRIBUTE_OVERRUN,
    /** Something follows FINGERPRINT, which must be the last attribute (RFC 5389 §15.5). */
    FINGERPRINT_NOT_LAST,
    /** FINGERPRINT has the wrong size or does not match the CRC-32 of the message. */
    FINGERPRINT_MISMATCH
}
