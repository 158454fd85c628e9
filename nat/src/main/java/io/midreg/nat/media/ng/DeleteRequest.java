package io.midreg.nat.media.ng;

import io.midreg.nat.media.bencode.BDict;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An ng {@code delete}. With the call-id (and from-tag) alone the whole call goes; a
 * {@code viaBranch} deletes only that branch's media session (the losing branch of a fork), and
 * a to-tag with the {@code to-tag} flag only that dialog. RTPEngine keeps a deleted call for
 * {@code --delete-delay} seconds (30 by default) unless {@code deleteDelay} says otherwise.
 *
 * @param flags e.g. {@code fatal} (an error for an unknown call instead of a warning), {@code fast}
 *              (no statistics in the reply), {@code to-tag}
 */
public record DeleteRequest(String callId, Optional<String> fromTag, Optional<String> toTag, Optional<String> viaBranch,
                            List<String> flags, OptionalInt deleteDelaySeconds) {
    public DeleteRequest {
        Objects.requireNonNull(callId, "callId");
        flags = List.copyOf(flags);
    }

    /** Deletes the whole call. */
    public static DeleteRequest of(String callId, String fromTag) {
        return new DeleteRequest(callId, Optional.of(fromTag), Optional.empty(), Optional.empty(), List.of(), OptionalInt.empty());
    }

    public DeleteRequest toTag(String tag) {
        return new DeleteRequest(callId, fromTag, Optional.of(tag), viaBranch, flags, deleteDelaySeconds);
    }

    public DeleteRequest viaBranch(String branch) {
        return new DeleteRequest(callId, fromTag, toTag, Optional.of(branch), flags, deleteDelaySeconds);
    }

    public DeleteRequest flag(String flag) {
        List<String> more = new ArrayList<>(flags);
        more.add(flag);
        return new DeleteRequest(callId, fromTag, toTag, viaBranch, more, deleteDelaySeconds);
    }

    public DeleteRequest deleteDelay(int seconds) {
        return new DeleteRequest(callId, fromTag, toTag, viaBranch, flags, OptionalInt.of(seconds));
    }

    BDict toDict() {
        BDict.Builder d = BDict.builder().put("command", "delete").put("call-id", callId);
        fromTag.ifPresent(t -> d.put("from-tag", t));
        toTag.ifPresent(t -> d.put("to-tag", t));
        viaBranch.ifPresent(b -> d.put("via-branch", b));
        if (!flags.isEmpty()) d.put("flags", flags);
        deleteDelaySeconds.ifPresent(s -> d.put("delete-delay", s));
        return d.build();
    }
}
