package io.midreg.nat.stun;

/** What {@link StunCodec#decode} made of a datagram: a message, or the reason it is none. */
public sealed interface StunDecodeResult {

    /** A well-formed message. */
    record Decoded(StunMessage message) implements StunDecodeResult {
    }

    /** Not a well-formed STUN message; dropped, and counted by its reason. */
    record Malformed(StunError error) implements StunDecodeResult {
    }
}
