package io.midreg.nat.media.ng;

import io.midreg.nat.media.bencode.BDict;
import java.time.Duration;
import java.util.Optional;

/**
 * A reply RTPEngine gave with {@code result} other than {@code error}.
 *
 * @param body      the whole reply dictionary
 * @param tries     how many times the request was sent before this reply came (1: no retransmission)
 * @param roundTrip from the first send to the reply
 */
public record NgReply(BDict body, int tries, Duration roundTrip) {
    /** {@code ok}, or {@code pong} for a ping. */
    public String result() {
        return body.string("result").orElse("");
    }

    /** RTPEngine's {@code warning}: something it noticed but did anyway (non-fatal, e.g. "Call-ID not found" on delete). */
    public Optional<String> warning() {
        return body.string("warning");
    }
}
