package io.midreg.nat.stun;

import java.util.Map;

/**
 * What the STUN responder did since start.
 *
 * @param answered    Binding requests answered (RFC 5389 and RFC 3489 clients)
 * @param indications Binding indications: keep-alives that want no answer (RFC 5389 §10)
 * @param ignored     well-formed messages that are neither (responses, other methods), dropped
 * @param malformed   dropped datagrams by reason, every reason present
 */
public record StunStats(long answered, long indications, long ignored, Map<StunError, Long> malformed) {
    public StunStats {
        malformed = Map.copyOf(malformed);
    }

    /** All zero: what a server without the responder reports. */
    public static StunStats none() {
        Map<StunError, Long> zero = new java.util.EnumMap<>(StunError.class);
        for (StunError e : StunError.values()) zero.put(e, 0L);
        return new StunStats(0, 0, 0, zero);
    }

    public long malformedTotal() {
        return malformed.values().stream().mapToLong(Long::longValue).sum();
    }
}
