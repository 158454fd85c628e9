package io.midreg.nat.media.ng;

import io.midreg.nat.media.bencode.BBytes;
import io.midreg.nat.media.bencode.BDict;
import java.util.Objects;
import java.util.Optional;

/**
 * An ng {@code offer}: the SDP offer of one party, which RTPEngine rewrites to its own address.
 * {@code fromTag} is the tag of the party that made this offer (the From tag of an INVITE, the
 * To tag when the offer comes in a 2xx: late offer). {@code viaBranch} gives each branch of a
 * forked INVITE its own media session.
 */
public record OfferRequest(String callId, String fromTag, Optional<String> viaBranch, BBytes sdp, SdpOptions options) {
    public OfferRequest {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(fromTag, "fromTag");
        Objects.requireNonNull(viaBranch, "viaBranch");
        Objects.requireNonNull(sdp, "sdp");
        Objects.requireNonNull(options, "options");
    }

    public static OfferRequest of(String callId, String fromTag, byte[] sdp) {
        return new OfferRequest(callId, fromTag, Optional.empty(), BBytes.of(sdp), SdpOptions.NONE);
    }

    public OfferRequest viaBranch(String branch) {
        return new OfferRequest(callId, fromTag, Optional.of(branch), sdp, options);
    }

    public OfferRequest options(SdpOptions newOptions) {
        return new OfferRequest(callId, fromTag, viaBranch, sdp, newOptions);
    }

    BDict toDict() {
        return NgKeys.sdpCommand("offer", callId, fromTag, Optional.empty(), viaBranch, sdp, options);
    }
}
