package io.midreg.nat.media.ng;

import io.midreg.nat.media.bencode.BBytes;
import io.midreg.nat.media.bencode.BDict;
import java.util.Optional;

/**
 * The ng keys offer and answer share. Keys are written with hyphens ("call-id", "via-branch"),
 * the spelling RTPEngine documents (it also accepts spaces in place of the hyphens).
 */
final class NgKeys {
    private NgKeys() {
    }

    static BDict sdpCommand(String command, String callId, String fromTag, Optional<String> toTag, Optional<String> viaBranch,
                            BBytes sdp, SdpOptions options) {
        BDict.Builder d = BDict.builder();
        options.putInto(d); // first: the core keys below win over an 'extra' of the same name
        d.put("command", command).put("call-id", callId).put("from-tag", fromTag).put("sdp", sdp);
        toTag.ifPresent(t -> d.put("to-tag", t));
        viaBranch.ifPresent(b -> d.put("via-branch", b));
        return d.build();
    }
}
