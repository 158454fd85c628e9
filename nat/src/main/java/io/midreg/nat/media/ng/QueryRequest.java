package io.midreg.nat.media.ng;

import io.midreg.nat.media.bencode.BDict;
import java.util.Objects;
import java.util.Optional;

/** An ng {@code query}: a call's parties, streams and packet counters. */
public record QueryRequest(String callId, Optional<String> fromTag, Optional<String> toTag) {
    public QueryRequest {
        Objects.requireNonNull(callId, "callId");
    }

    public static QueryRequest of(String callId) {
        return new QueryRequest(callId, Optional.empty(), Optional.empty());
    }

    public QueryRequest fromTag(String tag) {
        return new QueryRequest(callId, Optional.of(tag), toTag);
    }

    public QueryRequest toTag(String tag) {
        return new QueryRequest(callId, fromTag, Optional.of(tag));
    }

    BDict toDict() {
        BDict.Builder d = BDict.builder().put("command", "query").put("call-id", callId);
        fromTag.ifPresent(t -> d.put("from-tag", t));
        toTag.ifPresent(t -> d.put("to-tag", t));
        return d.build();
    }
}
