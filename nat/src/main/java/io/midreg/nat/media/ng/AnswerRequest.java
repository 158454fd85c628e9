package io.midreg.nat.media.ng;

import io.midreg.nat.media.bencode.BBytes;
import io.midreg.nat.media.bencode.BDict;
import java.util.Objects;
import java.util.Optional;

/**
 * An ng {@code answer}: the SDP answer to an earlier offer of the same call. {@code fromTag} is
 * the offerer's tag (as in the offer), {@code toTag} the answerer's; {@code viaBranch} names the
 * branch whose offer this answers.
 */
public record AnswerRequest(String callId, String fromTag, String toTag, Optional<String> viaBranch, BBytes sdp, SdpOptions options) {
    public AnswerRequest {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(fromTag, "fromTag");
        Objects.requireNonNull(toTag, "toTag");
        Objects.requireNonNull(viaBranch, "viaBranch");
        Objects.requireNonNull(sdp, "sdp");
        Objects.requireNonNull(options, "options");
    }

    public static AnswerRequest of(String callId, String fromTag, String toTag, byte[] sdp) {
        return new AnswerRequest(callId, fromTag, toTag, Optional.empty(), BBytes.of(sdp), SdpOptions.NONE);
    }

    public AnswerRequest viaBranch(String branch) {
        return new AnswerRequest(callId, fromTag, toTag, Optional.of(branch), sdp, options);
    }

    public AnswerRequest options(SdpOptions newOptions) {
        return new AnswerRequest(callId, fromTag, toTag, viaBranch, sdp, newOptions);
    }

    BDict toDict() {
        return NgKeys.sdpCommand("answer", callId, fromTag, Optional.of(toTag), viaBranch, sdp, options);
    }
}
