package io.midreg.nat.media.ng;

import io.midreg.nat.media.bencode.BBytes;

/**
 * What an offer or answer returns: the SDP rewritten to RTPEngine's address and ports, to be sent
 * on in place of the original.
 */
public record SdpResult(BBytes sdp, NgReply reply) {
    /** The rewritten SDP body, a copy. */
    public byte[] sdpBytes() {
        return sdp.bytes();
    }
}
